import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

import { agencyTopics, KAFKA_TOKEN, REGULATOR_AGENCIES } from '../agency-topics';
import { allTopics } from '../topics';
import { asyncApiDocument } from './asyncapi';
import { sampleOfPattern } from './examples';

interface Doc {
  info: { description: string; tags: { name: string }[] };
  servers: Record<string, { protocol: string; security?: { $ref: string }[] }>;
  channels: Record<string, { address: string; servers: { $ref: string }[]; tags?: { name: string }[] }>;
  operations: Record<
    string,
    { action: string; channel: { $ref: string }; security?: unknown[]; tags?: { name: string }[] }
  >;
  components: {
    messages: Record<string, { examples: { payload: { type: string; payload: unknown; key: string } }[] }>;
    securitySchemes: Record<string, { type: string; description: string }>;
  };
}

const paths = (errors: ValidationError[], parent = ''): string[] =>
  errors.flatMap((e) => {
    const at = parent ? `${parent}.${e.property}` : e.property;
    return [...Object.keys(e.constraints ?? {}).map((c) => `${at}:${c}`), ...paths(e.children ?? [], at)];
  });

describe('AsyncAPI document: regulator subscriptions', () => {
  const document = asyncApiDocument() as unknown as Doc;
  const channelOf = (name: string) => Object.values(document.channels).find((c) => c.address === name)!;

  it('documents the regulators listener and its OAUTHBEARER security scheme', () => {
    expect(document.servers.regulators).toMatchObject({
      protocol: 'kafka-secure',
      security: [{ $ref: '#/components/securitySchemes/kafkaToken' }],
    });
    expect(document.servers.internal.security).toBeUndefined();
    const scheme = document.components.securitySchemes.kafkaToken;
    expect(scheme.type).toBe('oauth2');
    expect(scheme.description).toContain(`audience=${KAFKA_TOKEN.audience}`);
    expect(scheme.description).toContain('/.well-known/jwks.json');
  });

  it('tags each external channel with the agencies that may read it, and offers internal ones to no one', () => {
    for (const agency of REGULATOR_AGENCIES) {
      for (const topic of agencyTopics(agency)) {
        const channel = channelOf(topic.name);
        expect([topic.name, channel.tags?.map((t) => t.name)]).toEqual([
          topic.name,
          expect.arrayContaining([`agency:${agency}`]),
        ]);
        expect(channel.servers).toContainEqual({ $ref: '#/servers/regulators' });
      }
      expect(document.info.tags.map((t) => t.name)).toContain(`agency:${agency}`);
      expect(document.info.description).toContain(`| \`${agency}\` |`);
    }
    for (const topic of allTopics().filter((t) => t.audience === 'internal')) {
      expect(channelOf(topic.name).servers).toEqual([{ $ref: '#/servers/internal' }]);
      expect(channelOf(topic.name).tags).toBeUndefined();
    }
    const receives = Object.values(document.operations).filter((o) => o.action === 'receive');
    expect(receives).toHaveLength(
      new Set(REGULATOR_AGENCIES.flatMap((a) => agencyTopics(a).map((t) => t.name))).size,
    );
    for (const operation of receives)
      expect(operation.security).toEqual([{ $ref: '#/components/securitySchemes/kafkaToken' }]);
  });

  it('gives every message an example envelope whose payload passes the class consumers validate with', () => {
    const invalid: string[] = [];
    for (const topic of allTopics()) {
      const [example] = document.components.messages[topic.messageType].examples;
      expect(example.payload.type).toBe(topic.messageType);
      const errors = paths(validateSync(plainToInstance(topic.payload, example.payload.payload) as object));
      if (errors.length > 0) invalid.push(`${topic.name}: ${errors.slice(0, 3).join(', ')}`);
    }
    expect(invalid).toEqual([]);
  });

  it('samples simple patterns', () => {
    expect(sampleOfPattern('^[0-9A-Z]{10}$')).toBe('0000000000');
    expect(sampleOfPattern('^\\d{1,15}(\\.\\d{1,5})?$')).toBe('1');
    expect(sampleOfPattern('^(I|E)$')).toBe('I');
    expect(sampleOfPattern('^(?=x)')).toBeUndefined();
  });
});
