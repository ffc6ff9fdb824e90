import type { Type } from '@nestjs/common';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { getMetadataStorage } from 'class-validator';
import { targetConstructorToSchema } from 'class-validator-jsonschema';

import { allTopics, type TopicDefinition } from '../topics';

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
  for (const topic of topics) {
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
      description: `${topic.description} Audience: ${topic.audience}. Key: ${topic.keyDescription}. Dead letters: ${topic.name}.dlt.`,
      messages: { [topic.messageType]: { $ref: `#/components/messages/${topic.messageType}` } },
    };
    operations[`publish${topic.messageType}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${topic.messageType}` },
      summary: `${topic.producer} publishes ${topic.messageType}`,
      ...(topic.audience === 'external' ? { tags: [{ name: 'regulators may subscribe' }] } : {}),
    };
  }
  for (const [name, cls] of reachable)
    schemas[name] = targetConstructorToSchema(cls, SCHEMA_OPTIONS) as Schema;
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
        'envelope; amounts are decimal strings. A breaking change gets a new topic version.',
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages, schemas: sortKeys(schemas) },
  };
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
