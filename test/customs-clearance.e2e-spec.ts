import { randomUUID } from 'node:crypto';

import { type Consumer, Kafka, logLevel, type Producer } from 'kafkajs';

import {
  type AssessmentOutcome,
  createEnvelope,
  DEMO_ENTERPRISES,
  type ImportInventoryCancel,
  type ImportRefund,
  IMPORT_INVENTORY_CANCEL_EXAMPLE,
  IMPORT_REFUND_EXAMPLE,
  type TaxAssessmentCompleted,
  type TaxAssessmentRequested,
  Topics,
} from '@swx/contracts';
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

const UNREGISTERED = '3301989999';
const RUN = `CL${Date.now() % 1_000_000}`;
const CASE_TIMEOUT_SECONDS = 20;

const tokenFor = (ent: string, role: string) =>
  mintToken({ kind: 'enterprise', ent, roles: [role], scopes: ['documents:write', 'documents:read'] });
const TOKENS = {
  ebp: tokenFor(DEMO_ENTERPRISES.platform.customsCode, 'ebp'),
  pay: tokenFor(DEMO_ENTERPRISES.payment.customsCode, 'pay'),
  logistics: tokenFor(DEMO_ENTERPRISES.logistics.customsCode, 'logistics'),
  agent: tokenFor(DEMO_ENTERPRISES.agent.customsCode, 'agent'),
};

interface SetIds {
  order: string;
  payment: string;
  waybill: string;
  list: string;
}

/**
 * Customs matching and clearance end to end: documents pushed through the gateway (real Kafka, real PostgreSQL),
 * customs deciding, receipts back at the gateway for each sender. Tax is not started: a tiny fake tax in this test
 * process answers `TaxAssessmentRequested` with `TaxAssessmentCompleted` envelopes over kafkajs (the real tax
 * service is built against the same contract by another developer).
 */
describe('customs: 三单对碰 / 四单比对 and clearance through the gateway', () => {
  // A database of its own: customs' copy of the credit grades must not carry another suite's (a D inspects every
  // list here, where rate D is 1).
  const db = `${process.env.TEST_DATABASE_URL!}_clearance`;
  const env = { DATABASE_URL: db, KAFKA_BROKERS: process.env.KAFKA_BROKERS! };
  const kafka = new Kafka({
    clientId: 'customs-clearance-e2e',
    brokers: env.KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
  let gateway: ServiceProcess;
  let customs: ServiceProcess;
  let credit: ServiceProcess;
  let producer: Producer;
  let fakeTax: Consumer;
  /** The fake tax's answer per order number (default: assessed), and the requests it saw. */
  const taxPolicy = new Map<string, { outcome: AssessmentOutcome; code?: string; message: string }>();
  const requests = new Map<string, TaxAssessmentRequested>();

  const answer = async (
    request: TaxAssessmentRequested,
    outcome: AssessmentOutcome,
    message: string,
    code?: string,
  ) => {
    const payload: TaxAssessmentCompleted = {
      requestId: request.requestId,
      listMessageId: request.listMessageId,
      listIdentity: request.listIdentity,
      outcome,
      ...(code ? { code } : {}),
      message,
      dutiableValue: '210.00',
      customsTax: '0.00',
      valueAddedTax: '19.11',
      consumptionTax: '0.00',
      taxTotal: '19.11',
      lines: [],
    };
    const envelope = createEnvelope({
      type: Topics.TaxAssessmentCompleted.messageType,
      version: Topics.TaxAssessmentCompleted.version,
      producer: 'tax',
      key: request.orderNo,
      correlationId: `fake-tax-${request.orderNo}`,
      payload,
    });
    await producer.send({
      topic: Topics.TaxAssessmentCompleted.name,
      messages: [{ key: request.orderNo, value: JSON.stringify(envelope) }],
    });
  };

  beforeAll(async () => {
    await recreateDatabase(db);
    // This suite's credit and customs start from now: earlier suites' refusals of the demo seller, which no credit
    // instance consumed, would grade it D before the first list here (and D inspects every list here).
    await skipConsumerGroupsToEnd(env.KAFKA_BROKERS, ['credit', 'customs']);
    gateway = ServiceProcess.spawn(
      'gateway',
      { ...env, PORT: '4800', CREDIT_SERVICE_URL: 'http://127.0.0.1:4799' },
      'customs-e2e-gateway',
    );
    // The producer of the credit ratings customs inspects by.
    credit = ServiceProcess.spawn('credit', { ...env, PORT: '4799' }, 'customs-e2e-credit');
    customs = ServiceProcess.spawn(
      'customs',
      {
        ...env,
        PORT: '4801',
        CUSTOMS_CASE_TIMEOUT_SECONDS: String(CASE_TIMEOUT_SECONDS),
        CUSTOMS_SWEEP_INTERVAL_MS: '500',
        // Only D inspects here: the broken variants below are credit facts that lower the seller's grade.
        CUSTOMS_INSPECTION_RATE_A: '0',
        CUSTOMS_INSPECTION_RATE_B: '0',
        CUSTOMS_INSPECTION_RATE_C: '0',
        CUSTOMS_INSPECTION_RATE_D: '1',
      },
      'customs-e2e-customs',
    );
    await Promise.all([gateway.ready(), customs.ready(), credit.ready()]);
    producer = kafka.producer();
    await producer.connect();
    fakeTax = kafka.consumer({ groupId: `fake-tax-${RUN}` });
    await fakeTax.connect();
    await fakeTax.subscribe({ topic: Topics.TaxAssessmentRequested.name, fromBeginning: true });
    await fakeTax.run({
      eachMessage: async ({ message }) => {
        const request = (JSON.parse(String(message.value)) as { payload: TaxAssessmentRequested }).payload;
        if (!request.orderNo.startsWith(RUN)) return;
        requests.set(request.orderNo, request);
        const policy = taxPolicy.get(request.orderNo) ?? { outcome: 'assessed', message: '已计征' };
        await answer(request, policy.outcome, policy.message, policy.code);
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
  });

  afterAll(async () => {
    await fakeTax?.disconnect();
    await producer?.disconnect();
    await Promise.all([gateway?.stop(), customs?.stop(), credit?.stop()]);
  });

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

  const pushSet = async (c: CompleteCase, logisticsToken = TOKENS.logistics): Promise<SetIds> => {
    const [order, payment, waybill, list] = await Promise.all([
      post('orders', TOKENS.ebp, c.order),
      post('payments', TOKENS.pay, c.payment),
      post('waybills', logisticsToken, c.waybill),
      post('inventories', TOKENS.agent, c.list),
    ]);
    return { order, payment, waybill, list };
  };

  const receiptsOf = async (messageId: string, token: string) => {
    const response = await fetch(gateway.url(`/v1/messages/${messageId}/receipts`), {
      headers: { authorization: `Bearer ${token}` },
    });
    if (response.status !== 200) throw new Error(`receipts of ${messageId}: HTTP ${response.status}`);
    return ((await response.json()) as { receipts: { returnStatus: string; returnInfo: string }[] }).receipts;
  };

  const statuses = async (messageId: string, token: string) =>
    (await receiptsOf(messageId, token)).map((r) => r.returnStatus);

  const waitStatus = (messageId: string, token: string, status: string, timeoutMs = 60_000) =>
    waitFor(
      () => receiptsOf(messageId, token),
      (rs) => rs.some((r) => r.returnStatus === status),
      { what: `receipt ${status} for ${messageId}`, timeoutMs, intervalMs: 250 },
    );

  const events = (topic: string, orderNo: string) =>
    queryRows<{ payload: { event?: string; outcome?: string; returnStatus?: string } }>(
      db,
      `SELECT envelope->'payload' AS payload FROM customs.outbox WHERE topic = $1 AND key = $2 ORDER BY id`,
      [topic, orderNo],
    );

  it('releases a consistent set pushed through the gateway (800), with receipts visible to each sender', async () => {
    const orderNo = `${RUN}-OK`;
    const ids = await pushSet(caseFor(orderNo));
    await waitStatus(ids.list, TOKENS.agent, '800');
    expect(await statuses(ids.list, TOKENS.agent)).toEqual(['2', '120', '399', '800']);
    expect(await statuses(ids.order, TOKENS.ebp)).toEqual(['2', '120']);
    expect(await statuses(ids.payment, TOKENS.pay)).toEqual(['2', '120']);
    expect(await statuses(ids.waybill, TOKENS.logistics)).toEqual(['2', '120']);
    // A sender reads only its own documents' receipts.
    await expect(receiptsOf(ids.order, TOKENS.pay)).rejects.toThrow(/HTTP 40[34]/);

    const clearance = await events(Topics.ClearanceStatusChanged.name, orderNo);
    expect(clearance.map((e) => e.payload.event)).toEqual([
      'matched',
      'assessment-requested',
      'changed',
      'released',
    ]);
    const matches = await events(Topics.MatchResultDecided.name, orderNo);
    expect(matches.map((e) => e.payload.outcome)).toEqual(['passed']);
    expect(requests.get(orderNo)?.listIdentity).toBe(`${DEMO_ENTERPRISES.seller.customsCode}:${orderNo}`);
  });

  it('refuses each broken variant with a receipt naming its rule', async () => {
    const variants: [string, (c: CompleteCase) => void][] = [
      ['1320', (c) => void (c.payment.PaymentHead.ebpCode = '3301969999')],
      ['1325', (c) => void (c.payment.PaymentHead.amountPaid = '233.27')],
      ['13035', (c) => void (c.order.OrderHead.payCode = '31222699S7')],
      ['1327', (c) => void (c.payment.PaymentHead.payerName = '李四')],
      ['1328', (c) => void (c.waybill.LogisticsHead.consigneeTelephone = '13900000000')],
      ['13127', (c) => void (c.list.InventoryHead.buyerName = '王五')],
      ['1322', (c) => void (c.list.InventoryList[0].gname = '成人奶粉')],
      ['1329', (c) => void (c.list.InventoryHead.logisticsNo = `${c.list.InventoryHead.logisticsNo}X`)],
      [
        '-10102',
        (c) => {
          c.waybill.LogisticsHead.logisticsCode = UNREGISTERED;
          c.list.InventoryHead.logisticsCode = UNREGISTERED;
        },
      ],
      [
        '-621005',
        (c) => {
          Object.assign(c.order.OrderHead, { goodsValue: '5000.00', taxTotal: '0', acturalPaid: '5010.00' });
          Object.assign(c.order.OrderList[0], { qty: '1', price: '5000.00', totalPrice: '5000.00' });
          c.payment.PaymentHead.amountPaid = '5010.00';
          Object.assign(c.list.InventoryList[0], {
            qty: '1',
            qty1: '0.9',
            price: '5000.00',
            totalPrice: '5000.00',
          });
        },
      ],
    ];
    // Rule 1301 (order arithmetic) is checked again by customs, but the gateway already refuses such an order
    // at intake naming the same rule, so through the gateway its refusal is a 400.
    const wrongSum = caseFor(`${RUN}-R1301`).order;
    Object.assign(wrongSum.OrderHead, { taxTotal: '23.29', acturalPaid: '233.30' });
    const intake = await fetch(gateway.url('/v1/import/orders'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.ebp}` },
      body: JSON.stringify(wrongSum),
    });
    expect(intake.status).toBe(400);
    expect(JSON.stringify(await intake.json())).toContain('acturalPaid.equalsGoodsFreightTaxMinusDiscount');

    const unregisteredLogistics = tokenFor(UNREGISTERED, 'logistics');
    const pushed = await Promise.all(
      variants.map(async ([code, breakIt]) => {
        const c = caseFor(`${RUN}-R${code}`);
        breakIt(c);
        const ids = await pushSet(c, code === '-10102' ? unregisteredLogistics : TOKENS.logistics);
        return { code, ids, logisticsToken: code === '-10102' ? unregisteredLogistics : TOKENS.logistics };
      }),
    );
    for (const { code, ids, logisticsToken } of pushed) {
      const receipts = await waitStatus(ids.order, TOKENS.ebp, '100');
      const refusal = receipts.find((r) => r.returnStatus === '100')!;
      expect(refusal.returnInfo).toContain(`[Code:${code};`);
      const codes = [...refusal.returnInfo.matchAll(/\[Code:([^;]+);/g)].map((m) => m[1]);
      // The other payment company of the 13035 variant is not registered either: both rules are named.
      expect(codes).toEqual(code === '13035' ? ['13035', '-10102'] : [code]);
      const list = await waitStatus(ids.list, TOKENS.agent, '100');
      expect(list.map((r) => r.returnStatus)).toEqual(['2', '100']);
      await waitStatus(ids.waybill, logisticsToken, '100');
    }
  });

  it('refuses a list over the annual quota with tax’s code, and holds then releases on a guarantee top-up', async () => {
    const quotaOrder = `${RUN}-QUOTA`;
    const heldOrder = `${RUN}-HELD`;
    taxPolicy.set(quotaOrder, {
      outcome: 'annual-quota-exceeded',
      code: '-621018',
      message: '清单中购买人已用购买额度为[25900.00]，本次购买将超过年度限额[26000.00]',
    });
    taxPolicy.set(heldOrder, { outcome: 'guarantee-insufficient', message: '担保额度不足' });
    const [quota, held] = await Promise.all([pushSet(caseFor(quotaOrder)), pushSet(caseFor(heldOrder))]);

    const refused = await waitStatus(quota.list, TOKENS.agent, '100');
    expect(refused.map((r) => r.returnStatus)).toEqual(['2', '120', '100']);
    expect(refused[2].returnInfo).toContain('[Code:-621018;');

    await waitFor(
      () => events(Topics.ClearanceStatusChanged.name, heldOrder),
      (rows) => rows.some((r) => r.payload.event === 'held'),
      { what: 'the held event' },
    );
    expect(await statuses(held.list, TOKENS.agent)).toEqual(['2', '120']);
    await answer(requests.get(heldOrder)!, 'assessed', '担保已补足，已计征');
    await waitStatus(held.list, TOKENS.agent, '800');
  });

  it('re-evaluates a change before release, refuses one after release, withdraws on cancel, accepts a return', async () => {
    const orderNo = `${RUN}-CHG`;
    const c = caseFor(orderNo);
    c.waybill.LogisticsHead.consignee = '李四';
    const ids = await pushSet(c);
    await waitStatus(ids.order, TOKENS.ebp, '100');

    const fixed = structuredClone(c.waybill);
    Object.assign(fixed.LogisticsHead, { appType: '2', appTime: '20261121110000', consignee: '张三' });
    const waybillChange = await post('waybills', TOKENS.logistics, fixed);
    await waitStatus(ids.list, TOKENS.agent, '800');
    expect(await statuses(waybillChange, TOKENS.logistics)).toEqual(['2', '120']);
    expect(await statuses(ids.order, TOKENS.ebp)).toEqual(['2', '100', '120']);

    const late = structuredClone(c.order);
    Object.assign(late.OrderHead, { appType: '2', appTime: '20261121120000', note: '改单' });
    const lateChange = await post('orders', TOKENS.ebp, late);
    const lateReceipts = await waitStatus(lateChange, TOKENS.ebp, '100');
    expect(lateReceipts[0].returnInfo).toContain('-301011');

    const refund: ImportRefund = structuredClone(IMPORT_REFUND_EXAMPLE);
    Object.assign(refund.InvtRefundHead, {
      guid: randomUUID().toUpperCase(),
      orderNo,
      logisticsNo: c.list.InventoryHead.logisticsNo,
      invtNo: `R${Date.now() % 1e12}`,
    });
    const refundId = await post('refunds', TOKENS.agent, refund);
    await waitStatus(refundId, TOKENS.agent, '120');
    const clearance = await events(Topics.ClearanceStatusChanged.name, orderNo);
    expect(clearance.map((e) => e.payload.event)).toContain('returned');

    // A held list (not released) is withdrawn by CEB623.
    const cancelOrder = `${RUN}-CNL`;
    taxPolicy.set(cancelOrder, { outcome: 'guarantee-insufficient', message: '担保额度不足' });
    const held = await pushSet(caseFor(cancelOrder));
    await waitFor(
      () => events(Topics.ClearanceStatusChanged.name, cancelOrder),
      (rows) => rows.some((r) => r.payload.event === 'held'),
      { what: 'the held event' },
    );
    const cancel: ImportInventoryCancel = structuredClone(IMPORT_INVENTORY_CANCEL_EXAMPLE);
    Object.assign(cancel.InvtCancel, {
      guid: randomUUID().toUpperCase(),
      orderNo: cancelOrder,
      logisticsNo: `LN${cancelOrder}`,
      invtNo: `C${Date.now() % 1e12}`,
    });
    const cancelId = await post('inventory-cancellations', TOKENS.agent, cancel);
    await waitStatus(cancelId, TOKENS.agent, '399');
    const listReceipts = await waitStatus(held.list, TOKENS.agent, '100');
    expect(listReceipts.at(-1)?.returnInfo).toContain('清单已撤销');
    const cancelled = await events(Topics.ClearanceStatusChanged.name, cancelOrder);
    expect(cancelled.map((e) => e.payload.event)).toContain('cancelled');
  });

  it('closes a case still incomplete after the window, naming the missing documents', async () => {
    const c = caseFor(`${RUN}-TMO`);
    const [order, payment] = await Promise.all([
      post('orders', TOKENS.ebp, c.order),
      post('payments', TOKENS.pay, c.payment),
    ]);
    const receipts = await waitStatus(order, TOKENS.ebp, '100', (CASE_TIMEOUT_SECONDS + 60) * 1000);
    const closed = receipts.find((r) => r.returnStatus === '100')!;
    expect(closed.returnInfo).toContain('CEB511');
    expect(closed.returnInfo).toContain('CEB621');
    expect(closed.returnInfo).not.toContain('CEB411');
    await waitStatus(payment, TOKENS.pay, '100');
  });

  it('inspects a list whose enterprise the credit service rates D (500), and releases it on the inspector’s result', async () => {
    // A court judgement a credit regulator records takes the agent to D (apps/credit/data/scoring-model).
    const judgement = await fetch(gateway.url('/v1/credit/facts'), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${mintToken({ kind: 'regulator', agency: 'credit', scopes: ['regulator:read'] })}`,
      },
      body: JSON.stringify({
        enterpriseCode: DEMO_ENTERPRISES.agent.customsCode,
        kind: 'courtJudgement',
        severity: 'medium',
        occurredAt: new Date().toISOString(),
        reason: `(2026)浙01民初88号 ${RUN}`,
        evidence: ['(2026)浙01民初88号'],
        recordedBy: '王明 (HZ-CR-0107)',
      }),
    });
    expect(judgement.status).toBe(201);
    await waitFor(
      () =>
        queryRows<{ level: string }>(
          db,
          `SELECT level FROM customs.credit_rating WHERE enterprise_code = $1`,
          [DEMO_ENTERPRISES.agent.customsCode],
        ),
      (rows) => rows[0]?.level === 'D',
      { what: 'the rating in customs' },
    );
    const orderNo = `${RUN}-INSP`;
    const ids = await pushSet(caseFor(orderNo));
    await waitStatus(ids.list, TOKENS.agent, '500');
    const tooEarly = await fetch(customs.url(`/v1/inspections/${RUN}-NONE`), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-internal-token': TEST_SECRETS.INTERNAL_API_TOKEN },
      body: JSON.stringify({ result: 'pass' }),
    });
    expect(tooEarly.status).toBe(404);
    const result = await fetch(customs.url(`/v1/inspections/${orderNo}`), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-internal-token': TEST_SECRETS.INTERNAL_API_TOKEN },
      body: JSON.stringify({ result: 'pass', note: '查验无异常' }),
    });
    expect(result.status).toBe(200);
    await waitStatus(ids.list, TOKENS.agent, '800');
    expect(await statuses(ids.list, TOKENS.agent)).toEqual(['2', '120', '399', '500', '800']);
  });
});
