import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';

import { type Admin, type Consumer, Kafka, logLevel, type Producer } from 'kafkajs';

import {
  type AnomalyReported,
  createEnvelope,
  DEMO_ENTERPRISES,
  type TaxAssessmentCompleted,
  type TaxAssessmentRequested,
  type TaxBillIssued,
  type TaxBillStatusChanged,
  type TopicDefinition,
  Topics,
} from '@swx/contracts';
import { mintToken, queryRows, recreateDatabase, ServiceProcess, TEST_SECRETS, waitFor } from '@swx/testing';

import { expiryOf, rate, type RatedFact } from '../apps/credit/src/rating/rate';
import { loadScoringModel } from '../apps/credit/src/rating/scoring-model';
import type { CompleteCase } from '../apps/customs/src/matching/documents';
import { caseFor } from '../apps/customs/src/matching/rules/case-fixture';

const RUN = `CR${Date.now() % 1_000_000}`;
/** A fresh customs code per run (the broker outlives the database between runs). */
const STAMP = (Date.now() % 1e7).toString(36).toUpperCase().padStart(5, '0').slice(-5);
const freshCode = (n: number) => `3399${STAMP}${n}`;

const tokenFor = (ent: string, role: string) =>
  mintToken({ kind: 'enterprise', ent, roles: [role], scopes: ['documents:write', 'documents:read'] });
const TOKENS = {
  ebp: tokenFor(DEMO_ENTERPRISES.platform.customsCode, 'ebp'),
  pay: tokenFor(DEMO_ENTERPRISES.payment.customsCode, 'pay'),
  logistics: tokenFor(DEMO_ENTERPRISES.logistics.customsCode, 'logistics'),
  agent: tokenFor(DEMO_ENTERPRISES.agent.customsCode, 'agent'),
  seller: tokenFor(DEMO_ENTERPRISES.seller.customsCode, 'ebc'),
};
const creditRegulator = mintToken({
  kind: 'regulator',
  agency: 'credit',
  scopes: ['regulator:read'],
  sub: 'reg-credit-e2e',
});
const forexRegulator = mintToken({ kind: 'regulator', agency: 'forex', scopes: ['regulator:read'] });
const DECIDER = '王明 (HZ-CR-0107)';

interface Standing {
  enterpriseCode: string;
  level: string;
  lists: { list: string; basis: string }[];
}
interface CreditFile {
  level: string;
  rating: { score: string; reason: string; explanation: { deductions: { factId: string }[] } } | null;
  facts: { id: string; kind: string; status: string; reversalReason: string | null }[];
  listEntries: { id: string; list: string; status: string }[];
}
interface Receipt {
  messageId: string;
  documentType: string;
  returnStatus: string;
  returnInfo: string;
  issuedBy: string;
}

/**
 * The credit service on the real broker and database, with the gateway and customs in front of it and two credit
 * instances in one consumer group. Tax is a fake in this process (answers assessments as customs-clearance does);
 * tax bills, forex and logistics anomalies are published here as those services publish them. Effects are shown
 * end to end: a D grade makes customs inspect; a blacklist makes the gateway refuse new declarations (403) until
 * an upheld appeal; notices reach the enterprise's receipt feed.
 */
describe('credit: archive, ratings, lists and their effects end to end', () => {
  // A database of its own: the grades it gives the demo enterprises (a D from a judgement) stay out of the
  // other suites' customs.
  const db = `${process.env.TEST_DATABASE_URL!}_credit`;
  const env = { DATABASE_URL: db, KAFKA_BROKERS: process.env.KAFKA_BROKERS! };
  const kafka = new Kafka({
    clientId: 'credit-e2e',
    brokers: env.KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
  const model = loadScoringModel();
  let gateway: ServiceProcess;
  let customs: ServiceProcess;
  let credits: ServiceProcess[] = [];
  let producer: Producer;
  let fakeTax: Consumer;
  let admin: Admin;
  let operatorToken: string;

  const publish = async <P extends object>(topic: TopicDefinition<P>, payload: P) => {
    const key = topic.keyOf(payload);
    const envelope = createEnvelope({
      type: topic.messageType,
      version: topic.version,
      producer: topic.producer,
      key,
      correlationId: `${RUN}-${key}`,
      payload,
    });
    await producer.send({ topic: topic.name, messages: [{ key, value: JSON.stringify(envelope) }] });
  };

  beforeAll(async () => {
    await recreateDatabase(db);
    gateway = ServiceProcess.spawn(
      'gateway',
      { ...env, PORT: '4750', CREDIT_SERVICE_URL: 'http://127.0.0.1:4755' },
      'credit-e2e-gateway',
    );
    customs = ServiceProcess.spawn(
      'customs',
      {
        ...env,
        PORT: '4751',
        CUSTOMS_INSPECTION_RATE_A: '0',
        CUSTOMS_INSPECTION_RATE_B: '0',
        CUSTOMS_INSPECTION_RATE_C: '0',
        CUSTOMS_INSPECTION_RATE_D: '1',
      },
      'credit-e2e-customs',
    );
    credits = [4755, 4756].map((port, i) =>
      ServiceProcess.spawn(
        'credit',
        { ...env, PORT: String(port), INSTANCE_ID: `credit-e2e-${i}` },
        `credit-e2e-credit-${i}`,
      ),
    );
    await Promise.all([gateway.ready(), customs.ready(), ...credits.map((c) => c.ready())]);
    producer = kafka.producer();
    await producer.connect();
    admin = kafka.admin();
    await admin.connect();
    fakeTax = kafka.consumer({ groupId: `credit-e2e-fake-tax-${RUN}` });
    await fakeTax.connect();
    await fakeTax.subscribe({ topic: Topics.TaxAssessmentRequested.name, fromBeginning: true });
    await fakeTax.run({
      eachMessage: async ({ message }) => {
        const r = (JSON.parse(String(message.value)) as { payload: TaxAssessmentRequested }).payload;
        if (!r.orderNo.startsWith(RUN)) return;
        const answer: TaxAssessmentCompleted = {
          requestId: r.requestId,
          listMessageId: r.listMessageId,
          listIdentity: r.listIdentity,
          outcome: 'assessed',
          message: '已计征',
          dutiableValue: '210.00',
          customsTax: '0.00',
          valueAddedTax: '19.11',
          consumptionTax: '0.00',
          taxTotal: '19.11',
          lines: [],
        };
        await publish(Topics.TaxAssessmentCompleted, answer);
      },
    });

    const operator = await fetch(gateway.url('/v1/oauth/token'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: TEST_SECRETS.OPERATOR_CLIENT_ID,
        client_secret: TEST_SECRETS.OPERATOR_CLIENT_SECRET,
        scope: 'registry:write',
      }),
    });
    const { access_token } = (await operator.json()) as { access_token: string };
    operatorToken = access_token;
    for (const e of Object.values(DEMO_ENTERPRISES)) {
      const registered = await fetch(gateway.url('/v1/enterprises'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` },
        body: JSON.stringify({
          customsCode: e.customsCode,
          kind: 'enterprise',
          creditCode: e.creditCode,
          name: e.name,
          roles: e.roles,
          contacts: [{ name: '李明', telephone: '0571-86013388', email: 'ops@example.com' }],
        }),
      });
      expect([201, 409]).toContain(registered.status);
    }
    await waitFor(
      () => queryRows<{ n: number }>(db, `SELECT count(*)::int AS n FROM customs.enterprise`),
      (rows) => rows[0].n >= Object.keys(DEMO_ENTERPRISES).length,
      { what: 'the registry projected into customs', timeoutMs: 60_000 },
    );
  }, 180_000);

  afterAll(async () => {
    await fakeTax?.disconnect();
    await admin?.disconnect();
    await producer?.disconnect();
    await Promise.all([gateway?.stop(), customs?.stop(), ...credits.map((c) => c.stop())]);
  });

  const api = async <T = Record<string, unknown>>(
    token: string,
    method: string,
    path: string,
    body?: object,
  ) => {
    const res = await fetch(gateway.url(path), {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
  };

  const post = async (path: string, token: string, document: object): Promise<string> => {
    const { status, body } = await api<{ messageId: string }>(token, 'POST', `/v1/import/${path}`, document);
    if (status !== 202) throw new Error(`${path}: HTTP ${status} ${JSON.stringify(body)}`);
    return body.messageId;
  };

  const pushSet = async (c: CompleteCase) => {
    const [order, payment, waybill, list] = await Promise.all([
      post('orders', TOKENS.ebp, c.order),
      post('payments', TOKENS.pay, c.payment),
      post('waybills', TOKENS.logistics, c.waybill),
      post('inventories', TOKENS.agent, c.list),
    ]);
    return { order, payment, waybill, list };
  };

  const waitStatus = (messageId: string, token: string, status: string) =>
    waitFor(
      async () =>
        (await api<{ receipts: Receipt[] }>(token, 'GET', `/v1/messages/${messageId}/receipts`)).body
          .receipts ?? [],
      (rs) => rs.some((r) => r.returnStatus === status),
      { what: `receipt ${status} for ${messageId}`, timeoutMs: 60_000, intervalMs: 250 },
    );

  /** Every receipt of the caller's feed (credit notices included). */
  const feed = async (token: string): Promise<Receipt[]> => {
    const all: Receipt[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await api<{ receipts: Receipt[]; nextCursor: string; hasMore: boolean }>(
        token,
        'GET',
        `/v1/receipts?limit=500${after ? `&after=${encodeURIComponent(after)}` : ''}`,
      );
      if (page.status !== 200) throw new Error(`feed: HTTP ${page.status}`);
      all.push(...page.body.receipts);
      if (!page.body.hasMore) return all;
      after = page.body.nextCursor;
    }
  };
  const waitNotice = (token: string, returnStatus: string, contains: string) =>
    waitFor(
      async () => (await feed(token)).filter((r) => r.documentType === 'CREDIT'),
      (rs) => rs.some((r) => r.returnStatus === returnStatus && r.returnInfo.includes(contains)),
      { what: `credit notice ${returnStatus} (${contains})`, timeoutMs: 30_000, intervalMs: 250 },
    );

  const standing = async (code: string, token = TOKENS.pay) =>
    (await api<Standing>(token, 'GET', `/v1/credit/enterprises/${code}`)).body;
  const file = async (code: string, token = creditRegulator) =>
    (await api<CreditFile>(token, 'GET', `/v1/credit/enterprises/${code}/file`)).body;
  const customsLevel = (code: string, level: string) =>
    waitFor(
      () =>
        queryRows<{ level: string }>(
          db,
          `SELECT level FROM customs.credit_rating WHERE enterprise_code = $1`,
          [code],
        ),
      (rows) => rows[0]?.level === level,
      { what: `customs' rating ${level} of ${code}`, timeoutMs: 30_000 },
    );
  const factStatus = (code: string, id: string, status: string) =>
    waitFor(
      () => file(code),
      (f) => f.facts?.some((x) => x.id === id && x.status === status) ?? false,
      { what: `fact ${id} ${status}`, timeoutMs: 30_000, intervalMs: 250 },
    );

  it('rates an enterprise D from a judgement a regulator records, and customs inspects its lists (500)', async () => {
    const agent = DEMO_ENTERPRISES.agent.customsCode;
    const recorded = await api<{ id: string }>(creditRegulator, 'POST', '/v1/credit/facts', {
      enterpriseCode: agent,
      kind: 'courtJudgement',
      severity: 'medium',
      occurredAt: new Date().toISOString(),
      reason: '(2026)浙01民初88号：合同欺诈',
      evidence: ['(2026)浙01民初88号'],
      recordedBy: DECIDER,
    });
    expect(recorded.status).toBe(201);
    await customsLevel(agent, 'D');
    const notice = await waitNotice(TOKENS.agent, 'D', 'Appeal');
    expect(notice.find((r) => r.returnStatus === 'D')).toMatchObject({ issuedBy: 'credit' });

    const ids = await pushSet(caseFor(`${RUN}-D`));
    const receipts = await waitStatus(ids.list, TOKENS.agent, '500');
    expect(receipts.find((r) => r.returnStatus === '500')?.returnInfo).toContain('信用等级D');

    const own = await file(agent, TOKENS.agent);
    expect(own).toMatchObject({ level: 'D', rating: { score: '45.00' } });
    expect(own.rating!.explanation.deductions.map((d) => d.factId)).toEqual([recorded.body.id]);
    expect(own.facts[0]).toMatchObject({ kind: 'regulator.courtJudgement', status: 'active' });

    const reversed = await api(
      creditRegulator,
      'POST',
      `/v1/credit/facts/${encodeURIComponent(recorded.body.id)}/reversal`,
      {
        reason: '二审撤销原判',
        decidedBy: DECIDER,
      },
    );
    expect(reversed.status).toBe(200);
    await customsLevel(agent, 'B');
    expect((await file(agent, TOKENS.agent)).facts[0]).toMatchObject({ status: 'reversed' });
  });

  it('records an order refused by rule against its enterprise, and reverses it when the corrected set passes', async () => {
    const seller = DEMO_ENTERPRISES.seller.customsCode;
    const orderNo = `${RUN}-REF`;
    const c = caseFor(orderNo);
    c.waybill.LogisticsHead.consignee = '李四';
    const ids = await pushSet(c);
    await waitStatus(ids.order, TOKENS.ebp, '100');
    const factId = `customs:match:import:${orderNo}`;
    await factStatus(seller, factId, 'active');

    const fixed = structuredClone(c.waybill);
    Object.assign(fixed.LogisticsHead, { appType: '2', appTime: '20261121110000', consignee: '张三' });
    await post('waybills', TOKENS.logistics, fixed);
    await waitStatus(ids.list, TOKENS.agent, '800');
    const after = await factStatus(seller, factId, 'reversed');
    expect(after.facts.find((f) => f.id === factId)?.reversalReason).toContain('corrected');
    expect(after.level).toBe('B');
  });

  it('finds a tax bill unpaid past its due date by its timer (no polling), and reverses the fact when paid late', async () => {
    const guarantor = freshCode(1);
    const taxNo = `TB${RUN}01`;
    const issued: TaxBillIssued = {
      taxNo,
      listIdentity: `${guarantor}:${RUN}-TAX`,
      listMessageId: randomUUID(),
      assessmentRequestId: randomUUID(),
      assureCode: guarantor,
      ebcCode: guarantor,
      agentCode: DEMO_ENTERPRISES.agent.customsCode,
      customsTax: '0.00',
      valueAddedTax: '19.11',
      consumptionTax: '0.00',
      taxTotal: '19.11',
      status: '1',
      lines: [],
      issuedAt: new Date(Date.now() - (model.taxBillDueDays * 86_400_000 + 5_000)).toISOString(),
    };
    await publish(Topics.TaxBillIssued, issued);
    const overdue = await factStatus(guarantor, `tax:overdue:${taxNo}`, 'active');
    expect(overdue.rating?.score).toBe('77.00');

    const paid: TaxBillStatusChanged = {
      taxNo,
      listIdentity: issued.listIdentity,
      assureCode: guarantor,
      status: '2',
      previousStatus: '1',
      paid: true,
      note: '已缴款',
      changedAt: new Date().toISOString(),
    };
    await publish(Topics.TaxBillStatusChanged, paid);
    expect((await factStatus(guarantor, `tax:overdue:${taxNo}`, 'reversed')).rating?.score).toBe('85.00');

    // A guarantee that fell short of an assessment, as tax answers customs: a low fact against the guarantor.
    const shortfall: TaxAssessmentCompleted = {
      requestId: randomUUID(),
      listMessageId: randomUUID(),
      listIdentity: `${guarantor}:${RUN}-HELD`,
      outcome: 'guarantee-insufficient',
      assureCode: guarantor,
      message: `担保企业[${guarantor}]担保余额[100.00]不足以担保本清单税款[207.53]`,
      dutiableValue: '900.00',
      customsTax: '0.00',
      valueAddedTax: '96.35',
      consumptionTax: '111.18',
      taxTotal: '207.53',
      lines: [],
    };
    await publish(Topics.TaxAssessmentCompleted, shortfall);
    const short = await factStatus(guarantor, `tax:shortfall:${shortfall.requestId}`, 'active');
    expect(short.rating?.score).toBe('83.50');

    // A fact that expires in a few seconds: the rating comes back by itself, with no message and no poll.
    const brief = await api(creditRegulator, 'POST', '/v1/credit/facts', {
      enterpriseCode: guarantor,
      kind: 'administrativePenalty',
      severity: 'high',
      occurredAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 4_000).toISOString(),
      reason: '杭市监罚〔2026〕118号',
      evidence: ['杭市监罚〔2026〕118号'],
      recordedBy: DECIDER,
    });
    expect(brief.status).toBe(201);
    expect((await standing(guarantor)).level).toBe('C');
    await waitFor(
      () => file(guarantor),
      (f) => f.level === 'B' && f.rating?.score === '83.50',
      { what: 'the expiry of the penalty', timeoutMs: 30_000 },
    );
  });

  it('gives two credit instances the model’s rating of every file, whatever order the anomalies arrive in', async () => {
    const codes = [2, 3, 4, 5, 6, 7].map(freshCode);
    const messages: { topic: typeof Topics.ForexVerificationAnomaly; payload: AnomalyReported }[] = [];
    const expected = new Map<string, RatedFact[]>();
    const severities = ['low', 'medium', 'high'] as const;
    let n = 0;
    for (const code of codes) {
      const facts: RatedFact[] = [];
      for (let i = 0; i < 6; i++) {
        n++;
        const source = n % 2 ? 'forex' : 'logistics';
        const kind = source === 'forex' ? 'forex.volumeMismatch' : 'logistics.noScanAfterRelease';
        const occurredAt = new Date(Date.now() - n * 60_000).toISOString();
        const base: AnomalyReported = {
          anomalyId: `${RUN}:${code}:${i}`,
          status: 'detected',
          enterpriseCode: code,
          kind,
          severity: severities[(n * 7) % 3],
          occurredAt,
          reason: `anomaly ${i}`,
          evidence: [`${RUN}-${i}`],
        };
        const topic = source === 'forex' ? Topics.ForexVerificationAnomaly : Topics.LogisticsAnomalyReported;
        messages.push({ topic, payload: base });
        const withdrawn = i % 3 === 0;
        if (withdrawn)
          messages.push({
            topic,
            payload: {
              ...base,
              status: 'withdrawn',
              occurredAt: new Date(Date.parse(occurredAt) + 1_000).toISOString(),
            },
          });
        facts.push({
          id: `${source}:${base.anomalyId}`,
          kind,
          source,
          severity: base.severity,
          occurredAt,
          expiresAt: expiryOf(model, kind, occurredAt),
          status: withdrawn ? 'reversed' : 'active',
          reason: base.reason,
          version: occurredAt,
        });
      }
      expected.set(code, facts);
    }
    // Reversed publication order: every withdrawal reaches the consumers before the anomaly it withdraws.
    for (const m of messages.reverse()) await publish(m.topic, m.payload);

    for (const code of codes) {
      const want = rate(model, expected.get(code)!, [], new Date());
      await waitFor(
        () => file(code, forexRegulator),
        (f) => f.rating?.score === want.score && f.level === want.level && f.facts.length === 6,
        { what: `the rating of ${code} (${want.score} ${want.level})`, timeoutMs: 60_000, intervalMs: 250 },
      );
    }
    const [group] = (await admin.describeGroups(['credit'])).groups;
    expect(group.members.length).toBe(2);
  });

  it('refuses a blacklisted enterprise’s new declarations at the gateway (403, with the reason) until an upheld appeal revokes the entry', async () => {
    const platform = DEMO_ENTERPRISES.platform.customsCode;
    const reason = `走私普通货物罪 ${RUN}`;
    // The platform's webhook receives the credit notices as it receives receipts.
    const pushed: Receipt[] = [];
    const receiver: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        pushed.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Receipt);
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(4760, '127.0.0.1', resolve));
    const hooksToken = mintToken({
      kind: 'enterprise',
      ent: platform,
      roles: ['ebp'],
      scopes: ['documents:read', 'webhooks:manage'],
    });
    const hook = await api(hooksToken, 'POST', '/v1/webhooks', {
      url: 'http://127.0.0.1:4760/hooks/credit',
      description: 'credit notices',
    });
    expect(hook.status).toBe(201);
    const entry = await api<{ id: string }>(creditRegulator, 'POST', '/v1/credit/list-entries', {
      enterpriseCode: platform,
      list: 'blacklist',
      reason,
      decidedBy: DECIDER,
    });
    expect(entry.status).toBe(201);

    let attempt = 0;
    const freshOrder = () => caseFor(`${RUN}-BL${attempt++}`).order;
    const refused = await waitFor(
      () =>
        api<{ errors: { rule: string; message: string }[] }>(
          TOKENS.ebp,
          'POST',
          '/v1/import/orders',
          freshOrder(),
        ),
      (r) => r.status === 403,
      { what: 'the blacklist at the gateway', timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ rule: 'credit.blacklisted', message: expect.stringContaining(reason) }),
    ]);
    expect(refused.body.errors[0].message).toContain('/v1/credit/appeals');
    await waitNotice(TOKENS.ebp, 'BL+', reason);
    await waitNotice(TOKENS.ebp, 'D', 'list.blacklist');
    await customsLevel(platform, 'D');

    // Graded disclosure: anyone reads the grade and the lists; only the enterprise and regulators the file.
    expect(await standing(platform, TOKENS.pay)).toMatchObject({
      level: 'D',
      lists: [expect.objectContaining({ list: 'blacklist', basis: 'decision' })],
    });
    expect((await api(TOKENS.pay, 'GET', `/v1/credit/enterprises/${platform}/file`)).status).toBe(404);
    expect((await file(platform, TOKENS.ebp)).listEntries).toEqual([
      expect.objectContaining({ id: entry.body.id, list: 'blacklist', status: 'active' }),
    ]);

    const appeal = await api<{ id: string; status: string }>(TOKENS.ebp, 'POST', '/v1/credit/appeals', {
      target: 'list-entry',
      targetId: entry.body.id,
      grounds: '判决已被二审撤销，见 (2026)浙刑终12号',
    });
    expect(appeal).toMatchObject({ status: 201, body: { status: 'pending' } });
    const again = await api(TOKENS.ebp, 'POST', '/v1/credit/appeals', {
      target: 'list-entry',
      targetId: entry.body.id,
      grounds: 'again',
    });
    expect(again.status).toBe(409);
    const selfDecided = await api(TOKENS.ebp, 'POST', `/v1/credit/appeals/${appeal.body.id}/decision`, {
      decision: 'upheld',
      note: 'x',
      decidedBy: 'me',
    });
    expect(selfDecided.status).toBe(403);
    const decided = await api(creditRegulator, 'POST', `/v1/credit/appeals/${appeal.body.id}/decision`, {
      decision: 'upheld',
      note: '二审判决撤销原判，申诉成立',
      decidedBy: DECIDER,
    });
    expect(decided).toMatchObject({ status: 200, body: { status: 'upheld', decidedBy: DECIDER } });

    await waitFor(
      () => api(TOKENS.ebp, 'POST', '/v1/import/orders', freshOrder()),
      (r) => r.status === 202,
      { what: 'declarations accepted again', timeoutMs: 30_000, intervalMs: 250 },
    );
    await waitNotice(TOKENS.ebp, 'BL-', 'revoked');
    await customsLevel(platform, 'B');
    const notices = await waitFor(
      () => pushed.filter((r) => r.documentType === 'CREDIT').map((r) => r.returnStatus),
      (statuses) => ['BL+', 'D', 'BL-', 'B'].every((st) => statuses.includes(st)),
      { what: 'the credit notices pushed to the webhook', timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(notices.length).toBeGreaterThanOrEqual(4);
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it('refuses a new order that names a blacklisted e-commerce enterprise, though the platform sends it (403; nothing stored or published)', async () => {
    const seller = DEMO_ENTERPRISES.seller.customsCode;
    const reason = `虚假贸易 ${RUN}`;
    const entry = await api<{ id: string }>(creditRegulator, 'POST', '/v1/credit/list-entries', {
      enterpriseCode: seller,
      list: 'blacklist',
      reason,
      decidedBy: DECIDER,
    });
    expect(entry.status).toBe(201);

    let attempt = 0;
    let orderNo = '';
    const refused = await waitFor(
      () => {
        orderNo = `${RUN}-EBC${attempt++}`;
        return api<{ errors: { path: string; rule: string; message: string }[] }>(
          TOKENS.ebp,
          'POST',
          '/v1/import/orders',
          caseFor(orderNo).order,
        );
      },
      (r) => r.status === 403,
      { what: 'the blacklisted e-commerce enterprise at the gateway', timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(refused.body.errors).toEqual([
      expect.objectContaining({
        path: 'OrderHead.ebcCode',
        rule: 'credit.blacklisted',
        message: expect.stringContaining(reason),
      }),
    ]);
    expect(refused.body.errors[0].message).toContain('/v1/credit/appeals');
    const [stored] = await queryRows<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM gateway.message_log WHERE document->'OrderHead'->>'orderNo' = $1`,
      [orderNo],
    );
    const [published] = await queryRows<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM gateway.outbox WHERE key = $1 OR envelope::text LIKE $2`,
      [orderNo, `%${orderNo}"%`],
    );
    expect({ stored: stored.n, published: published.n }).toEqual({ stored: 0, published: 0 });

    await customsLevel(seller, 'D');
    // Customs knows the seller is blacklisted, not only D: its lists are inspected whatever the rate of D.
    const customsBlacklisted = (blacklisted: boolean) =>
      waitFor(
        () =>
          queryRows<{ blacklisted: boolean }>(
            db,
            `SELECT blacklisted FROM customs.credit_rating WHERE enterprise_code = $1`,
            [seller],
          ),
        (rows) => rows[0]?.blacklisted === blacklisted,
        { what: `customs' blacklist flag ${blacklisted} of ${seller}`, timeoutMs: 30_000 },
      );
    await customsBlacklisted(true);
    // Credit repair ends the entry: the platform's orders for the seller are accepted again.
    const repaired = await api(creditRegulator, 'POST', `/v1/credit/list-entries/${entry.body.id}/repair`, {
      note: '整改完毕',
      decidedBy: DECIDER,
    });
    expect(repaired.status).toBe(200);
    await waitFor(
      () => api(TOKENS.ebp, 'POST', '/v1/import/orders', caseFor(`${RUN}-EBC${attempt++}`).order),
      (r) => r.status === 202,
      { what: 'orders naming the seller accepted again', timeoutMs: 30_000, intervalMs: 250 },
    );
    await customsLevel(seller, 'B');
    await customsBlacklisted(false);
  });

  it('lists a suspended registration as abnormal operation by rule (C at most), and takes it off on reactivation', async () => {
    const warehouse = DEMO_ENTERPRISES.warehouse.customsCode;
    const suspended = await api(operatorToken, 'POST', `/v1/enterprises/${warehouse}/suspend`, {
      reason: `虚假备案 ${RUN}`,
    });
    expect(suspended.status).toBe(200);
    const listed = await waitFor(
      () => file(warehouse),
      (f) => f.listEntries?.some((e) => e.list === 'abnormal' && e.status === 'active') ?? false,
      { what: 'the abnormal-operation entry by rule', timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(listed).toMatchObject({ level: 'C', rating: { score: '55.00' } });
    expect(await standing(warehouse)).toMatchObject({ lists: [{ list: 'abnormal', basis: 'rule' }] });
    await customsLevel(warehouse, 'C');

    expect((await api(operatorToken, 'POST', `/v1/enterprises/${warehouse}/reactivate`)).status).toBe(200);
    const lifted = await waitFor(
      () => file(warehouse),
      (f) => f.listEntries?.every((e) => e.status === 'ended') ?? false,
      { what: 'the rule entry ended', timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(lifted.level).toBe('B');
    expect(lifted.facts).toEqual([
      expect.objectContaining({ kind: 'registry.suspended', status: 'reversed' }),
    ]);
    await customsLevel(warehouse, 'B');
  });

  it('gives a whitelisted enterprise A (customs’ lowest rate) until credit repair ends the entry, and answers bad requests field by field', async () => {
    const logistics = DEMO_ENTERPRISES.logistics.customsCode;
    const entry = await api<{ id: string }>(creditRegulator, 'POST', '/v1/credit/list-entries', {
      enterpriseCode: logistics,
      list: 'whitelist',
      reason: '连续三年无违规，示范企业',
      decidedBy: DECIDER,
    });
    expect(entry.status).toBe(201);
    await customsLevel(logistics, 'A');
    const repaired = await api(creditRegulator, 'POST', `/v1/credit/list-entries/${entry.body.id}/repair`, {
      note: '示范期满',
      decidedBy: DECIDER,
    });
    expect(repaired.status).toBe(200);
    await customsLevel(logistics, 'B');
    expect(
      (
        await api(creditRegulator, 'POST', `/v1/credit/list-entries/${entry.body.id}/repair`, {
          note: 'x',
          decidedBy: DECIDER,
        })
      ).status,
    ).toBe(409);

    const bad = await api<{ errors: { path: string }[] }>(creditRegulator, 'POST', '/v1/credit/facts', {
      enterpriseCode: 'nope',
      kind: 'aeoCertification',
      severity: 'grave',
      occurredAt: 'yesterday',
      reason: '',
      evidence: [],
      recordedBy: DECIDER,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.path).sort()).toEqual(
      ['aeoGrade', 'enterpriseCode', 'occurredAt', 'reason', 'severity'].sort(),
    );
    const byEnterprise = await api(TOKENS.ebp, 'POST', '/v1/credit/list-entries', {
      enterpriseCode: logistics,
      list: 'whitelist',
      reason: 'me',
      decidedBy: 'me',
    });
    expect(byEnterprise.status).toBe(403);
    const byOtherAgency = await api(forexRegulator, 'POST', '/v1/credit/list-entries', {
      enterpriseCode: logistics,
      list: 'blacklist',
      reason: 'x',
      decidedBy: DECIDER,
    });
    expect(byOtherAgency.status).toBe(403);
    const list = await api<{ items: Standing[] }>(creditRegulator, 'GET', '/v1/credit/standings?level=Z');
    expect(list.status).toBe(400);
  });

  it('re-rates at start the files a previous model version rated, publishing what changes', async () => {
    const code = freshCode(8);
    const occurredAt = new Date().toISOString();
    await publish(Topics.ForexVerificationAnomaly, {
      anomalyId: `${RUN}:model`,
      status: 'detected',
      enterpriseCode: code,
      kind: 'forex.volumeMismatch',
      severity: 'medium',
      occurredAt,
      reason: 'volume mismatch',
      evidence: [`${RUN}-model`],
    });
    const rated = await waitFor(
      () => file(code),
      (f) => f.rating?.score === '79.00',
      { what: `the rating of ${code}`, timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(rated.level).toBe('B');
    // As a previous model version left it: another version, another level.
    await queryRows(
      db,
      `UPDATE credit.rating SET model_version = '2025.9', level = 'C', score = 60 WHERE subject_code = $1`,
      [code],
    );
    await credits[1].stop();
    credits[1] = ServiceProcess.spawn(
      'credit',
      { ...env, PORT: '4756', INSTANCE_ID: 'credit-e2e-1b' },
      'credit-e2e-credit-1b',
    );
    await credits[1].ready();
    const rerated = await waitFor(
      () =>
        queryRows<{ model_version: string; level: string; score: string }>(
          db,
          `SELECT model_version, level, score::text FROM credit.rating WHERE subject_code = $1`,
          [code],
        ),
      (rows) => rows[0]?.model_version === model.version,
      { what: 're-rated under the current model', timeoutMs: 30_000 },
    );
    expect(rerated[0]).toMatchObject({ level: 'B', score: '79.00' });
    // The change C → B was published: customs holds the new level.
    await customsLevel(code, 'B');
  });
});
