import type { Type } from '@nestjs/common';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { getMetadataStorage } from 'class-validator';
import { targetConstructorToSchema } from 'class-validator-jsonschema';

import {
  AGENCY_TOPICS,
  agencyTopics,
  KAFKA_TOKEN,
  REGULATOR_AGENCIES,
  type RegulatorAgency,
} from '../agency-topics';
import { RETAIN_FOREVER, TOPIC_RETENTION_MS } from '../retention';
import { allTopics, type TopicDefinition } from '../topics';
import { exampleOf } from './examples';

type Schema = Record<string, unknown>;

// class-transformer's metadata of @Type(): the schema generator needs it to follow nested classes.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: MetadataStorage;
};

const SCHEMA_OPTIONS = {
  classTransformerMetadataStorage: defaultMetadataStorage,
  refPointerPrefix: '#/components/schemas/',
};

/** Every class reachable from `root` through nested (`@Type`) properties, by class name. */
function collectClasses(root: Type<unknown>, into: Map<string, Type<unknown>>): void {
  const stack: Type<unknown>[] = [root];
  while (stack.length > 0) {
    const cls = stack.pop()!;
    const known = into.get(cls.name);
    if (known === cls) continue;
    if (known) throw new Error(`two payload classes are named ${cls.name}: schema names must be unique`);
    into.set(cls.name, cls);
    const properties = getMetadataStorage()
      .getTargetValidationMetadatas(cls, '', true, false)
      .map((m) => m.propertyName);
    for (const property of new Set(properties)) {
      const nested = defaultMetadataStorage.findTypeMetadata(cls, property)?.typeFunction();
      if (typeof nested === 'function' && nested !== String && nested !== Number && nested !== Object) {
        stack.push(nested as Type<unknown>);
      }
    }
  }
}

/**
 * The AsyncAPI 3.0 document of the platform's event topics, derived from the topic catalogue alone: every topic
 * with its key and the schema of its payload class (the class consumers validate with). External topics are
 * the ones regulator systems may subscribe to.
 */
export function asyncApiDocument(): Record<string, unknown> {
  const reachable = new Map<string, Type<unknown>>();
  const schemas: Record<string, Schema> = {};
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const topics: TopicDefinition[] = allTopics();
  const readers = new Map<string, RegulatorAgency[]>();
  for (const agency of REGULATOR_AGENCIES) {
    for (const t of agencyTopics(agency, topics))
      readers.set(t.name, [...(readers.get(t.name) ?? []), agency]);
  }
  for (const topic of topics) {
    const agencies = readers.get(topic.name) ?? [];
    const agencyTags = agencies.map((agency) => ({ name: `agency:${agency}` }));
    const payload = topic.payload;
    collectClasses(payload, reachable);
    messages[topic.messageType] = {
      name: topic.messageType,
      title: topic.messageType,
      summary: topic.description,
      contentType: 'application/json',
      headers: { $ref: '#/components/schemas/PlatformHeaders' },
      payload: {
        type: 'object',
        description: 'The platform envelope; `payload` carries the message.',
        required: ['id', 'type', 'version', 'occurredAt', 'producer', 'key', 'correlationId', 'payload'],
        properties: {
          id: { type: 'string', format: 'uuid', description: 'Message id: consumers deduplicate on it' },
          type: { type: 'string', const: topic.messageType },
          version: { type: 'integer', const: topic.version },
          occurredAt: { type: 'string', format: 'date-time' },
          producer: { type: 'string', const: topic.producer },
          key: { type: 'string', description: `Kafka key: ${topic.keyDescription}` },
          correlationId: { type: 'string' },
          causationId: { type: 'string' },
          payload: { $ref: `#/components/schemas/${payload.name}` },
        },
      },
    };
    channels[topic.messageType] = {
      address: topic.name,
      title: topic.name,
      description:
        `${topic.description} Audience: ${topic.audience}. Key: ${topic.keyDescription}. Dead letters: ${topic.name}.dlt.` +
        (agencies.length > 0 ? ` Regulators who may read it: ${agencies.join(', ')}.` : '') +
        (TOPIC_RETENTION_MS[topic.name] === RETAIN_FOREVER
          ? ' Kept forever (retention.ms -1): the statistics service rebuilds its figures from its first message.'
          : ''),
      messages: { [topic.messageType]: { $ref: `#/components/messages/${topic.messageType}` } },
      servers:
        agencies.length > 0
          ? [{ $ref: '#/servers/regulators' }, { $ref: '#/servers/local' }, { $ref: '#/servers/internal' }]
          : [{ $ref: '#/servers/internal' }],
      ...(agencyTags.length > 0 && { tags: agencyTags }),
      ...(TOPIC_RETENTION_MS[topic.name] !== undefined && {
        bindings: {
          kafka: {
            topicConfiguration: { 'retention.ms': Number(TOPIC_RETENTION_MS[topic.name]) },
            bindingVersion: '0.5.0',
          },
        },
      }),
    };
    operations[`publish${topic.messageType}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${topic.messageType}` },
      summary: `${topic.producer} publishes ${topic.messageType}`,
      ...(topic.audience === 'external' ? { tags: [{ name: 'regulators may subscribe' }] } : {}),
    };
    if (agencies.length > 0) {
      operations[`receive${topic.messageType}`] = {
        action: 'receive',
        channel: { $ref: `#/channels/${topic.messageType}` },
        summary: `Regulators of ${agencies.join(', ')} read ${topic.messageType}`,
        description:
          'On the regulators listener, with a Kafka token (SASL/OAUTHBEARER) and a consumer group starting with ' +
          '`<agency>.<clientId>.`; the broker refuses every other agency.',
        security: [{ $ref: '#/components/securitySchemes/kafkaToken' }],
        tags: agencyTags,
      };
    }
  }
  for (const [name, cls] of reachable)
    schemas[name] = targetConstructorToSchema(cls, SCHEMA_OPTIONS) as Schema;
  for (const topic of topics) {
    const payload = exampleOf({ $ref: `#/components/schemas/${topic.payload.name}` }, schemas, reachable);
    let key = 'key';
    try {
      key = topic.keyOf(payload as never);
    } catch {
      // an example the key function cannot read: the placeholder stays
    }
    (messages[topic.messageType] as Record<string, unknown>).examples = [
      {
        name: `${topic.messageType}Example`,
        summary: `A ${topic.messageType} envelope (values from the payload classes' examples)`,
        headers: {
          'swx-message-id': '0f8b1c2e-6a4d-4e8f-9b1a-2c3d4e5f6a7b',
          'swx-message-type': topic.messageType,
          'swx-correlation-id': 'c7a1e2b3-4d5f-4a6b-8c9d-0e1f2a3b4c5d',
          'swx-producer': topic.producer,
        },
        payload: {
          id: '0f8b1c2e-6a4d-4e8f-9b1a-2c3d4e5f6a7b',
          type: topic.messageType,
          version: topic.version,
          occurredAt: '2026-11-21T09:30:00.000+08:00',
          producer: topic.producer,
          key,
          correlationId: 'c7a1e2b3-4d5f-4a6b-8c9d-0e1f2a3b4c5d',
          payload,
        },
      },
    ];
  }
  schemas.PlatformHeaders = {
    type: 'object',
    properties: {
      'swx-message-id': { type: 'string' },
      'swx-message-type': { type: 'string' },
      'swx-correlation-id': { type: 'string' },
      'swx-producer': { type: 'string' },
    },
  };
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Cross-border e-commerce single window: event topics',
      version: '1',
      description:
        'Topics of the single window on Kafka. External topics (`<producer>.external.…`) may be subscribed to ' +
        'by regulator systems; internal ones are between the platform services. Every message is a JSON ' +
        'envelope; amounts are decimal strings. A breaking change gets a new topic version.\n\n' +
        regulatorsDescription(),
      tags: REGULATOR_AGENCIES.map((agency) => ({
        name: `agency:${agency}`,
        description: `${AGENCY_TOPICS[agency].title}: ${AGENCY_TOPICS[agency].why}`,
      })),
    },
    defaultContentType: 'application/json',
    servers: SERVERS,
    channels,
    operations,
    components: {
      messages,
      schemas: sortKeys(schemas),
      securitySchemes: {
        kafkaToken: {
          type: 'oauth2',
          description:
            `SASL/OAUTHBEARER. The token is a JWT the gateway signs (RS256; \`iss\` ${KAFKA_TOKEN.issuer}, \`aud\` ` +
            `${KAFKA_TOKEN.audience}, \`sub\` the client id, valid ${KAFKA_TOKEN.ttlSeconds / 60} minutes; public keys at ` +
            '`GET /.well-known/jwks.json`), got with the client credentials grant at the gateway: `POST ' +
            `/v1/oauth/token\` with \`grant_type=client_credentials\`, the client's id and secret, and ` +
            `\`audience=${KAFKA_TOKEN.audience}\`. The broker ends a session ${KAFKA_TOKEN.reauthenticateWithinMs / 1000} s ` +
            'after it authenticated unless the client re-authenticates with a fresh token; an operator grants and ' +
            'revokes access (`PUT`/`DELETE /v1/clients/{clientId}/kafka-access`).',
          flows: { clientCredentials: { tokenUrl: '/v1/oauth/token', availableScopes: {} } },
        },
      },
    },
  };
}

const SERVERS = {
  regulators: {
    host: 'kafka.single-window.example:9094',
    protocol: 'kafka-secure',
    description:
      'The regulators listener on Docker: SASL_SSL (TLS, then SASL/OAUTHBEARER), advertised as ' +
      '`${KAFKA_EXTERNAL_HOST}:9094`. Only external topics, each to the agencies entitled to it (tags ' +
      '`agency:<agency>`), read only, with consumer groups `<agency>.<clientId>.*`.',
    security: [{ $ref: '#/components/securitySchemes/kafkaToken' }],
  },
  local: {
    host: '127.0.0.1:9094',
    protocol: 'kafka',
    description:
      'The same listener of a local broker (`npm start`, `KAFKA_EXTERNAL_PORT`): SASL_PLAINTEXT, SASL/OAUTHBEARER.',
    security: [{ $ref: '#/components/securitySchemes/kafkaToken' }],
  },
  internal: {
    host: 'kafka:29092',
    protocol: 'kafka',
    description:
      "The platform services' listener (PLAINTEXT, compose network or loopback only): not reachable by subscribers.",
  },
};

/** The regulators part of the document description: how to connect, and the per-agency topic table. */
function regulatorsDescription(): string {
  return [
    '## Regulator subscriptions',
    '',
    'Regulators connect to the `regulators` server with a Kafka token from the gateway (security scheme ' +
      '`kafkaToken`): the same client credentials as for the REST API. The broker authorises every request with ' +
      "Kafka's ACLs: each agency reads the external topics of its row below, with consumer groups " +
      '`<agency>.<clientId>.*`, and nothing else (no write, no internal topic). A runnable consumer: ' +
      '`examples/regulator-consumer`.',
    '',
    '| agency | who | topics |',
    '| --- | --- | --- |',
    ...REGULATOR_AGENCIES.map(
      (agency) =>
        `| \`${agency}\` | ${AGENCY_TOPICS[agency].title} | ${agencyTopics(agency)
          .map((t) => `\`${t.name}\``)
          .join(', ')} |`,
    ),
  ].join('\n');
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
