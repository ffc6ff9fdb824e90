import { DEMO_ENTERPRISES } from '@swx/contracts';
import {
  cebXmlMessage,
  mintToken,
  recreateDatabase,
  ServiceProcess,
  skipConsumerGroupsToEnd,
} from '@swx/testing';

import { INTAKE_DOCUMENT_TYPES } from '../apps/gateway/src/intake/document-types';
import {
  type FuzzCase,
  fuzzCases,
  type FuzzOperation,
  listOperations,
  type OpenApiDocument,
} from '../libs/testing/src/fuzz/openapi-fuzz';

/** Fixed: the same cases every run (change it to explore, and keep a failing one as a regression test). */
const SEED = 20261130;
/** Random cases per operation with a JSON body (from its example or fresh values), on top of the coverage. */
const RANDOM_PER_OPERATION = 40;
/** Requests at once: enough to keep the gateway busy, few enough for a shared 2-core runner. */
const CONCURRENCY = 6;
/** Wall-clock budget of the requests; the suite stops sending (and says so) when it is spent. */
const TIME_BUDGET_MS = 240_000;
/** The token endpoint rate-limits failed attempts per client and address: a small share, sent last. */
const TOKEN_BUDGET = 60;
const REQUEST_TIMEOUT_MS = 20_000;

const PLATFORM = DEMO_ENTERPRISES.platform.customsCode;
const ALL_ROLES = ['ebp', 'ebc', 'pay', 'logistics', 'agent', 'warehouse', 'service'];
const JSON_TYPE = { 'content-type': 'application/json' };

const enterpriseToken = (code: string): string =>
  mintToken({
    kind: 'enterprise',
    ent: code,
    roles: ALL_ROLES,
    scopes: ['documents:write', 'documents:read', 'webhooks:manage', 'personal-data:read'],
    expiresInSeconds: 3600,
  });

/**
 * Every kind of caller, with every scope its kind can have: requests get past authorisation to validation (the
 * demo enterprises are added once registered).
 */
const CALLERS: Record<string, string> = {
  operator: mintToken({
    kind: 'operator',
    scopes: ['registry:read', 'registry:write', 'credentials:manage'],
    expiresInSeconds: 3600,
  }),
  enterprise: enterpriseToken(PLATFORM),
  bank: mintToken({ kind: 'bank', bank: 'BKCHCNBJ330', scopes: ['forex:bank'], expiresInSeconds: 3600 }),
  'customs-regulator': mintToken({
    kind: 'regulator',
    agency: 'customs',
    scopes: ['regulator:read', 'personal-data:read'],
    expiresInSeconds: 3600,
  }),
  'tax-regulator': mintToken({
    kind: 'regulator',
    agency: 'tax',
    scopes: ['regulator:read', 'personal-data:read'],
    expiresInSeconds: 3600,
  }),
};

interface Outcome {
  fuzzCase: FuzzCase;
  status: number;
  /** Problem title and its first field rules, else the answer's type and size: never a 2xx's content. */
  answer: string;
}

const describeOutcome = (o: Outcome): string =>
  `${o.fuzzCase.operation} [${o.fuzzCase.kind}] ${o.fuzzCase.excerpt} -> ${o.status} ${o.answer}`;

/**
 * Issue 11, point 9: a fuzz suite generated from the OpenAPI document the real gateway serves (GET /docs-json),
 * run against the real gateway (with the tax app behind /v1/tax/*, real Kafka and PostgreSQL). Every operation
 * gets its bodies, path and query values broken in a targeted way (each case's schema violation checked by the
 * generator) plus the hostile set; no input may get a 5xx, and no input that breaks the schema a 2xx.
 */
describe('fuzz: every operation of the served OpenAPI document', () => {
  const db = `${process.env.TEST_DATABASE_URL!}_fuzz`;
  const brokers = process.env.KAFKA_BROKERS!;
  let gateway: ServiceProcess;
  let tax: ServiceProcess;
  let credit: ServiceProcess;
  let forex: ServiceProcess;
  let logistics: ServiceProcess;
  let risk: ServiceProcess;
  let statistics: ServiceProcess;
  let doc: OpenApiDocument;
  let operations: FuzzOperation[];
  let cases: FuzzCase[];
  const callerOf = new Map<string, string | undefined>();
  const outcomes: Outcome[] = [];
  const transportErrors: { fuzzCase: FuzzCase; error: string }[] = [];
  let unsent = 0;
  let retriedAfter503 = 0;
  let elapsedMs = 0;

  beforeAll(async () => {
    await recreateDatabase(db);
    // Customs and tax start at the end of the shared broker's topics: tax assessment requests of the demo buyer that
    // earlier suites left unconsumed (customs without tax), or that customs would make catching up on their lists,
    // would otherwise fill the buyer's annual quota here (-621018 instead of a release).
    await skipConsumerGroupsToEnd(brokers, ['customs', 'tax']);
    const env = { DATABASE_URL: db, KAFKA_BROKERS: brokers };
    tax = ServiceProcess.spawn('tax', { ...env, PORT: '4791' }, 'fuzz-tax');
    credit = ServiceProcess.spawn('credit', { ...env, PORT: '4792' }, 'fuzz-credit');
    // Every service the gateway proxies runs: a proxied call to a stopped service would rightly be a 503.
    forex = ServiceProcess.spawn('forex', { ...env, PORT: '4793' }, 'fuzz-forex');
    logistics = ServiceProcess.spawn('logistics', { ...env, PORT: '4794' }, 'fuzz-logistics');
    risk = ServiceProcess.spawn('risk', { ...env, PORT: '4795' }, 'fuzz-risk');
    statistics = ServiceProcess.spawn('statistics', { ...env, PORT: '4796' }, 'fuzz-statistics');
    gateway = ServiceProcess.spawn(
      'gateway',
      {
        ...env,
        PORT: '4790',
        TAX_SERVICE_URL: 'http://127.0.0.1:4791',
        CREDIT_SERVICE_URL: 'http://127.0.0.1:4792',
        FOREX_SERVICE_URL: 'http://127.0.0.1:4793',
        LOGISTICS_SERVICE_URL: 'http://127.0.0.1:4794',
        RISK_SERVICE_URL: 'http://127.0.0.1:4795',
        STATISTICS_SERVICE_URL: 'http://127.0.0.1:4796',
      },
      'fuzz-gateway',
    );
    await Promise.all(
      [tax, credit, forex, logistics, risk, statistics, gateway].map((service) => service.ready()),
    );

    const served = await fetch(gateway.url('/docs-json'));
    expect(served.status).toBe(200);
    doc = (await served.json()) as OpenApiDocument;
    operations = listOperations(doc);

    // Every demo enterprise registered in every role, so that a document's own sender reaches validation and
    // past it; an individual seller is the target of the registry's changes (suspend, transmitters, ...).
    for (const enterprise of Object.values(DEMO_ENTERPRISES)) {
      const registered = await post('/v1/enterprises', CALLERS.operator, {
        customsCode: enterprise.customsCode,
        kind: 'enterprise',
        creditCode: enterprise.creditCode,
        name: enterprise.name,
        roles: ALL_ROLES,
        contacts: [{ name: 'Fuzz', telephone: '0571-88886666', email: 'fuzz@example.com' }],
      });
      expect(registered.status).toBe(201);
      CALLERS[`enterprise ${enterprise.customsCode}`] = enterpriseToken(enterprise.customsCode);
    }
    const individual = requestExample('/v1/enterprises', 'individual') as { customsCode: string };
    expect((await post('/v1/enterprises', CALLERS.operator, individual)).status).toBe(201);

    // Existing resources for the path parameters, so that a query or body is not hidden behind a 404.
    const client = await post('/v1/clients', CALLERS.operator, {
      kind: 'enterprise',
      enterpriseCode: PLATFORM,
    });
    const hooks = await Promise.all(
      ['deleted', 'read'].map((d) =>
        post('/v1/webhooks', CALLERS.enterprise, { url: 'https://erp.example.com/hooks', description: d }),
      ),
    );
    const order = INTAKE_DOCUMENT_TYPES[0].descriptor;
    const message = await post(`/v1/${INTAKE_DOCUMENT_TYPES[0].path}`, senderToken(order), order.example);
    await send(
      'PUT',
      `/v1/tax/guarantee-accounts/${PLATFORM}`,
      CALLERS.enterprise,
      JSON_TYPE,
      '{"kind":"deposit","amount":"1000.00"}',
    );
    const summary = await post('/v1/tax/payment-summaries', CALLERS.enterprise, {
      assureCode: PLATFORM,
      periodFrom: '2026-11-01',
      periodTo: '2026-11-15',
    });
    for (const created of [client, ...hooks, message]) expect(created.status).toBeLessThan(300);
    const idOf = (r: { body: unknown }, key: string) => (r.body as Record<string, string | undefined>)[key];
    const pathValues: Record<string, string | undefined> = {
      clientId: idOf(client, 'clientId'),
      customsCode: individual.customsCode,
      code: individual.customsCode,
      transmitterCode: DEMO_ENTERPRISES.agent.customsCode,
      messageId: idOf(message, 'messageId'),
      assureCode: PLATFORM,
    };
    const pathValue = (op: FuzzOperation, name: string): string | undefined => {
      if (name !== 'id') return pathValues[name];
      if (op.path.startsWith('/v1/webhooks')) return idOf(hooks[op.method === 'DELETE' ? 0 : 1], 'id');
      return summary.status < 300 ? idOf(summary, 'id') : undefined;
    };

    for (const op of operations) callerOf.set(op.id, await chooseCaller(op));

    const intakeXml = (op: FuzzOperation): string | undefined => {
      const type =
        intakeTypeOf(op) ?? (op.path === '/v1/ceb-messages' ? INTAKE_DOCUMENT_TYPES[0] : undefined);
      return type && cebXmlMessage(type.descriptor, [type.descriptor.example], senderOf(type.descriptor));
    };
    cases = fuzzCases(doc, {
      seed: SEED,
      randomPerOperation: RANDOM_PER_OPERATION,
      xmlSample: intakeXml,
      pathValue,
    });

    const started = Date.now();
    // Credential guesses (the token endpoint, staff sign-in) go last: their failures lock the address for a while.
    const isToken = (c: FuzzCase) =>
      c.operation === 'POST /v1/oauth/token' || c.operation === 'POST /v1/staff-sessions';
    const tokenCases = cases.filter(isToken);
    const stride = Math.ceil(tokenCases.length / TOKEN_BUDGET);
    const tokenShare = [...tokenHeaderCases(), ...tokenCases.filter((_, i) => i % stride === 0)];
    await runAll(interleaved(cases.filter((c) => !isToken(c))), started);
    await runAll(tokenShare, started);
    elapsedMs = Date.now() - started;

    const fivexx = outcomes.filter((o) => o.status >= 500);
    const acceptedBad = outcomes.filter((o) => o.fuzzCase.bad && o.status >= 200 && o.status < 300);
    console.log(
      `fuzz: ${outcomes.length} requests, 5xx ${fivexx.length}, accepted-bad ${acceptedBad.length}`,
    );
    if (fivexx.length + acceptedBad.length + transportErrors.length + unsent + retriedAfter503 > 0) {
      const offending = [...fivexx, ...acceptedBad].map(
        (o) =>
          `${o.status >= 500 ? '5xx' : 'accepted-bad'} ${o.fuzzCase.operation} [${o.fuzzCase.kind}] ${o.fuzzCase.excerpt}`,
      );
      console.log(
        [
          ...new Set(offending),
          ...transportErrors.map((t) => `no answer ${t.fuzzCase.operation} [${t.fuzzCase.kind}]: ${t.error}`),
          ...(unsent ? [`${unsent} cases not sent (budgets, ${Math.round(elapsedMs / 1000)} s)`] : []),
          ...(retriedAfter503 ? [`${retriedAfter503} requests sent again after a 503 with Retry-After`] : []),
        ].join('\n'),
      );
    }
  }, 360_000);

  afterAll(async () => {
    await Promise.all(
      [gateway, tax, credit, forex, logistics, risk, statistics].map((service) => service?.stop()),
    );
  });

  async function send(
    method: string,
    url: string,
    token: string | undefined,
    headers: Record<string, string>,
    body?: string | Buffer,
    retried = false,
  ): Promise<{ status: number; answer: string }> {
    const response = await fetch(gateway.url(url), {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: method === 'GET' || method === 'HEAD' ? undefined : body,
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    // A dependency that was away (503 with Retry-After: a pool or broker busy on a loaded runner) says nothing
    // about the input: the same request once more, as a client would. A second 5xx counts.
    const retryAfter = Number(response.headers.get('retry-after'));
    if (response.status === 503 && retryAfter > 0 && !retried) {
      retriedAfter503++;
      await new Promise((resolve) => setTimeout(resolve, Math.min(retryAfter, 5) * 1000));
      return send(method, url, token, headers, body, true);
    }
    // The answer's size only, unless it is a problem: a 2xx may carry personal data (the callers may read it).
    let answer = `${response.headers.get('content-type') ?? 'no type'}, ${text.length} chars`;
    try {
      const problem = JSON.parse(text) as { title?: string; errors?: { path: string; rule: string }[] };
      if (problem.title) {
        answer = `${problem.title}${
          problem.errors?.length
            ? ` (${problem.errors
                .slice(0, 2)
                .map((e) => `${e.path} ${e.rule}`)
                .join(', ')})`
            : ''
        }`;
      }
    } catch {
      // not JSON: the start of the text
    }
    return { status: response.status, answer };
  }

  async function post(url: string, token: string, body: unknown) {
    const response = await fetch(gateway.url(url), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, ...JSON_TYPE },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  }

  function requestExample(path: string, name: string): unknown {
    const post = doc.paths[path].post as {
      requestBody: { content: Record<string, { examples: Record<string, { value: unknown }> }> };
    };
    return post.requestBody.content['application/json'].examples[name].value;
  }

  const intakeTypeOf = (op: FuzzOperation) => INTAKE_DOCUMENT_TYPES.find((t) => op.path === `/v1/${t.path}`);

  /** The enterprise that sends a document type's example: its head's sender code field. */
  const senderOf = (descriptor: (typeof INTAKE_DOCUMENT_TYPES)[number]['descriptor']): string =>
    (descriptor.example as Record<string, Record<string, string>>)[descriptor.headElement][
      descriptor.senderCodeField
    ];
  const senderToken = (descriptor: (typeof INTAKE_DOCUMENT_TYPES)[number]['descriptor']): string =>
    CALLERS[`enterprise ${senderOf(descriptor)}`];

  /**
   * The first caller that gets past authorisation with an empty body (a 401/403 would hide validation): for a
   * document type, the sender of its example first.
   */
  async function chooseCaller(op: FuzzOperation): Promise<string | undefined> {
    if (!op.secured) return undefined;
    const url = op.path.replace(/\{[^}]+\}/g, 'ZZ00000000');
    const headers: Record<string, string> = op.media.length ? { 'content-type': 'application/json' } : {};
    const type = intakeTypeOf(op);
    const first = type
      ? [[`enterprise ${senderOf(type.descriptor)}`, senderToken(type.descriptor)] as const]
      : [];
    for (const [name, token] of [...first, ...Object.entries(CALLERS)]) {
      const { status } = await send(op.method, url, token, headers, op.media.length ? '{}' : undefined);
      if (status !== 401 && status !== 403) return name;
    }
    return 'operator';
  }

  /** Basic credentials at the token endpoint that are not what they claim. */
  function tokenHeaderCases(): FuzzCase[] {
    const basic = (raw: string) => `Basic ${Buffer.from(raw, 'latin1').toString('base64')}`;
    const headers = (authorization: string) => ({
      authorization,
      'content-type': 'application/x-www-form-urlencoded',
    });
    return [
      ['basic-nul', basic('a\u0000b:secret')],
      ['basic-no-colon', basic('client-without-secret')],
      ['basic-not-base64', 'Basic !!!!'],
      ['basic-huge', basic(`${'a'.repeat(3000)}:b`)],
      ['basic-percent', basic('%ZZ:%00')],
    ].map(([kind, authorization]) => ({
      operation: 'POST /v1/oauth/token',
      method: 'POST',
      kind,
      url: '/v1/oauth/token',
      headers: headers(authorization),
      body: 'grant_type=client_credentials',
      bad: true,
      excerpt: kind,
      anonymous: true,
    }));
  }

  /** Round-robin over operations, so that a spent budget cuts every operation short, not the last ones. */
  function interleaved(all: FuzzCase[]): FuzzCase[] {
    const byOp = new Map<string, FuzzCase[]>();
    for (const c of all) byOp.set(c.operation, [...(byOp.get(c.operation) ?? []), c]);
    const queues = [...byOp.values()];
    const out: FuzzCase[] = [];
    for (let i = 0; out.length < all.length; i++) for (const q of queues) if (i < q.length) out.push(q[i]);
    return out;
  }

  async function runAll(list: FuzzCase[], started: number): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (next < list.length) {
        const fuzzCase = list[next++];
        if (Date.now() - started > TIME_BUDGET_MS) {
          unsent++;
          continue;
        }
        const caller = fuzzCase.anonymous ? undefined : callerOf.get(fuzzCase.operation);
        try {
          const { status, answer } = await send(
            fuzzCase.method,
            fuzzCase.url,
            caller ? CALLERS[caller] : undefined,
            fuzzCase.headers,
            fuzzCase.body,
          );
          outcomes.push({ fuzzCase, status, answer });
        } catch (error) {
          transportErrors.push({ fuzzCase, error: String((error as Error).cause ?? error).slice(0, 120) });
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  }

  it('fuzzes every operation the gateway serves, within its budgets', () => {
    expect(operations.length).toBeGreaterThan(40);
    const fuzzed = new Set(outcomes.map((o) => o.fuzzCase.operation));
    expect(operations.map((op) => op.id).filter((id) => !fuzzed.has(id))).toEqual([]);
    expect(unsent).toBe(0);
    expect(elapsedMs).toBeLessThan(TIME_BUDGET_MS);
  });

  it('answers no input with a 5xx', () => {
    const failures = outcomes.filter((o) => o.status >= 500).map(describeOutcome);
    expect(failures).toEqual([]);
  });

  it('accepts no input that breaks the schema', () => {
    const failures = outcomes
      .filter((o) => o.fuzzCase.bad && o.status >= 200 && o.status < 300)
      .map(describeOutcome);
    expect(failures).toEqual([]);
  });

  it('answers every request (no dropped connection) and stays up', async () => {
    expect(transportErrors.map((t) => `${t.fuzzCase.operation} [${t.fuzzCase.kind}] ${t.error}`)).toEqual([]);
    expect(gateway.running).toBe(true);
    expect(tax.running).toBe(true);
    expect((await fetch(gateway.url('/health/ready'))).status).toBe(200);
  });

  it('reaches validation: most schema-breaking inputs of a secured operation get a 400-class answer, not 401/403', () => {
    const notPastAuth = operations
      .filter((op) => op.secured && op.media.length > 0)
      .filter((op) => {
        const mine = outcomes.filter(
          (o) => o.fuzzCase.operation === op.id && o.fuzzCase.bad && !o.fuzzCase.anonymous,
        );
        return mine.filter((o) => o.status === 401 || o.status === 403).length > mine.length / 2;
      })
      .map((op) => `${op.id} (caller ${callerOf.get(op.id)})`);
    expect(notPastAuth).toEqual([]);
  });
});
