import {
  AclEntry,
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ResourcePatternTypes,
} from 'kafkajs';

import {
  agencyTopics,
  consumerGroupPrefix,
  type RegulatorAgency,
  type TopicDefinition,
} from '@swx/contracts';

/** The broker principal of a client authenticated with a Kafka token: `sub` is the client id. */
export const kafkaPrincipal = (clientId: string): string => `User:${clientId}`;

/**
 * The ACLs of a regulator client, and nothing else: READ and DESCRIBE on each external topic its agency is
 * entitled to (literal names), READ on the consumer groups that start with `<agency>.<clientId>.`. No WRITE, no
 * CREATE, no cluster or transactional-id rights; every other topic and group is refused by the broker.
 */
export function kafkaAclsFor(
  clientId: string,
  agency: RegulatorAgency,
  topics: readonly TopicDefinition[] = agencyTopics(agency),
): AclEntry[] {
  const grant = { principal: kafkaPrincipal(clientId), host: '*', permissionType: AclPermissionTypes.ALLOW };
  const topicAcls = topics.flatMap((t) =>
    [AclOperationTypes.READ, AclOperationTypes.DESCRIBE].map((operation) => ({
      ...grant,
      operation,
      resourceType: AclResourceTypes.TOPIC,
      resourceName: t.name,
      resourcePatternType: ResourcePatternTypes.LITERAL,
    })),
  );
  return [
    ...topicAcls,
    {
      ...grant,
      operation: AclOperationTypes.READ,
      resourceType: AclResourceTypes.GROUP,
      resourceName: consumerGroupPrefix(agency, clientId),
      resourcePatternType: ResourcePatternTypes.PREFIXED,
    },
  ];
}

/** A stable identity of an ACL binding, to compare what is granted with what should be. */
export const aclKey = (acl: AclEntry): string =>
  [
    acl.resourceType,
    acl.resourcePatternType,
    acl.resourceName,
    acl.principal,
    acl.host,
    acl.operation,
    acl.permissionType,
  ].join('|');
