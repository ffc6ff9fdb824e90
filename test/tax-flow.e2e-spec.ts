import { randomUUID } from 'node:crypto';

import { Consumer, Kafka, logLevel, Partitioners, Producer } from 'kafkajs';

import {
  ClearanceStatusChanged,
  createEnvelope,
  maskPersonValue,
  TaxAssessmentCompleted,
  TaxAssessmentRequested,
  Topics,
} from '@swx/contracts';
import { mintToken, queryRows, ServiceProcess, TEST_SECRETS, testPersonToken, waitFor } from '@swx/testing';

const ASSURE = '3301969901';
const EBC = '3301969902';
const BUYER = '110101199003070018';

const operator = mintToken({ kind: 'operator', scopes: ['registry:read', 'registry:write'] });
const guarantor = mintToken({ kind: 'enterprise', ent: ASSURE, roles: ['ebp'], scopes: ['documents:read'] });
const seller = mintToken({ kind: 'enterprise', ent: EBC, roles: ['ebc'], scopes: ['documents:read'] });
const stranger = mintToken({
  kind: 'enterprise',
  ent: '3301969909',
  roles: ['ebc'],
  scopes: ['documents:read'],
});
const taxRegulator = mintToken({ kind: 'regulator', agency: 'tax', scopes: ['regulator:read'] });
const taxRegulatorPii = mintToken({
  kind: 'regulator',
  agency: 'tax',
  scopes: ['regulator:read', 'personal-data:read'],
});
const forexRegulator = mintToken({ kind: 'regulator', agency: 'forex', scopes: ['regulator:read'] });

/**
 * The tax app on the real broker, with the gateway in front: customs' requests and clearance events are
 * published here by hand (customs is built separately). A guarantee that cannot cover an assessment holds it;
 * a top-up re-assesses it; the release issues the bill, which enterprises, regulators and operators read
 * through the gateway with their scopes, then summarise and pay.
 */
describe('tax: guarantee, assessment, release and bills on the real broker', () => {
  const db = process.env.TEST_DATABASE_URL!;
  const brokers = process.env.KAFKA_BROKERS!;
  const env = { DATABASE_URL: db, KAFKA_BROKERS: brokers };
  const kafka = new Kafka({ clientId: 'tax-e2e', brokers: brokers.split(','), logLevel: logLevel.WARN });
  let producer: Producer;
  let consumer: Consumer;
  let tax: ServiceProcess;
  let gateway: ServiceProcess;
  const completed: TaxAssessmentCompleted[] = [];

  beforeAll(async () => {
    tax = ServiceProcess.spawn('tax', { ...env, PORT: '5002' }, 'tax-flow-tax');
    gateway = ServiceProcess.spawn(
      'gateway',
      { ...env, PORT: '5000', TAX_SERVICE_URL: 'http://127.0.0.1:5002' },
      'tax-flow-gateway',
    );
    await Promise.all([tax.ready(), gateway.ready()]);
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    consumer = kafka.consumer({ groupId: `tax-e2e-${Date.now()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: Topics.TaxAssessmentCompleted.name, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const envelope = JSON.parse(message.value!.toString()) as { payload: TaxAssessmentCompleted };
        completed.push(envelope.payload);
      },
    });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
    await Promise.all([gateway?.stop(), tax?.stop()]);
  });

  const api = async (token: string, method: string, path: string, body?: object) => {
    const res = await fetch(gateway.url(path), {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  const publish = async (topic: string, type: string, key: string, payload: object) => {
    const envelope = createEnvelope({
      type,
      version: Object.values(Topics).find((t) => t.name === topic)!.version,
      producer: 'customs',
      key,
      payload,
      correlationId: key,
    });
    await producer.send({ topic, messages: [{ key, value: JSON.stringify(envelope) }] });
  };

  const requestFor = (orderNo: string, line: TaxAssessmentRequested['lines'][number], freight = '0') => {
    const payload: TaxAssessmentRequested = {
      requestId: randomUUID(),
      listMessageId: randomUUID(),
      listIdentity: `${EBC}:${orderNo}`,
      orderNo,
      ebpCode: ASSURE,
      ebcCode: EBC,
      agentCode: '3301969903',
      assureCode: ASSURE,
      buyerIdNumber: testPersonToken('idNumber', BUYER),
      buyerIdNumberMasked: maskPersonValue('idNumber', BUYER),
      buyerName: testPersonToken('name', '李四'),
      declaredAt: new Date().toISOString(),
      freight,
      insuredFee: '0',
      lines: [line],
    };
    return payload;
  };

  const answers = (requestId: string, n: number) =>
    waitFor(
      () => completed.filter((c) => c.requestId === requestId),
      (found) => found.length >= n,
      { timeoutMs: 60_000, what: `${n} answer(s) to ${requestId}` },
    );

  it('holds an assessment the guarantee cannot cover, re-assesses it on top-up, bills it at release', async () => {
    const opened = await api(operator, 'PUT', `/v1/tax/guarantee-accounts/${ASSURE}`, {
      kind: 'bank-guarantee',
      amount: '100.00',
      reference: 'BG-2026-001',
    });
    expect(opened).toMatchObject({ status: 200, body: { amount: '100.00', available: '100.00' } });

    // 50 ml skin care, 880 + freight 20 = 900: 综合税 207.53 > 100 available
    const cosmetics = requestFor(
      'ORD-TAX-E2E-1',
      {
        gnum: 1,
        gcode: '3304990099',
        gname: '精华液',
        qty: '1',
        unit: '142',
        qty1: '50',
        unit1: '096',
        price: '880.00',
        totalPrice: '880.00',
      },
      '20.00',
    );
    await publish(Topics.TaxAssessmentRequested.name, 'TaxAssessmentRequested', cosmetics.orderNo, cosmetics);
    const [held] = await answers(cosmetics.requestId, 1);
    expect(held).toMatchObject({ outcome: 'guarantee-insufficient', taxTotal: '207.53' });
    const account = await api(guarantor, 'GET', `/v1/tax/guarantee-accounts/${ASSURE}`);
    expect(account.body).toMatchObject({ kind: 'bank-guarantee', available: '100.00', heldRequests: 1 });

    const toppedUp = await api(operator, 'POST', `/v1/tax/guarantee-accounts/${ASSURE}/top-ups`, {
      amount: '200.00',
    });
    expect(toppedUp).toMatchObject({
      status: 200,
      body: { amount: '300.00', reserved: '207.53', heldRequests: 0 },
    });
    const [, assessed] = await answers(cosmetics.requestId, 2);
    expect(assessed).toMatchObject({
      outcome: 'assessed',
      dutiableValue: '900.00',
      customsTax: '0.00',
      valueAddedTax: '96.35',
      consumptionTax: '111.18',
      taxTotal: '207.53',
    });

    // A second list of the same guarantor fits what is left (92.47): 100 × 9.1 % = 9.10
    const milk = requestFor('ORD-TAX-E2E-2', {
      gnum: 1,
      gcode: '1901101000',
      gname: '奶粉',
      qty: '1',
      unit: '122',
      qty1: '0.8',
      unit1: '035',
      price: '100.00',
      totalPrice: '100.00',
    });
    await publish(Topics.TaxAssessmentRequested.name, 'TaxAssessmentRequested', milk.orderNo, milk);
    expect((await answers(milk.requestId, 1))[0]).toMatchObject({ outcome: 'assessed', taxTotal: '9.10' });

    const released: ClearanceStatusChanged = {
      event: 'released',
      flow: 'import',
      listMessageId: cosmetics.listMessageId,
      listIdentity: cosmetics.listIdentity,
      orderNo: cosmetics.orderNo,
      returnStatus: '800',
      returnInfo: '放行',
      assessmentRequestId: cosmetics.requestId,
      occurredAt: new Date().toISOString(),
    };
    await publish(Topics.ClearanceStatusChanged.name, 'ClearanceStatusChanged', cosmetics.orderNo, released);
    const bills = await waitFor(
      async () => (await api(seller, 'GET', '/v1/tax/bills')).body.items as Record<string, unknown>[],
      (items) => items.length === 1,
      { timeoutMs: 60_000, what: 'the tax bill of the released list' },
    );
    expect(bills[0]).toMatchObject({
      listIdentity: cosmetics.listIdentity,
      assureCode: ASSURE,
      customsTax: '0.00',
      valueAddedTax: '96.35',
      consumptionTax: '111.18',
      taxTotal: '207.53',
      status: '1',
      paid: false,
      lines: [
        {
          gnum: 1,
          gcode: '3304990099',
          taxPrice: '900.00',
          valueAddedTax: '96.35',
          consumptionTax: '111.18',
        },
      ],
    });
    const taxNo = bills[0].taxNo as string;
    const issued = await queryRows(db, `SELECT 1 FROM tax.outbox WHERE topic = $1 AND key = $2`, [
      Topics.TaxBillIssued.name,
      cosmetics.orderNo,
    ]);
    expect(issued).toHaveLength(1);

    // Scopes: a stranger sees nothing, the tax regulator everything, another agency is refused.
    expect((await api(stranger, 'GET', '/v1/tax/bills')).body.items).toEqual([]);
    expect((await api(stranger, 'GET', `/v1/tax/bills/${taxNo}`)).status).toBe(404);
    expect((await api(stranger, 'GET', `/v1/tax/guarantee-accounts/${ASSURE}`)).status).toBe(404);
    expect((await api(taxRegulator, 'GET', `/v1/tax/bills/${taxNo}`)).body).toMatchObject({
      taxNo,
      history: [{ status: '1', paid: false }],
    });
    expect((await api(forexRegulator, 'GET', '/v1/tax/bills')).status).toBe(403);
    expect(
      (await api(seller, 'PUT', `/v1/tax/guarantee-accounts/${ASSURE}`, { kind: 'deposit', amount: '1' }))
        .status,
    ).toBe(403);

    // The buyer's quota is personal data.
    const quotaQuery = { buyerIdNumber: BUYER };
    expect((await api(taxRegulator, 'POST', '/v1/tax/buyer-quotas/query', quotaQuery)).status).toBe(403);
    expect(await api(taxRegulatorPii, 'POST', '/v1/tax/buyer-quotas/query', quotaQuery)).toMatchObject({
      status: 200,
      body: { buyer: '110***********0018', used: '900.00', reserved: '100.00', available: '25000.00' },
    });

    // Consolidated payment: summarise (status 2), pay (balance restored, the milk list still reserved).
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const summary = await api(operator, 'POST', '/v1/tax/payment-summaries', {
      assureCode: ASSURE,
      periodFrom: today,
      periodTo: today,
    });
    expect(summary).toMatchObject({
      status: 201,
      body: { billCount: 1, taxTotal: '207.53', taxNos: [taxNo] },
    });
    const paid = await api(
      taxRegulator,
      'POST',
      `/v1/tax/payment-summaries/${summary.body.id as string}/payment`,
      {
        entDutyNo: 'DUTY-2026-0001',
      },
    );
    expect(paid).toMatchObject({ status: 200, body: { status: 'paid', entDutyNo: 'DUTY-2026-0001' } });
    expect((await api(guarantor, 'GET', `/v1/tax/bills/${taxNo}`)).body).toMatchObject({
      status: '2',
      paid: true,
      history: [{ status: '1' }, { status: '2', paid: false }, { status: '2', paid: true }],
    });
    expect((await api(guarantor, 'GET', `/v1/tax/guarantee-accounts/${ASSURE}`)).body).toMatchObject({
      amount: '300.00',
      reserved: '9.10',
      outstanding: '0.00',
      available: '290.90',
    });

    // An accepted return gives the committed 900 back to the buyer and voids the (paid) bill.
    await publish(Topics.ClearanceStatusChanged.name, 'ClearanceStatusChanged', cosmetics.orderNo, {
      ...released,
      event: 'returned',
      returnStatus: '899',
      returnInfo: '退货入区',
      occurredAt: new Date().toISOString(),
    });
    await waitFor(
      async () => (await api(guarantor, 'GET', `/v1/tax/bills/${taxNo}`)).body.status,
      (status) => status === '3',
      { timeoutMs: 60_000, what: 'the bill voided by the return' },
    );
    expect((await api(taxRegulatorPii, 'POST', '/v1/tax/buyer-quotas/query', quotaQuery)).body).toMatchObject(
      {
        used: '0.00',
        reserved: '100.00',
      },
    );
  });

  it('the tax app refuses internal calls without the internal token', async () => {
    const noToken = await fetch(tax.url('/internal/tax-bills'), {
      headers: {
        'x-swx-principal-kind': 'operator',
        'x-swx-client-id': 'x',
        'x-swx-scopes': 'registry:read',
      },
    });
    expect(noToken.status).toBe(401);
    const wrong = await fetch(tax.url('/internal/tax-bills'), {
      headers: {
        'x-internal-token': 'w'.repeat(TEST_SECRETS.INTERNAL_API_TOKEN.length),
        'x-swx-principal-kind': 'operator',
        'x-swx-client-id': 'x',
      },
    });
    expect(wrong.status).toBe(401);
    const right = await fetch(tax.url('/internal/tax-bills'), {
      headers: {
        'x-internal-token': TEST_SECRETS.INTERNAL_API_TOKEN,
        'x-swx-principal-kind': 'operator',
        'x-swx-client-id': 'x',
      },
    });
    expect(right.status).toBe(200);
  });
});
