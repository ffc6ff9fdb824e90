import { DEMO_ENTERPRISES, Topics } from '@swx/contracts';
import {
  mintToken,
  queryRows,
  recreateDatabase,
  ServiceProcess,
  skipConsumerGroupsToEnd,
  TEST_SECRETS,
  waitFor,
} from '@swx/testing';

import type { CompleteCase } from '../apps/customs/src/matching/documents';
import { caseFor } from '../apps/customs/src/matching/rules/case-fixture';

const RUN = `RK${Date.now() % 1_000_000}`;
const tokenFor = (ent: string, role: string) =>
  mintToken({ kind: 'enterprise', ent, roles: [role], scopes: ['documents:write', 'documents:read'] });
const TOKENS = {
  ebp: tokenFor(DEMO_ENTERPRISES.platform.customsCode, 'ebp'),
  pay: tokenFor(DEMO_ENTERPRISES.payment.customsCode, 'pay'),
  logistics: tokenFor(DEMO_ENTERPRISES.logistics.customsCode, 'logistics'),
  agent: tokenFor(DEMO_ENTERPRISES.agent.customsCode, 'agent'),
};
const customsOfficer = mintToken({ kind: 'regulator', agency: 'customs', scopes: ['regulator:read'] });
const marketRegulator = mintToken({ kind: 'regulator', agency: 'market', scopes: ['regulator:read'] });
const operator = mintToken({ kind: 'operator', scopes: ['registry:read', 'registry:write'] });
const customsOfficerPii = mintToken({
  kind: 'regulator',
  agency: 'customs',
  scopes: ['regulator:read', 'personal-data:read'],
  sub: 'risk-e2e-customs-pii',
});

interface RiskCase {
  caseId: string;
  ruleCode: string;
  status: string;
  grade: string;
  agency: string | null;
  outcome: string | null;
  warning: { evidence: string[]; subjectMasked: string; subject: string; subjectClear?: string };
  history?: { step: number; action: string; actor: string; reason: string; status: string }[];
}

/**
 * Risk end to end on the real broker and database (gateway + customs + tax + risk): three recipients' names at one
 * address and phone raise a warning and open a case; a customs officer, named, works it and disposes of it with a
 * notice and an inspection request. The list not yet declared goes to inspection (500) instead of release, the
 * released one gets a post-release check, the notice reaches the platform's receipts, and the review publishes
 * the credit fact.
 */
describe('risk: warning → case → inspection request that customs carries out', () => {
  // A database of its own, and its customs, tax and risk start at the end of the shared broker's topics: tax
  // assessment requests of the demo buyer that earlier suites left unconsumed would otherwise fill its annual quota
  // here (-621018 instead of a release), and their orders would feed this suite's risk windows.
  const db = `${process.env.TEST_DATABASE_URL!}_risk`;
  const env = { DATABASE_URL: db, KAFKA_BROKERS: process.env.KAFKA_BROKERS! };
  let gateway: ServiceProcess;
  let customs: ServiceProcess;
  let tax: ServiceProcess;
  let risk: ServiceProcess;
  let secondRisk: ServiceProcess;

  beforeAll(async () => {
    await recreateDatabase(db);
    await skipConsumerGroupsToEnd(env.KAFKA_BROKERS, ['customs', 'tax', 'risk']);
    gateway = ServiceProcess.spawn(
      'gateway',
      {
        ...env,
        PORT: '4900',
        TAX_SERVICE_URL: 'http://127.0.0.1:4902',
        RISK_SERVICE_URL: 'http://127.0.0.1:4903',
      },
      'risk-e2e-gateway',
    );
    customs = ServiceProcess.spawn(
      'customs',
      { ...env, PORT: '4901', CUSTOMS_INSPECTION_RATE_B: '0' },
      'risk-e2e-customs',
    );
    tax = ServiceProcess.spawn('tax', { ...env, PORT: '4902' }, 'risk-e2e-tax');
    risk = ServiceProcess.spawn('risk', { ...env, PORT: '4903' }, 'risk-e2e-risk');
    // Two risk instances share the work: one warning, one case, one set of requests whatever instance evaluates.
    secondRisk = ServiceProcess.spawn('risk', { ...env, PORT: '4904' }, 'risk-e2e-risk-2');
    await Promise.all([gateway.ready(), customs.ready(), tax.ready(), risk.ready(), secondRisk.ready()]);

    const token = await fetch(gateway.url('/v1/oauth/token'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: TEST_SECRETS.OPERATOR_CLIENT_ID,
        client_secret: TEST_SECRETS.OPERATOR_CLIENT_SECRET,
        scope: 'registry:write',
      }),
    });
    const { access_token } = (await token.json()) as { access_token: string };
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
    const guarantee = await api(
      operator,
      'PUT',
      `/v1/tax/guarantee-accounts/${DEMO_ENTERPRISES.agent.customsCode}`,
      {
        kind: 'deposit',
        amount: '100000.00',
      },
    );
    expect(guarantee.status).toBe(200);
    await waitFor(
      () => queryRows<{ n: number }>(db, `SELECT count(*)::int AS n FROM customs.enterprise`),
      (rows) => rows[0].n >= Object.keys(DEMO_ENTERPRISES).length,
      { what: 'the registry projected into customs', timeoutMs: 60_000 },
    );
  });

  afterAll(async () => {
    await Promise.all([gateway?.stop(), customs?.stop(), tax?.stop(), risk?.stop(), secondRisk?.stop()]);
  });

  async function api(token: string, method: string, path: string, body?: object) {
    const res = await fetch(gateway.url(path), {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  const post = async (path: string, token: string, document: object): Promise<string> => {
    const response = await fetch(gateway.url(`/v1/import/${path}`), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(document),
    });
    const text = await response.text();
    if (response.status !== 202) throw new Error(`${path}: HTTP ${response.status} ${text}`);
    return (JSON.parse(text) as { messageId: string }).messageId;
  };

  const receiptsOf = async (messageId: string, token: string) => {
    const response = await fetch(gateway.url(`/v1/messages/${messageId}/receipts`), {
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.status !== 200) throw new Error(`receipts of ${messageId}: HTTP ${response.status}`);
    return ((await response.json()) as { receipts: { returnStatus: string; returnInfo: string }[] }).receipts;
  };

  const waitStatus = (messageId: string, token: string, status: string) =>
    waitFor(
      () => receiptsOf(messageId, token),
      (rs) => rs.some((r) => r.returnStatus === status),
      { what: `receipt ${status} for ${messageId}`, timeoutMs: 60_000, intervalMs: 250 },
    );

  /** One order of the run: its own recipient name, the run's shared address and phone. */
  const setFor = (suffix: string, name: string): CompleteCase => {
    const c = caseFor(`${RUN}-${suffix}`);
    const address = `浙江省杭州市西湖区文三路${RUN}号`;
    const phone = '13912345678';
    Object.assign(c.order.OrderHead, {
      consignee: name,
      consigneeAddress: address,
      consigneeTelephone: phone,
    });
    Object.assign(c.waybill.LogisticsHead, {
      consignee: name,
      consigneeAddress: address,
      consigneeTelephone: phone,
    });
    c.list.InventoryHead.consigneeAddress = address;
    return c;
  };

  it('raises a warning, and the case disposed with an inspection request changes the lists’ outcomes', async () => {
    const a = setFor('A', '赵一');
    const b = setFor('B', '钱二');
    const c = setFor('C', '孙三');
    // A is declared in full and released before any risk decision: risk never holds a release.
    const idsA = await Promise.all([
      post('orders', TOKENS.ebp, a.order),
      post('payments', TOKENS.pay, a.payment),
      post('waybills', TOKENS.logistics, a.waybill),
      post('inventories', TOKENS.agent, a.list),
    ]);
    await waitStatus(idsA[3], TOKENS.agent, '800');
    const orderIds: string[] = [];
    for (const set of [b, c]) {
      orderIds.push(await post('orders', TOKENS.ebp, set.order));
      await post('payments', TOKENS.pay, set.payment);
      await post('waybills', TOKENS.logistics, set.waybill);
    }

    // Enterprises do not read risk cases; regulators do, masked.
    expect((await api(TOKENS.ebp, 'GET', '/v1/risk/cases')).status).toBe(403);
    const cases = await waitFor(
      async () =>
        ((await api(customsOfficer, 'GET', '/v1/risk/cases?rule=risk.sharedAddressPhone')).body.items ??
          []) as RiskCase[],
      (items) => items.some((i) => i.warning.evidence.includes(`${RUN}-C`)),
      { what: 'the shared address + phone case', timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(cases.filter((i) => i.warning.evidence.includes(`${RUN}-A`))).toHaveLength(1);
    const opened = cases.find((i) => i.warning.evidence.includes(`${RUN}-C`))!;
    expect(opened).toMatchObject({ ruleCode: 'risk.sharedAddressPhone', status: 'collected', grade: 'blue' });
    expect(opened.warning.evidence).toEqual([`${RUN}-A`, `${RUN}-B`, `${RUN}-C`]);
    expect(opened.warning.subject).toMatch(/^pt\d+\.[A-Za-z0-9_-]{43}\|pt\d+\.[A-Za-z0-9_-]{43}$/);
    expect(opened.warning.subjectMasked).not.toContain(RUN);
    const caseId = opened.caseId;

    // In clear only with personal-data:read, from the gateway's message log, and audited.
    const masked = await api(customsOfficer, 'GET', `/v1/risk/cases/${caseId}`);
    expect((masked.body as unknown as RiskCase).warning.subjectClear).toBeUndefined();
    const clear = await api(customsOfficerPii, 'GET', `/v1/risk/cases/${caseId}`);
    expect((clear.body as unknown as RiskCase).warning.subjectClear).toBe(
      `浙江省杭州市西湖区文三路${RUN}号 13912345678`,
    );
    const audited = await queryRows<{ fields: string[] }>(
      db,
      `SELECT fields FROM gateway.personal_data_read WHERE client_id = 'risk-e2e-customs-pii'`,
    );
    expect(audited).toEqual([{ fields: ['OrderHead.consigneeAddress', 'OrderHead.consigneeTelephone'] }]);
    const step = (token: string, body: object) => api(token, 'POST', `/v1/risk/cases/${caseId}/steps`, body);

    // Out of order: 409; a field error: 400; another agency before assignment: 403.
    expect((await step(customsOfficer, { action: 'warn', actor: '王芳', reason: 'skip' })).status).toBe(409);
    expect((await step(customsOfficer, { action: 'assess', reason: 'no actor' })).status).toBe(400);
    expect((await step(marketRegulator, { action: 'assess', actor: '周八', reason: 'x' })).status).toBe(403);

    const officer = '王芳 (customs risk officer 3301-017)';
    for (const body of [
      { action: 'assess', actor: officer, reason: 'Three names at one address and phone', grade: 'yellow' },
      { action: 'assign', actor: officer, reason: 'Customs works it', agency: 'customs' },
      { action: 'warn', actor: officer, reason: 'Warned to the platform and the site' },
      // Not a way to inspect anyone's lists: orders outside the warning and the enterprise are refused (409).
      {
        action: 'dispose',
        actor: officer,
        reason: 'Inspect an unrelated list',
        disposals: ['inspection'],
        orderNos: [`${RUN}-UNRELATED`],
        expected: 409,
      },
      {
        action: 'dispose',
        actor: officer,
        reason: 'Inspect the lists of the three orders',
        disposals: ['notice', 'inspection'],
      },
    ] as ({ expected?: number } & Record<string, unknown>)[]) {
      const { expected = 200, ...request } = body;
      const answered = await step(customsOfficer, request);
      expect(answered.status).toBe(expected);
    }

    // Customs holds the requests: B pending (its list is not declared yet), A released → post-release check.
    const requests = await waitFor(
      () =>
        queryRows<{ order_no: string; outcome: string; requested_by: string }>(
          db,
          `SELECT order_no, outcome, requested_by FROM customs.risk_inspection_request
           WHERE case_id = $1 ORDER BY order_no`,
          [caseId],
        ),
      (rows) => rows.length === 3,
      { what: 'the inspection requests at customs', timeoutMs: 60_000 },
    );
    expect(requests).toEqual([
      { order_no: `${RUN}-A`, outcome: 'post-release-check', requested_by: officer },
      { order_no: `${RUN}-B`, outcome: 'pending', requested_by: officer },
      { order_no: `${RUN}-C`, outcome: 'pending', requested_by: officer },
    ]);
    const postRelease = await queryRows<{ payload: { event: string; returnStatus: string } }>(
      db,
      `SELECT envelope->'payload' AS payload FROM customs.outbox WHERE topic = $1 AND key = $2 ORDER BY id`,
      [Topics.ClearanceStatusChanged.name, `${RUN}-A`],
    );
    expect(postRelease.map((r) => [r.payload.event, r.payload.returnStatus]).at(-1)).toEqual([
      'post-release-check',
      '800',
    ]);

    // B's list, declared now, goes to inspection instead of release.
    const listB = await post('inventories', TOKENS.agent, b.list);
    const receipts = await waitStatus(listB, TOKENS.agent, '500');
    expect(receipts.map((r) => r.returnStatus)).toEqual(['2', '120', '399', '500']);
    expect(receipts[3].returnInfo).toContain(`风险布控 risk.sharedAddressPhone 案件 ${caseId}`);

    // The notice reaches the platform through its receipts, on the newest order of the window.
    const notice = await waitStatus(orderIds[1], TOKENS.ebp, '-901');
    expect(notice.find((r) => r.returnStatus === '-901')!.returnInfo).toContain('Inspect the lists');
    const asXml = await fetch(gateway.url(`/v1/messages/${orderIds[1]}/receipts`), {
      headers: { authorization: `Bearer ${TOKENS.ebp}`, accept: 'application/xml' },
    });
    expect(asXml.status).toBe(200);
    expect(await asXml.text()).toContain('<returnStatus>-901</returnStatus>');

    const reviewed = await step(customsOfficer, {
      action: 'review',
      actor: '李强 (customs reviewer 3301-002)',
      reason: 'Confirmed: one consignee collecting under three names',
      outcome: 'confirmed',
    });
    expect(reviewed).toMatchObject({
      status: 200,
      body: { status: 'reviewed', outcome: 'confirmed', grade: 'yellow' },
    });
    const history = (reviewed.body as unknown as RiskCase).history!;
    expect(history.map((h) => [h.status, h.action, h.actor])).toEqual([
      ['collected', 'opened', 'risk-service'],
      ['assessed', 'assess', officer],
      ['assessed', 'assign', officer],
      ['warned', 'warn', officer],
      ['disposed', 'dispose:notice+inspection', officer],
      ['reviewed', 'review', '李强 (customs reviewer 3301-002)'],
    ]);
    const concluded = await queryRows<{ payload: { outcome: string; ruleCode: string } }>(
      db,
      `SELECT envelope->'payload' AS payload FROM risk.outbox WHERE topic = $1 AND envelope->'payload'->>'caseId' = $2`,
      [Topics.RiskCaseConcluded.name, caseId],
    );
    const raised = await queryRows<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM risk.outbox WHERE topic = $1 AND envelope->'payload'->>'caseId' = $2`,
      [Topics.RiskWarningRaised.name, caseId],
    );
    expect(raised[0].n).toBe(1);
    expect(concluded.map((r) => r.payload)).toEqual([
      expect.objectContaining({ outcome: 'confirmed', ruleCode: 'risk.sharedAddressPhone' }),
    ]);
    expect(
      (await step(customsOfficer, { action: 'falsePositive', actor: officer, reason: 'late' })).status,
    ).toBe(409);

    // State survives restarts: both risk instances stop, one starts again, and a fourth name at the address counts
    // with the three it kept (the case, reviewed, keeps its history).
    await Promise.all([risk.stop(), secondRisk.stop()]);
    risk = ServiceProcess.spawn('risk', { ...env, PORT: '4903' }, 'risk-e2e-risk-restarted');
    await risk.ready();
    const d = setFor('D', '李四');
    await post('orders', TOKENS.ebp, d.order);
    const grown = await waitFor(
      async () => (await api(customsOfficer, 'GET', `/v1/risk/cases/${caseId}`)).body as unknown as RiskCase,
      (found) => found.warning.evidence.includes(`${RUN}-D`),
      { what: 'the fourth name counted after the restart', timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(grown.warning.evidence).toEqual([`${RUN}-A`, `${RUN}-B`, `${RUN}-C`, `${RUN}-D`]);
    expect(grown).toMatchObject({ status: 'reviewed', outcome: 'confirmed' });
  });
});
