import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { JwtService } from '@nestjs/jwt';
import { Admin, Consumer, Kafka, KafkaConfig, logLevel } from 'kafkajs';

import { agencyTopics, DEMO_ENTERPRISES, KAFKA_TOKEN, topicStem, Topics } from '@swx/contracts';
import { recreateDatabase, REPO_ROOT, ServiceProcess, TEST_SECRETS, waitFor } from '@swx/testing';

interface IssuedClient {
  clientId: string;
  clientSecret: string;
}
interface KafkaAccess {
  clientId: string;
  agency: string;
  granted: boolean;
  consumerGroupPrefix: string;
  topics: string[];
  pendingTopics: string[];
  bootstrapServers?: string;
}
interface TokenAnswer {
  status: number;
  body: { access_token?: string; expires_in?: number; error?: string; error_description?: string };
}

const OPERATOR = { id: TEST_SECRETS.OPERATOR_CLIENT_ID, secret: TEST_SECRETS.OPERATOR_CLIENT_SECRET };
const CONTACT = { name: '李明', telephone: '0755-86013388', email: 'customs@tenpay.example.com' };

/** What a failed Kafka call says: kafkajs's error type (protocol errors) or class name. */
async function failureOf(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
  } catch (e) {
    const error = e as { type?: string; name?: string; message?: string };
    return `${error.type ?? error.name}: ${error.message}`;
  }
  return 'no error';
}

/**
 * Regulators on the broker's subscribers' listener (SASL/OAUTHBEARER, Kafka's StandardAuthorizer), started by the
 * test global setup like `npm start` does: an operator grants and revokes through the API, the gateway signs Kafka
 * tokens, and the broker itself authenticates and authorises every request. The gateway keeps publishing on the
 * internal listener meanwhile.
 */
describe('regulator subscriptions on the real broker', () => {
  const db = `${process.env.TEST_DATABASE_URL!}_regulator_kafka`;
  const subscribers = process.env.KAFKA_SUBSCRIBER_BROKERS!.split(',');
  let gateway: ServiceProcess;
  let operatorToken: string;
  let customs: IssuedClient;
  let tax: IssuedClient;
  let enterprise: IssuedClient;
  const opened: { disconnect(): Promise<void> }[] = [];
  const runStartedAt = Date.now();

  const call = async <T>(method: string, path: string, token?: string, body?: unknown) => {
    const response = await fetch(gateway.url(path), {
      method,
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(token && { authorization: `Bearer ${token}` }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };

  const requestToken = async (
    client: IssuedClient,
    extra: Record<string, string> = {},
  ): Promise<TokenAnswer> => {
    const response = await fetch(gateway.url('/v1/oauth/token'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.clientSecret,
        ...extra,
      }).toString(),
    });
    return { status: response.status, body: (await response.json()) as TokenAnswer['body'] };
  };

  /** A Kafka token from the gateway, as a subscriber gets it: its client credentials and the Kafka audience. */
  const kafkaToken = async (client: IssuedClient): Promise<string> => {
    const answer = await requestToken(client, { audience: KAFKA_TOKEN.audience });
    if (answer.status !== 200) throw new Error(`token refused: ${answer.status} ${answer.body.error}`);
    return answer.body.access_token!;
  };

  /** A client of the subscribers' listener; `token` is asked for at every (re-)authentication. */
  const subscriberKafka = (token: (() => Promise<string>) | null, extra: Partial<KafkaConfig> = {}): Kafka =>
    new Kafka({
      clientId: `regulator-kafka-e2e-${randomUUID()}`,
      brokers: subscribers,
      logLevel: logLevel.NOTHING,
      connectionTimeout: 3000,
      requestTimeout: 5000,
      retry: { retries: 0 },
      ...(token && {
        sasl: { mechanism: 'oauthbearer', oauthBearerProvider: async () => ({ value: await token() }) },
      }),
      ...extra,
    });

  const admin = async (kafka: Kafka): Promise<Admin> => {
    const a = kafka.admin();
    opened.push(a);
    await a.connect();
    return a;
  };

  const issue = async (body: object): Promise<IssuedClient> => {
    const answer = await call<IssuedClient>('POST', '/v1/clients', operatorToken, body);
    expect(answer.status).toBe(201);
    return answer.body;
  };

  beforeAll(async () => {
    await recreateDatabase(db);
    gateway = ServiceProcess.spawn(
      'gateway',
      { DATABASE_URL: db, KAFKA_BROKERS: process.env.KAFKA_BROKERS!, PORT: '4650' },
      'gateway-regulator-kafka',
    );
    await gateway.ready();
    const operator = await requestToken({ clientId: OPERATOR.id, clientSecret: OPERATOR.secret });
    operatorToken = operator.body.access_token!;
    customs = await issue({ kind: 'regulator', agency: 'customs' });
    tax = await issue({ kind: 'regulator', agency: 'tax' });
    const platform = DEMO_ENTERPRISES.platform;
    const registered = await call('POST', '/v1/enterprises', operatorToken, {
      customsCode: platform.customsCode,
      kind: 'enterprise',
      creditCode: platform.creditCode,
      name: platform.name,
      roles: platform.roles,
      contacts: [CONTACT],
    });
    expect(registered.status).toBe(201);
    enterprise = await issue({ kind: 'enterprise', enterpriseCode: platform.customsCode });
  });

  afterAll(async () => {
    await Promise.all(opened.map((c) => c.disconnect().catch(() => undefined)));
    await gateway?.stop();
  });

  it('lets an operator grant a regulator exactly its agency’s topics and its own consumer-group prefix', async () => {
    const before = await call<KafkaAccess>(
      'GET',
      `/v1/clients/${customs.clientId}/kafka-access`,
      operatorToken,
    );
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ granted: false, topics: [] });

    const granted = await call<KafkaAccess>(
      'PUT',
      `/v1/clients/${customs.clientId}/kafka-access`,
      operatorToken,
    );
    expect(granted.status).toBe(200);
    expect(granted.body).toEqual({
      clientId: customs.clientId,
      agency: 'customs',
      granted: true,
      consumerGroupPrefix: `customs.${customs.clientId}.`,
      topics: agencyTopics('customs')
        .map((t) => t.name)
        .sort(),
      pendingTopics: [],
      bootstrapServers: process.env.KAFKA_SUBSCRIBER_BROKERS,
    });
    // Idempotent: granting again changes nothing.
    expect((await call('PUT', `/v1/clients/${customs.clientId}/kafka-access`, operatorToken)).body).toEqual(
      granted.body,
    );

    const taxGrant = await call<KafkaAccess>(
      'PUT',
      `/v1/clients/${tax.clientId}/kafka-access`,
      operatorToken,
    );
    expect(taxGrant.body.topics).toEqual(
      agencyTopics('tax')
        .map((t) => t.name)
        .sort(),
    );
    expect(taxGrant.body.topics).not.toContain(Topics.ImportWaybillAccepted.name);

    // Regulators only, operators only.
    expect((await call('PUT', `/v1/clients/${enterprise.clientId}/kafka-access`, operatorToken)).status).toBe(
      409,
    );
    expect((await call('PUT', '/v1/clients/reg-nobody-00000000/kafka-access', operatorToken)).status).toBe(
      404,
    );
    const regulatorRest = (await requestToken(customs)).body.access_token!;
    expect((await call('PUT', `/v1/clients/${tax.clientId}/kafka-access`, regulatorRest)).status).toBe(403);
  });

  it('issues Kafka tokens (RS256, audience single-window-kafka, 5 min) only to granted regulators; the API refuses them', async () => {
    const answer = await requestToken(customs, { audience: KAFKA_TOKEN.audience });
    expect(answer.status).toBe(200);
    expect(answer.body.expires_in).toBe(KAFKA_TOKEN.ttlSeconds);
    const [header, payload] = answer.body
      .access_token!.split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>);
    const jwks = await call<{ keys: { kid: string; kty: string; d?: string }[] }>(
      'GET',
      '/.well-known/jwks.json',
    );
    expect(header).toMatchObject({ alg: 'RS256', kid: jwks.body.keys[0].kid });
    expect(jwks.body.keys[0]).toMatchObject({ kty: 'RSA' });
    expect(jwks.body.keys[0].d).toBeUndefined();
    expect(payload).toMatchObject({ sub: customs.clientId, aud: KAFKA_TOKEN.audience, agency: 'customs' });

    // A Kafka token is no API token.
    expect((await call('GET', '/v1/messages', answer.body.access_token)).status).toBe(401);
    // Not for enterprises or operators, not for an unknown audience, not with scopes.
    expect((await requestToken(enterprise, { audience: KAFKA_TOKEN.audience })).body.error).toBe(
      'unauthorized_client',
    );
    expect(
      (
        await requestToken(
          { clientId: OPERATOR.id, clientSecret: OPERATOR.secret },
          { audience: KAFKA_TOKEN.audience },
        )
      ).body.error,
    ).toBe('unauthorized_client');
    expect((await requestToken(customs, { audience: 'somebody-else' })).status).toBe(400);
    expect(
      (await requestToken(customs, { audience: KAFKA_TOKEN.audience, scope: 'regulator:read' })).body.error,
    ).toBe('invalid_scope');
    // Not for a regulator without Kafka access.
    const ungranted = await issue({ kind: 'regulator', agency: 'forex' });
    const refused = await requestToken(ungranted, { audience: KAFKA_TOKEN.audience });
    expect([refused.status, refused.body.error]).toEqual([400, 'unauthorized_client']);
  });

  it('lets a customs regulator read its topics through the subscribers’ listener with its group prefix', async () => {
    const platform = DEMO_ENTERPRISES.platform;
    // Every version of the enterprise topic the customs agency reads (the gateway publishes on the current one).
    const topics = agencyTopics('customs')
      .map((t) => t.name)
      .filter((name) => topicStem(name) === topicStem(Topics.EnterpriseChanged.name));
    const consumer: Consumer = subscriberKafka(() => kafkaToken(customs)).consumer({
      groupId: `customs.${customs.clientId}.e2e-${randomUUID()}`,
    });
    opened.push(consumer);
    const seen: { topic: string; key: string; timestamp: number }[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        seen.push({ topic, key: message.key?.toString() ?? '', timestamp: Number(message.timestamp) });
      },
    });
    // A change published now, on the internal listener, by the gateway (a super user there).
    const changed = await call('PATCH', `/v1/enterprises/${platform.customsCode}`, operatorToken, {
      name: `${platform.name}（监管订阅）`,
    });
    expect(changed.status).toBe(200);
    await waitFor(
      () => seen.filter((m) => m.key === platform.customsCode && m.timestamp >= runStartedAt),
      (found) => found.length >= 2,
      { timeoutMs: 60_000, what: 'the registration and the change, read by the customs regulator' },
    );
    await consumer.disconnect();
  });

  it('runs the example consumer (examples/regulator-consumer) with the issued credentials', async () => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'examples', 'regulator-consumer', 'index.js')], {
      env: {
        PATH: process.env.PATH,
        GATEWAY_URL: gateway.url(),
        CLIENT_ID: customs.clientId,
        CLIENT_SECRET: customs.clientSecret,
        KAFKA_SUBSCRIBER_BROKERS: process.env.KAFKA_SUBSCRIBER_BROKERS,
        GROUP: `e2e-${randomUUID()}`,
        MAX_MESSAGES: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    let errors = '';
    child.stderr.on('data', (d: Buffer) => (errors += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect([code, errors]).toEqual([0, expect.not.stringMatching(/token refused|Error/)]);
    const [subscribed, message] = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const entitled = agencyTopics('customs').map((t) => t.name);
    expect(subscribed.groupId).toMatch(new RegExp(`^customs\\.${customs.clientId}\\.e2e-`));
    // The broker lists only the topics the client may read, and it reads one of them.
    const topics = subscribed.topics as string[];
    expect(topics.some((t) => topicStem(t) === topicStem(Topics.EnterpriseChanged.name))).toBe(true);
    expect(topics.filter((t) => !entitled.includes(t))).toEqual([]);
    expect(entitled).toContain(message.topic);
    expect(message.type).toEqual(expect.any(String));
  });

  it('refuses a tax regulator a customs-only topic, another agency’s group, and any write', async () => {
    // kafkajs reports a refused group coordinator lookup as "not found": its debug log keeps the broker's answer.
    const brokerErrors: string[] = [];
    const taxKafka = subscriberKafka(() => kafkaToken(tax), {
      logLevel: logLevel.DEBUG,
      logCreator: () => (entry) => {
        const error = entry.log.error as { type?: string } | string | undefined;
        if (error) brokerErrors.push(typeof error === 'string' ? error : (error.type ?? ''));
      },
    });
    const taxAdmin = await admin(taxKafka);
    const own = agencyTopics('tax')[0].name;

    // Its own topic: allowed.
    const metadata = await taxAdmin.fetchTopicMetadata({ topics: [own] });
    expect(metadata.topics.map((t) => t.name)).toEqual([own]);
    // A topic outside its agency's set (waybills are customs' and post's, not tax's): refused by the broker.
    expect(
      await failureOf(() => taxAdmin.fetchTopicMetadata({ topics: [Topics.ImportWaybillAccepted.name] })),
    ).toMatch(/^TOPIC_AUTHORIZATION_FAILED/);
    // Its own group prefix: allowed; the customs regulator's group: refused.
    await expect(
      taxAdmin.fetchOffsets({ groupId: `tax.${tax.clientId}.e2e`, topics: [own] }),
    ).resolves.toBeDefined();
    expect(brokerErrors).not.toContain('GROUP_AUTHORIZATION_FAILED');
    expect(
      await failureOf(() =>
        taxAdmin.fetchOffsets({ groupId: `customs.${customs.clientId}.e2e`, topics: [own] }),
      ),
    ).toMatch(/^(GROUP_AUTHORIZATION_FAILED|KafkaJSGroupCoordinatorNotFound)/);
    expect(brokerErrors).toContain('GROUP_AUTHORIZATION_FAILED');
    // A consumer on a customs-only topic fails to fetch it.
    const consumer = taxKafka.consumer({
      groupId: `tax.${tax.clientId}.e2e-${randomUUID()}`,
      retry: { retries: 0 },
    });
    opened.push(consumer);
    await consumer.connect();
    expect(
      await failureOf(() =>
        consumer.subscribe({ topics: [Topics.ImportWaybillAccepted.name], fromBeginning: true }),
      ),
    ).toMatch(/^TOPIC_AUTHORIZATION_FAILED/);
    // Read only: no write even to its own topic.
    const producer = taxKafka.producer({ retry: { retries: 0 } });
    opened.push(producer);
    await producer.connect();
    expect(await failureOf(() => producer.send({ topic: own, messages: [{ value: 'forged' }] }))).toMatch(
      /^TOPIC_AUTHORIZATION_FAILED/,
    );
  });

  it('refuses anonymous clients, API tokens, and tokens not signed by the gateway’s Kafka key', async () => {
    const topic = [Topics.EnterpriseChanged.name];
    // No SASL at all: the broker closes the connection.
    expect(
      await failureOf(async () => (await admin(subscriberKafka(null))).fetchTopicMetadata({ topics: topic })),
    ).toMatch(/Connection|closed/i);
    // The gateway's REST token (HS256, audience single-window-api).
    const rest = (await requestToken(customs)).body.access_token!;
    const signer = (key: string, audience: string) =>
      new JwtService({ privateKey: key, signOptions: { algorithm: 'RS256' } }).sign(
        { agency: 'customs' },
        { subject: customs.clientId, audience, issuer: KAFKA_TOKEN.issuer, expiresIn: 300 },
      );
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    const forged = {
      'REST token': rest,
      'wrong audience': signer(process.env.KAFKA_TOKEN_SIGNING_KEY!, 'single-window-api'),
      'another key': signer(otherKey, KAFKA_TOKEN.audience),
      'unsigned token': `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
        JSON.stringify({ sub: customs.clientId, aud: KAFKA_TOKEN.audience, exp: Date.now() / 1000 + 300 }),
      ).toString('base64url')}.`,
    };
    for (const [what, token] of Object.entries(forged)) {
      const failure = await failureOf(async () =>
        (await admin(subscriberKafka(async () => token))).fetchTopicMetadata({ topics: topic }),
      );
      // Refused while authenticating (the broker answers a SASL failure), before any authorisation.
      expect([what, failure]).toEqual([what, expect.stringMatching(/SASL|Authentication/i)]);
    }
    // The same connection with a token of the gateway's Kafka key works.
    const good = await admin(subscriberKafka(() => kafkaToken(customs)));
    expect((await good.fetchTopicMetadata({ topics: topic })).topics).toHaveLength(1);
  });

  it('revocation removes the ACLs at once, refuses new Kafka tokens, and ends live sessions within 60 s', async () => {
    const topic = [Topics.EnterpriseChanged.name];
    const asked: { at: number; ok: boolean }[] = [];
    const live = await admin(
      subscriberKafka(async () => {
        try {
          const token = await kafkaToken(customs);
          asked.push({ at: Date.now(), ok: true });
          return token;
        } catch (e) {
          asked.push({ at: Date.now(), ok: false });
          throw e;
        }
      }),
    );
    expect((await live.fetchTopicMetadata({ topics: topic })).topics).toHaveLength(1);

    const revokedAt = Date.now();
    const revoked = await call<KafkaAccess>(
      'DELETE',
      `/v1/clients/${customs.clientId}/kafka-access`,
      operatorToken,
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ granted: false, topics: [] });
    // The broker refuses the open session's next request: its ACLs are gone.
    expect(await failureOf(() => live.fetchTopicMetadata({ topics: topic }))).toMatch(
      /^TOPIC_AUTHORIZATION_FAILED/,
    );
    // No new Kafka token.
    expect((await requestToken(customs, { audience: KAFKA_TOKEN.audience })).body.error).toBe(
      'unauthorized_client',
    );
    // The session must re-authenticate within 60 s of its start, and cannot: the token request fails.
    await waitFor(
      async () => {
        await live.fetchTopicMetadata({ topics: topic }).catch(() => undefined);
        return asked.filter((a) => !a.ok && a.at >= revokedAt);
      },
      (failed) => failed.length > 0,
      {
        timeoutMs: KAFKA_TOKEN.reauthenticateWithinMs + 15_000,
        intervalMs: 1000,
        what: 'a failed re-authentication',
      },
    );
    expect(Date.now() - revokedAt).toBeLessThanOrEqual(KAFKA_TOKEN.reauthenticateWithinMs + 5_000);

    // Revoking the client itself removes its ACLs too.
    expect(
      (await call<KafkaAccess>('GET', `/v1/clients/${tax.clientId}/kafka-access`, operatorToken)).body
        .granted,
    ).toBe(true);
    expect((await call('POST', `/v1/clients/${tax.clientId}/revoke`, operatorToken)).status).toBe(200);
    expect(
      (await call<KafkaAccess>('GET', `/v1/clients/${tax.clientId}/kafka-access`, operatorToken)).body,
    ).toMatchObject({ granted: false, topics: [] });
    expect((await requestToken(tax, { audience: KAFKA_TOKEN.audience })).body.error).toBe('invalid_client');
    expect((await call('PUT', `/v1/clients/${tax.clientId}/kafka-access`, operatorToken)).status).toBe(409);
  });
});
