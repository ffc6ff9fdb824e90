import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } from 'kafkajs';

import { AGENCY_TOPICS, agencyTopics, KAFKA_TOKEN, REGULATOR_AGENCIES, Topics } from '@swx/contracts';

import { GatewayEnv } from '../gateway.env';
import { AGENCY_DOCUMENT_TYPES } from '../intake/message-access';
import { kafkaAclsFor, kafkaPrincipal } from './kafka-acls';
import { jwkThumbprint, KafkaTokenSigner } from './kafka-token';

describe('Kafka ACLs of a regulator client', () => {
  const clientId = 'reg-tax-0badc0de';
  const acls = kafkaAclsFor(clientId, 'tax');

  it('allows READ and DESCRIBE on each entitled topic, for this principal only, by literal name', () => {
    const topics = agencyTopics('tax').map((t) => t.name);
    const topicAcls = acls.filter((a) => a.resourceType === AclResourceTypes.TOPIC);
    expect(topicAcls).toHaveLength(topics.length * 2);
    for (const name of topics) {
      expect(
        topicAcls
          .filter((a) => a.resourceName === name)
          .map((a) => a.operation)
          .sort(),
      ).toEqual([AclOperationTypes.READ, AclOperationTypes.DESCRIBE].sort());
    }
    for (const a of acls) {
      expect(a.principal).toBe(kafkaPrincipal(clientId));
      expect(a.permissionType).toBe(AclPermissionTypes.ALLOW);
      expect(a.host).toBe('*');
    }
    expect(topicAcls.every((a) => a.resourcePatternType === ResourcePatternTypes.LITERAL)).toBe(true);
    expect(topicAcls.map((a) => a.resourceName)).not.toContain(Topics.ImportWaybillAccepted.name);
  });

  it('allows READ on its own consumer-group prefix and nothing else: no write, create, cluster', () => {
    const groups = acls.filter((a) => a.resourceType === AclResourceTypes.GROUP);
    expect(groups).toEqual([
      expect.objectContaining({
        resourceName: `tax.${clientId}.`,
        resourcePatternType: ResourcePatternTypes.PREFIXED,
        operation: AclOperationTypes.READ,
      }),
    ]);
    expect(
      acls.filter(
        (a) => a.resourceType !== AclResourceTypes.TOPIC && a.resourceType !== AclResourceTypes.GROUP,
      ),
    ).toEqual([]);
    expect(
      acls.filter((a) => ![AclOperationTypes.READ, AclOperationTypes.DESCRIBE].includes(a.operation)),
    ).toEqual([]);
  });

  it('grants each agency on Kafka the document types it reads through the API', () => {
    for (const agency of REGULATOR_AGENCIES) {
      expect([agency, AGENCY_TOPICS[agency].documents]).toEqual([agency, AGENCY_DOCUMENT_TYPES[agency]]);
    }
  });
});

describe('Kafka token signer', () => {
  const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  }) as string;
  const env = Object.assign(new GatewayEnv(), { KAFKA_TOKEN_SIGNING_KEY: pem });

  it('signs RS256 tokens for the broker: sub the client, aud single-window-kafka, 5 minutes, kid of the JWKS', async () => {
    const signer = new KafkaTokenSigner(env);
    const token = await signer.sign('reg-customs-1', 'customs');
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>);
    const { keys } = signer.jwks();
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT', kid: keys[0].kid });
    expect(payload).toMatchObject({
      sub: 'reg-customs-1',
      aud: KAFKA_TOKEN.audience,
      iss: KAFKA_TOKEN.issuer,
      agency: 'customs',
    });
    expect((payload.exp as number) - (payload.iat as number)).toBe(KAFKA_TOKEN.ttlSeconds);
    expect(JSON.stringify(keys)).not.toMatch(/"d"|"p"|"q"/);
  });

  it('computes the same key id as the JWKS file scripts/kafka.js writes for the broker', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const kafka = require('../../../../scripts/kafka.js') as {
      oauthKeys(o: { oauthDir: string }): Promise<{ jwksFile: string; privateKeyFile: string }>;
    };
    const dir = mkdtempSync(join(tmpdir(), 'kafka-oauth-'));
    writeFileSync(join(dir, 'signing-key.pem'), pem);
    const files = await kafka.oauthKeys({ oauthDir: dir });
    const written = JSON.parse(readFileSync(files.jwksFile, 'utf8')) as { keys: { kid: string }[] };
    expect(written.keys.map((k) => k.kid)).toEqual(new KafkaTokenSigner(env).jwks().keys.map((k) => k.kid));
    expect(jwkThumbprint({ kty: 'EC', crv: 'P-256', x: 'a', y: 'b' })).toMatch(/^[\w-]{43}$/);
  });

  it('issues nothing without a key, and refuses a key that is not RSA', () => {
    expect(new KafkaTokenSigner(new GatewayEnv()).enabled).toBe(false);
    expect(new KafkaTokenSigner(new GatewayEnv()).jwks()).toEqual({ keys: [] });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    expect(
      () => new KafkaTokenSigner(Object.assign(new GatewayEnv(), { KAFKA_TOKEN_SIGNING_KEY: ec })),
    ).toThrow(/RSA/);
  });
});
