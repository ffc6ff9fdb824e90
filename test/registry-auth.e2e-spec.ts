import { randomUUID } from 'node:crypto';

import { JwtService } from '@nestjs/jwt';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { Consumer, Kafka, logLevel } from 'kafkajs';

import {
  DEMO_BUYER,
  DEMO_ENTERPRISES,
  EnterpriseChanged,
  maskPersonValue,
  MessageEnvelope,
  Topics,
} from '@swx/contracts';
import {
  queryRows,
  recreateDatabase,
  ServiceProcess,
  TEST_SECRETS,
  testPersonToken,
  waitFor,
} from '@swx/testing';

interface TokenAnswer {
  status: number;
  headers: Headers;
  body: { access_token?: string; token_type?: string; expires_in?: number; scope?: string; error?: string };
}
interface Problem {
  status: number;
  detail: string;
  errors?: { path: string; rule: string; message: string }[];
}
interface EnterpriseBody {
  customsCode: string;
  kind: string;
  creditCode?: string;
  idNumber?: string;
  name: string;
  roles: string[];
  status: string;
  suspensionReason?: string;
  version: number;
}
interface IssuedClient {
  clientId: string;
  clientSecret: string;
  kind: string;
  scopes: string[];
  enterpriseCode?: string;
  revokedAt?: string;
  secretRotatedAt?: string;
}
interface Received {
  key: string;
  headers: Record<string, string>;
  envelope: MessageEnvelope<EnterpriseChanged>;
}

const CONTACT = { name: '李明', telephone: '0755-86013388', email: 'customs@tenpay.example.com' };
const OPERATOR = { id: TEST_SECRETS.OPERATOR_CLIENT_ID, secret: TEST_SECRETS.OPERATOR_CLIENT_SECRET };
const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

/**
 * The enterprise registry and OAuth2 client credentials on the real broker and database: two gateway instances
 * share one database, so revocation is also seen through the other instance's cache.
 */
describe('enterprise registry and client credentials', () => {
  // Its own database: the registry must start empty (other suites register the demo enterprises too).
  const db = `${process.env.TEST_DATABASE_URL!}_registry`;
  const env = { DATABASE_URL: db, KAFKA_BROKERS: process.env.KAFKA_BROKERS! };
  let gateway: ServiceProcess;
  let other: ServiceProcess;
  let consumer: Consumer;
  const received: Received[] = [];
  // The broker outlives the database between local runs: events of earlier runs are still on the topic.
  const runStartedAt = Date.now();
  let operatorToken: string;

  const requestToken = async (
    params: Record<string, string>,
    { as = 'form', authorization }: { as?: 'form' | 'json'; authorization?: string } = {},
    service: ServiceProcess = gateway,
  ): Promise<TokenAnswer> => {
    const response = await fetch(service.url('/v1/oauth/token'), {
      method: 'POST',
      headers: {
        'content-type': as === 'form' ? 'application/x-www-form-urlencoded' : 'application/json',
        ...(authorization && { authorization }),
      },
      body: as === 'form' ? new URLSearchParams(params).toString() : JSON.stringify(params),
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as TokenAnswer['body'],
    };
  };

  const tokenOf = async (clientId: string, secret: string, scope?: string): Promise<string> => {
    const answer = await requestToken({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: secret,
      ...(scope && { scope }),
    });
    expect(answer.status).toBe(200);
    return answer.body.access_token!;
  };

  const call = async <T = Problem>(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
    service: ServiceProcess = gateway,
  ): Promise<{ status: number; body: T; contentType: string }> => {
    const response = await fetch(service.url(path), {
      method,
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(token && { authorization: `Bearer ${token}` }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : undefined) as T,
      contentType: response.headers.get('content-type') ?? '',
    };
  };

  const registration = (demo: (typeof DEMO_ENTERPRISES)[keyof typeof DEMO_ENTERPRISES]) => ({
    customsCode: demo.customsCode,
    kind: 'enterprise',
    creditCode: demo.creditCode,
    name: demo.name,
    roles: demo.roles,
    contacts: [CONTACT],
  });

  const register = async (body: object): Promise<EnterpriseBody> => {
    const answer = await call<EnterpriseBody>('POST', '/v1/enterprises', operatorToken, body);
    expect(answer.status).toBe(201);
    return answer.body;
  };

  const issueClient = async (body: object): Promise<IssuedClient> => {
    const answer = await call<IssuedClient>('POST', '/v1/clients', operatorToken, body);
    expect(answer.status).toBe(201);
    return answer.body;
  };

  const eventsOf = (customsCode: string) =>
    received.filter((r) => r.key === customsCode && Date.parse(r.envelope.occurredAt) >= runStartedAt);

  beforeAll(async () => {
    await recreateDatabase(db);
    gateway = ServiceProcess.spawn('gateway', { ...env, PORT: '4600' }, 'gateway-auth-a');
    await gateway.ready();
    // A second instance on the same database: the bootstrap operator upsert runs again.
    other = ServiceProcess.spawn('gateway', { ...env, PORT: '4601' }, 'gateway-auth-b');
    await other.ready();
    const kafka = new Kafka({
      clientId: 'registry-auth-e2e',
      brokers: env.KAFKA_BROKERS.split(','),
      logLevel: logLevel.NOTHING,
    });
    consumer = kafka.consumer({ groupId: `registry-auth-e2e-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: Topics.EnterpriseChanged.name, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        received.push({
          key: message.key?.toString() ?? '',
          headers: Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([k, v]) => [k, v?.toString() ?? '']),
          ),
          envelope: JSON.parse(message.value!.toString()) as MessageEnvelope<EnterpriseChanged>,
        });
      },
    });
    operatorToken = await tokenOf(OPERATOR.id, OPERATOR.secret);
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await Promise.all([gateway?.stop(), other?.stop()]);
  });

  describe('token endpoint (RFC 6749 §4.4)', () => {
    it('issues the JWT jwt-claims.ts describes, from a form, from JSON and with HTTP Basic', async () => {
      const form = await requestToken({
        grant_type: 'client_credentials',
        client_id: OPERATOR.id,
        client_secret: OPERATOR.secret,
      });
      const json = await requestToken(
        { grant_type: 'client_credentials', client_id: OPERATOR.id, client_secret: OPERATOR.secret },
        { as: 'json' },
      );
      const viaBasic = await requestToken(
        { grant_type: 'client_credentials' },
        { authorization: basic(OPERATOR.id, OPERATOR.secret) },
      );
      for (const answer of [form, json, viaBasic]) {
        expect(answer.status).toBe(200);
        expect(answer.headers.get('cache-control')).toBe('no-store');
        expect(answer.body).toEqual({
          access_token: expect.any(String),
          token_type: 'Bearer',
          expires_in: 900,
          scope: 'registry:read registry:write credentials:manage',
        });
      }
      const claims = new JwtService({ secret: TEST_SECRETS.AUTH_JWT_SECRET }).verify<Record<string, unknown>>(
        viaBasic.body.access_token!,
        { issuer: 'single-window', audience: 'single-window-api', algorithms: ['HS256'] },
      );
      expect(claims).toEqual({
        iss: 'single-window',
        aud: 'single-window-api',
        sub: OPERATOR.id,
        jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
        iat: expect.any(Number),
        exp: (claims.iat as number) + 900,
        kind: 'operator',
        roles: [],
        scope: 'registry:read registry:write credentials:manage',
      });
      expect(new Set([form, json, viaBasic].map((a) => a.body.access_token)).size).toBe(3);
    });

    it('answers RFC 6749 errors: wrong secret 401, unknown grant, missing grant, two auth methods', async () => {
      const wrong = await requestToken({
        grant_type: 'client_credentials',
        client_id: OPERATOR.id,
        client_secret: `${OPERATOR.secret}-not`,
      });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error).toBe('invalid_client');
      expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic /);
      expect(wrong.headers.get('content-type')).toContain('application/json');

      const unknownClient = await requestToken(
        { grant_type: 'client_credentials' },
        { authorization: basic('nobody-here', OPERATOR.secret) },
      );
      expect([unknownClient.status, unknownClient.body.error]).toEqual([401, 'invalid_client']);

      const password = await requestToken({
        grant_type: 'password',
        client_id: OPERATOR.id,
        client_secret: OPERATOR.secret,
      });
      expect([password.status, password.body.error]).toEqual([400, 'unsupported_grant_type']);

      const noGrant = await requestToken({ client_id: OPERATOR.id, client_secret: OPERATOR.secret });
      expect([noGrant.status, noGrant.body.error]).toEqual([400, 'invalid_request']);

      const both = await requestToken(
        { grant_type: 'client_credentials', client_secret: OPERATOR.secret },
        { authorization: basic(OPERATOR.id, OPERATOR.secret) },
      );
      expect([both.status, both.body.error]).toEqual([400, 'invalid_request']);
    });

    it('stores the bootstrap operator once, as a scrypt hash, whichever instance started first', async () => {
      const rows = await queryRows<{ secret_hash: string; secret_rotated_at: Date | null; scopes: string[] }>(
        db,
        'SELECT secret_hash, secret_rotated_at, scopes FROM gateway.oauth_client WHERE client_id = $1',
        [OPERATOR.id],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].secret_hash).toMatch(/^scrypt\$/);
      expect(rows[0].secret_hash).not.toContain(OPERATOR.secret);
      expect(rows[0].secret_rotated_at).toBeNull();
      expect(await tokenOf(OPERATOR.id, OPERATOR.secret)).toEqual(expect.any(String));
    });
  });

  describe('registry', () => {
    beforeAll(async () => {
      await register(registration(DEMO_ENTERPRISES.platform));
      await register(registration(DEMO_ENTERPRISES.seller));
    });

    it('registers an enterprise and publishes the whole record on Kafka, written in one transaction', async () => {
      const payment = DEMO_ENTERPRISES.payment;
      const created = await register(registration(payment));
      expect(created).toMatchObject({
        customsCode: payment.customsCode,
        kind: 'enterprise',
        creditCode: payment.creditCode,
        roles: ['pay'],
        status: 'active',
        version: 1,
      });
      const [row] = await queryRows<{ xmin: string }>(
        db,
        'SELECT xmin::text FROM gateway.enterprise WHERE customs_code = $1',
        [payment.customsCode],
      );
      // The relay rewrites the outbox row when it sends it: compare with the transaction that wrote it.
      const [outboxRow] = await queryRows<{ xmin: string; key: string }>(
        db,
        `SELECT (created_xid::text::bigint % 4294967296)::text AS xmin, key
           FROM gateway.outbox WHERE topic = $1 AND key = $2`,
        [Topics.EnterpriseChanged.name, payment.customsCode],
      );
      expect(outboxRow).toEqual({ xmin: row.xmin, key: payment.customsCode });

      const [event] = await waitFor(
        () => eventsOf(payment.customsCode),
        (events) => events.length > 0,
        { what: 'the EnterpriseChanged event on Kafka' },
      );
      expect(event.headers['swx-message-type']).toBe('EnterpriseChanged');
      expect(event.envelope).toMatchObject({ type: 'EnterpriseChanged', version: 2, producer: 'gateway' });
      expect(event.envelope.payload).toEqual({
        change: 'registered',
        customsCode: payment.customsCode,
        kind: 'enterprise',
        creditCode: payment.creditCode,
        name: payment.name,
        roles: ['pay'],
        // Contacts are people: their names and telephones travel masked (docs/personal-data.md).
        contacts: [
          {
            name: maskPersonValue('name', CONTACT.name),
            telephone: maskPersonValue('phone', CONTACT.telephone),
            email: CONTACT.email,
          },
        ],
        status: 'active',
        version: 1,
        registeredAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(validateSync(plainToInstance(EnterpriseChanged, event.envelope.payload))).toEqual([]);
    });

    it('changes, suspends and reactivates, one version and one event per real change', async () => {
      const agent = DEMO_ENTERPRISES.agent;
      await register(registration(agent));
      const changed = await call<EnterpriseBody>(
        'PATCH',
        `/v1/enterprises/${agent.customsCode}`,
        operatorToken,
        {
          name: `${agent.name}（变更）`,
          roles: ['agent', 'logistics'],
        },
      );
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({
        name: `${agent.name}（变更）`,
        roles: ['agent', 'logistics'],
        version: 2,
      });
      const unchanged = await call<EnterpriseBody>(
        'PATCH',
        `/v1/enterprises/${agent.customsCode}`,
        operatorToken,
        {
          roles: ['agent', 'logistics'],
        },
      );
      expect(unchanged.body.version).toBe(2);
      const suspended = await call<EnterpriseBody>(
        'POST',
        `/v1/enterprises/${agent.customsCode}/suspend`,
        operatorToken,
        { reason: '企业信用等级降为失信企业' },
      );
      expect(suspended.body).toMatchObject({
        status: 'suspended',
        suspensionReason: '企业信用等级降为失信企业',
        version: 3,
      });
      const reactivated = await call<EnterpriseBody>(
        'POST',
        `/v1/enterprises/${agent.customsCode}/reactivate`,
        operatorToken,
      );
      expect(reactivated.body).toMatchObject({ status: 'active', version: 4 });
      expect(reactivated.body.suspensionReason).toBeUndefined();

      const events = await waitFor(
        () => eventsOf(agent.customsCode),
        (e) => e.length >= 4,
        { what: 'four EnterpriseChanged events' },
      );
      expect(
        events.map((e) => [e.envelope.payload.change, e.envelope.payload.version, e.envelope.payload.status]),
      ).toEqual([
        ['registered', 1, 'active'],
        ['changed', 2, 'active'],
        ['suspended', 3, 'suspended'],
        ['reactivated', 4, 'active'],
      ]);
      expect(events[1].envelope.payload.roles).toEqual(['agent', 'logistics']);

      const duplicate = await call('POST', '/v1/enterprises', operatorToken, registration(agent));
      expect(duplicate.status).toBe(409);
      const missing = await call('PATCH', '/v1/enterprises/0000000000', operatorToken, { name: 'x' });
      expect(missing.status).toBe(404);
    });

    it('refuses a bad credit code, and identity fields of the other kind, field by field (400)', async () => {
      const bad = await call('POST', '/v1/enterprises', operatorToken, {
        ...registration(DEMO_ENTERPRISES.warehouse),
        creditCode: '91330100MA27XK0055',
      });
      expect(bad.status).toBe(400);
      expect(bad.contentType).toContain('application/problem+json');
      expect(bad.body.errors).toEqual([
        {
          path: 'creditCode',
          rule: 'isUnifiedSocialCreditCode',
          message: expect.stringContaining('check character'),
        },
      ]);
      const mixed = await call('POST', '/v1/enterprises', operatorToken, {
        customsCode: '3301989999',
        kind: 'individual',
        creditCode: DEMO_ENTERPRISES.warehouse.creditCode,
        name: '王五',
        roles: ['ebc', 'nobody'],
        contacts: [{ ...CONTACT, email: 'not-an-email' }],
      });
      expect(mixed.status).toBe(400);
      expect(mixed.body.errors?.map((e) => `${e.path}:${e.rule}`).sort()).toEqual([
        'contacts[0].email:isEmail',
        'creditCode:onlyForKind',
        'idNumber:matches',
        'roles:isIn',
      ]);
    });

    it('lists by role, a page at a time, for operators and regulators only', async () => {
      const regulator = await issueClient({ kind: 'regulator', agency: 'customs' });
      const regulatorToken = await tokenOf(regulator.clientId, regulator.clientSecret);

      const first = await call<{ items: EnterpriseBody[]; nextCursor: string | null }>(
        'GET',
        '/v1/enterprises?limit=2',
        regulatorToken,
      );
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await call<{ items: EnterpriseBody[]; nextCursor: string | null }>(
        'GET',
        `/v1/enterprises?limit=2&cursor=${first.body.nextCursor}`,
        operatorToken,
      );
      const codes = [...first.body.items, ...second.body.items].map((e) => e.customsCode);
      expect(codes).toEqual([...codes].sort());
      expect(new Set(codes).size).toBe(codes.length);
      expect(codes).toEqual(
        expect.arrayContaining([DEMO_ENTERPRISES.platform.customsCode, DEMO_ENTERPRISES.seller.customsCode]),
      );

      const platforms = await call<{ items: EnterpriseBody[] }>(
        'GET',
        '/v1/enterprises?role=ebp',
        operatorToken,
      );
      expect(platforms.body.items.map((e) => e.customsCode)).toEqual([DEMO_ENTERPRISES.platform.customsCode]);
      expect((await call('GET', '/v1/enterprises?role=captain', operatorToken)).status).toBe(400);
      expect((await call('GET', '/v1/enterprises?cursor=bm9wZQ', operatorToken)).status).toBe(400);
    });

    it('lets only operators write (enterprise token 403, no token 401); an enterprise reads itself only (404)', async () => {
      const platform = DEMO_ENTERPRISES.platform;
      const client = await issueClient({ kind: 'enterprise', enterpriseCode: platform.customsCode });
      expect(client.scopes).toEqual(['documents:write', 'documents:read', 'webhooks:manage']);
      const enterpriseToken = await tokenOf(client.clientId, client.clientSecret);
      const body = registration(DEMO_ENTERPRISES.logistics);

      expect((await call('POST', '/v1/enterprises', undefined, body)).status).toBe(401);
      expect((await call('POST', '/v1/enterprises', enterpriseToken, body)).status).toBe(403);
      expect(
        (await call('PATCH', `/v1/enterprises/${platform.customsCode}`, enterpriseToken, { name: 'x' }))
          .status,
      ).toBe(403);
      expect(
        (
          await call('POST', `/v1/enterprises/${platform.customsCode}/suspend`, enterpriseToken, {
            reason: 'x',
          })
        ).status,
      ).toBe(403);
      expect((await call('GET', '/v1/enterprises', enterpriseToken)).status).toBe(403);
      expect((await call('POST', '/v1/clients', enterpriseToken, { kind: 'operator' })).status).toBe(403);
      expect(
        (await call('GET', `/v1/enterprises/${DEMO_ENTERPRISES.logistics.customsCode}`, operatorToken))
          .status,
      ).toBe(404);

      const own = await call<EnterpriseBody>(
        'GET',
        `/v1/enterprises/${platform.customsCode}`,
        enterpriseToken,
      );
      expect([own.status, own.body.customsCode]).toEqual([200, platform.customsCode]);
      // Registered but another enterprise's, and not registered at all: the same answer.
      expect(
        (await call('GET', `/v1/enterprises/${DEMO_ENTERPRISES.payment.customsCode}`, enterpriseToken))
          .status,
      ).toBe(404);
      expect((await call('GET', '/v1/enterprises/9999999999', enterpriseToken)).status).toBe(404);
    });

    it("masks an individual seller's ID number for callers without personal-data:read", async () => {
      const individual = await register({
        customsCode: '33019600P1',
        kind: 'individual',
        idNumber: DEMO_BUYER.idNumber,
        name: DEMO_BUYER.name,
        roles: ['ebc'],
        contacts: [{ ...CONTACT, name: DEMO_BUYER.name, telephone: DEMO_BUYER.telephone }],
      });
      expect(individual.idNumber).toBe('110***********0012');
      expect(individual.creditCode).toBeUndefined();

      const plain = await issueClient({ kind: 'regulator', agency: 'tax' });
      const privileged = await issueClient({
        kind: 'regulator',
        agency: 'forex',
        scopes: ['regulator:read', 'personal-data:read'],
      });
      const masked = await call<EnterpriseBody>(
        'GET',
        '/v1/enterprises/33019600P1',
        await tokenOf(plain.clientId, plain.clientSecret),
      );
      expect(masked.body.idNumber).toBe('110***********0012');
      const clear = await call<EnterpriseBody>(
        'GET',
        '/v1/enterprises/33019600P1',
        await tokenOf(privileged.clientId, privileged.clientSecret),
      );
      expect(clear.body.idNumber).toBe(DEMO_BUYER.idNumber);
      const listed = await call<{ items: EnterpriseBody[] }>(
        'GET',
        '/v1/enterprises?kind=individual',
        operatorToken,
      );
      expect(listed.body.items.map((e) => e.idNumber)).toEqual(['110***********0012']);

      // Regulators subscribing to the topic get the record with the ID number as a person token, masked beside it.
      const [event] = await waitFor(
        () => eventsOf('33019600P1'),
        (e) => e.length > 0,
        {
          what: "the individual's EnterpriseChanged event",
        },
      );
      expect(event.envelope.payload).toMatchObject({
        kind: 'individual',
        idNumber: testPersonToken('idNumber', DEMO_BUYER.idNumber),
        idNumberMasked: '110***********0012',
      });
      expect(JSON.stringify(event.envelope.payload)).not.toContain(DEMO_BUYER.idNumber);
      expect(event.envelope.payload.creditCode).toBeUndefined();
    });
  });

  describe('clients', () => {
    it('narrows a token to a subset of the client scopes, and refuses others (invalid_scope)', async () => {
      const client = await issueClient({
        kind: 'enterprise',
        enterpriseCode: DEMO_ENTERPRISES.platform.customsCode,
      });
      const narrow = await requestToken(
        { grant_type: 'client_credentials', scope: 'documents:read' },
        { authorization: basic(client.clientId, client.clientSecret) },
      );
      expect([narrow.status, narrow.body.scope]).toEqual([200, 'documents:read']);
      for (const scope of ['registry:write', 'documents:read personal-data:read', 'no-such-scope']) {
        const refused = await requestToken(
          { grant_type: 'client_credentials', scope },
          { authorization: basic(client.clientId, client.clientSecret) },
        );
        expect([refused.status, refused.body.error]).toEqual([400, 'invalid_scope']);
      }
      const overreach = await call('POST', '/v1/clients', operatorToken, {
        kind: 'enterprise',
        enterpriseCode: DEMO_ENTERPRISES.platform.customsCode,
        scopes: ['documents:read', 'registry:write'],
      });
      expect(overreach.status).toBe(400);
      expect(overreach.body.errors).toEqual([
        { path: 'scopes', rule: 'grantableScopes', message: expect.any(String) },
      ]);
      const unregistered = await call('POST', '/v1/clients', operatorToken, {
        kind: 'enterprise',
        enterpriseCode: '1111111111',
      });
      expect(unregistered.body.errors?.[0]).toMatchObject({
        path: 'enterpriseCode',
        rule: 'registeredEnterprise',
      });
      const [stored] = await queryRows<{ secret_hash: string }>(
        db,
        'SELECT secret_hash FROM gateway.oauth_client WHERE client_id = $1',
        [client.clientId],
      );
      expect(stored.secret_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
      expect(stored.secret_hash).not.toContain(client.clientSecret);
    });

    it('rotates a secret: the old secret and the tokens issued before stop working, new ones work', async () => {
      const code = DEMO_ENTERPRISES.platform.customsCode;
      const client = await issueClient({ kind: 'enterprise', enterpriseCode: code });
      const before = await tokenOf(client.clientId, client.clientSecret);
      expect((await call('GET', `/v1/enterprises/${code}`, before)).status).toBe(200);
      expect((await call('GET', `/v1/enterprises/${code}`, before, undefined, other)).status).toBe(200);

      const rotated = await call<IssuedClient>(
        'POST',
        `/v1/clients/${client.clientId}/rotate-secret`,
        operatorToken,
      );
      expect(rotated.status).toBe(200);
      expect(rotated.body.clientSecret).not.toBe(client.clientSecret);
      expect(rotated.body.secretRotatedAt).toEqual(expect.any(String));

      const oldSecret = await requestToken(
        { grant_type: 'client_credentials' },
        { authorization: basic(client.clientId, client.clientSecret) },
      );
      expect([oldSecret.status, oldSecret.body.error]).toEqual([401, 'invalid_client']);
      // The instance that rotated forgets the client at once; the other within its cache bound.
      expect((await call('GET', `/v1/enterprises/${code}`, before)).status).toBe(401);
      await waitFor(
        async () => (await call('GET', `/v1/enterprises/${code}`, before, undefined, other)).status,
        (status) => status === 401,
        { timeoutMs: 5000, what: 'the other instance to reject the pre-rotation token' },
      );

      const after = await tokenOf(client.clientId, rotated.body.clientSecret);
      expect((await call('GET', `/v1/enterprises/${code}`, after)).status).toBe(200);
      expect((await call('GET', `/v1/enterprises/${code}`, after, undefined, other)).status).toBe(200);

      const bootstrap = await call('POST', `/v1/clients/${OPERATOR.id}/rotate-secret`, operatorToken);
      expect(bootstrap.status).toBe(409);
    });

    it('revokes a client: its tokens are rejected within seconds on every instance, and it gets no more', async () => {
      const client = await issueClient({ kind: 'regulator', agency: 'commerce' });
      const token = await tokenOf(client.clientId, client.clientSecret);
      const path = '/v1/enterprises?limit=1';
      // Warm the other instance's cache with the client's good state.
      expect((await call('GET', path, token, undefined, other)).status).toBe(200);

      const revoked = await call<IssuedClient>(
        'POST',
        `/v1/clients/${client.clientId}/revoke`,
        operatorToken,
      );
      expect([revoked.status, typeof revoked.body.revokedAt]).toEqual([200, 'string']);
      for (const service of [gateway, other]) {
        await waitFor(
          async () => (await call('GET', path, token, undefined, service)).status,
          (status) => status === 401,
          { timeoutMs: 5000, intervalMs: 200, what: `${service.port} to reject the revoked client's token` },
        );
      }
      const refused = await requestToken(
        { grant_type: 'client_credentials' },
        { authorization: basic(client.clientId, client.clientSecret) },
      );
      expect([refused.status, refused.body.error]).toEqual([401, 'invalid_client']);
      const again = await call<IssuedClient>('POST', `/v1/clients/${client.clientId}/revoke`, operatorToken);
      expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    });

    it("rejects a suspended enterprise's tokens and refuses it new ones, until reactivated", async () => {
      const seller = DEMO_ENTERPRISES.seller;
      const client = await issueClient({ kind: 'enterprise', enterpriseCode: seller.customsCode });
      const token = await tokenOf(client.clientId, client.clientSecret);
      expect(
        (await call('GET', `/v1/enterprises/${seller.customsCode}`, token, undefined, other)).status,
      ).toBe(200);

      const suspended = await call('POST', `/v1/enterprises/${seller.customsCode}/suspend`, operatorToken, {
        reason: '暂停备案',
      });
      expect(suspended.status).toBe(200);
      for (const service of [gateway, other]) {
        await waitFor(
          async () =>
            (await call('GET', `/v1/enterprises/${seller.customsCode}`, token, undefined, service)).status,
          (status) => status === 401,
          {
            timeoutMs: 5000,
            intervalMs: 200,
            what: `${service.port} to reject the suspended enterprise's token`,
          },
        );
      }
      const refused = await requestToken(
        { grant_type: 'client_credentials' },
        { authorization: basic(client.clientId, client.clientSecret) },
      );
      expect([refused.status, refused.body.error]).toEqual([400, 'unauthorized_client']);
      const issueForSuspended = await call('POST', '/v1/clients', operatorToken, {
        kind: 'enterprise',
        enterpriseCode: seller.customsCode,
      });
      expect(issueForSuspended.status).toBe(409);

      await call('POST', `/v1/enterprises/${seller.customsCode}/reactivate`, operatorToken);
      const fresh = await tokenOf(client.clientId, client.clientSecret);
      expect((await call('GET', `/v1/enterprises/${seller.customsCode}`, fresh)).status).toBe(200);
      expect((await call('GET', `/v1/enterprises/${seller.customsCode}`, token)).status).toBe(401);
    });
  });

  it('documents the token endpoint and both ways to authorize in the OpenAPI document', async () => {
    const doc = (await (await fetch(gateway.url('/docs-json'))).json()) as {
      components: {
        securitySchemes: Record<
          string,
          { type: string; flows?: { clientCredentials?: { tokenUrl: string } } }
        >;
      };
      paths: Record<string, Record<string, { security?: Record<string, string[]>[]; tags?: string[] }>>;
    };
    expect(doc.components.securitySchemes.oauth2.flows?.clientCredentials?.tokenUrl).toBe('/v1/oauth/token');
    expect(doc.components.securitySchemes.bearer.type).toBe('http');
    expect(doc.paths['/v1/enterprises'].post.security).toEqual([{ bearer: [] }, { oauth2: [] }]);
    expect(doc.paths['/v1/oauth/token'].post.tags).toEqual(['credentials']);
    expect(doc.paths['/v1/clients/{clientId}/rotate-secret'].post.tags).toEqual(['credentials']);
  });
});
