import type { ServiceName } from './envelope';

/**
 * The versioned topic catalogue. Names follow `<producer>.<internal|external>.<entity>.<event>.v<N>`:
 * `external` topics are documented for regulator subscribers, `internal` ones are between our services.
 * A breaking change to a payload gets a new version (a new topic); consumers move over deliberately.
 */
export interface TopicDefinition {
  readonly name: string;
  readonly messageType: string;
  readonly version: number;
  readonly producer: ServiceName;
  readonly audience: 'internal' | 'external';
  readonly key: string;
  readonly description: string;
}

function topic(def: Omit<TopicDefinition, 'name'> & { entity: string; event: string }): TopicDefinition {
  const { entity, event, ...rest } = def;
  return { ...rest, name: `${def.producer}.${def.audience}.${entity}.${event}.v${def.version}` };
}

export const Topics = {
  ImportOrderAccepted: topic({
    producer: 'gateway',
    audience: 'external',
    entity: 'import-order',
    event: 'accepted',
    version: 1,
    messageType: 'ImportOrderAccepted',
    key: 'ebpCode:orderNo',
    description:
      'A CEB311 import order accepted at the single window (validated, stored in the message log).',
  }),
  DocumentReceipt: topic({
    producer: 'customs',
    audience: 'external',
    entity: 'document-receipt',
    event: 'issued',
    version: 1,
    messageType: 'DocumentReceipt',
    key: 'ebpCode:orderNo',
    description: 'A customs receipt for a declared document (CEB returnStatus, returnTime, returnInfo).',
  }),
} as const satisfies Record<string, TopicDefinition>;

export type TopicName = (typeof Topics)[keyof typeof Topics]['name'];

export const DLT_SUFFIX = '.dlt';
export const deadLetterTopic = (topicName: string): string => `${topicName}${DLT_SUFFIX}`;

export const allTopics = (): TopicDefinition[] => Object.values(Topics);

/** Kafka key of every document of one order: platform code + order number. */
export const orderKey = (ebpCode: string, orderNo: string): string => `${ebpCode}:${orderNo}`;
