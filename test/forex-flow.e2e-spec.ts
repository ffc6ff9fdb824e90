import { randomUUID } from 'node:crypto';

import {
  CEB213,
  CEB215,
  DEMO_ENTERPRISES,
  DEMO_INDIVIDUAL_SELLER,
  EXPORT_INVENTORY_CANCEL_EXAMPLE,
  EXPORT_REFUND_EXAMPLE,
  EXPORT_RETURN_TALLY_EXAMPLE,
  IMPORT_INVENTORY_CANCEL_EXAMPLE,
  IMPORT_REFUND_EXAMPLE,
  type ExportInventoryCancel,
  type ExportRefund,
  type ExportReturnTally,
  type ForexTransactionRecorded,
  type ImportInventoryCancel,
  type ImportRefund,
  Topics,
} from '@swx/contracts';
import { mintToken, queryRows, recreateDatabase, ServiceProcess, waitFor } from '@swx/testing';

import { caseFor } from '../apps/customs/src/matching/rules/case-fixture';
import { usccCheckCharacter } from '../libs/contracts/src/ceb/uscc';
import {
  arrivalOf,
  declare,
  declareSet,
  departureOf,
  type ExportSet,
  exportSet,
} from './customs-export-support';

/**
 * Forex end to end on the real broker and database: CEB documents declared through the gateway, released and
 * departed by customs, become transaction e-information that a bank (a real bank client with its own credentials)
 * pulls and settles with netting; concurrent settlements through two gateways and two forex instances never
 * over-settle; the 名录 year crosses its threshold; total-volume verification reports and withdraws; a return
 * lowers what remains settleable.
 */
describe('forex: transaction e-information, bank settlements and netting, 名录, verification', () => {
  const db = `${process.env.TEST_DATABASE_URL!}_fx`;
  const base = { DATABASE_URL: db, KAFKA_BROKERS: process.env.KAFKA_BROKERS! };
  const forexEnv = { FOREX_DIRECTORY_THRESHOLD_USD: '150', FOREX_VERIFICATION_DEVIATION: '0.2' };
  // A seller of this run only: the demo seller's exports also reach forex from other suites sharing the broker
  // (npm start's demo flow in the console suites), and would count in this seller's 名录 year and verification.
  const RUN_DIGITS = String(Date.now() % 1e7).padStart(7, '0');
  const SELLER = `3301FX${RUN_DIGITS.slice(-4)}`;
  const SELLER_NAME = `外汇测试旗舰店${RUN_DIGITS}`;
  const SELLER_CREDIT = `91330100MA${RUN_DIGITS}`;
  /** The example set under fresh numbers, sold by this run's seller. */
  const sellerSet = (tag: string): ExportSet => {
    const set = exportSet(tag);
    for (const head of [set.order.OrderHead, set.receipt.Receipts, set.list.InventoryHead])
      Object.assign(head, { ebcCode: SELLER, ebcName: SELLER_NAME });
    if (set.waybill.Logistics.ebcCode)
      Object.assign(set.waybill.Logistics, { ebcCode: SELLER, ebcName: SELLER_NAME });
    return set;
  };
  const BANK = 'BKCHCNBJ330';
  const OTHER_BANK = 'ICBKCNBJZJP';
  let processes: ServiceProcess[] = [];
  let gatewayA: ServiceProcess;
  let gatewayB: ServiceProcess;
  let bankToken: string;
  let otherBankToken: string;

  const operator = mintToken({
    kind: 'operator',
    scopes: ['registry:read', 'registry:write', 'credentials:manage'],
  });
  const seller = mintToken({
    kind: 'enterprise',
    ent: SELLER,
    roles: ['ebc'],
    scopes: ['documents:read', 'documents:write'],
  });
  const safe = mintToken({ kind: 'regulator', agency: 'forex', scopes: ['regulator:read'] });
  const customsRegulator = mintToken({ kind: 'regulator', agency: 'customs', scopes: ['regulator:read'] });

  async function call<T = Record<string, unknown>>(
    gateway: ServiceProcess,
    method: string,
    path: string,
    token: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(gateway.url(path), {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  }

  async function bankClient(swiftCode: string, name: string): Promise<string> {
    const registered = await call(gatewayA, 'POST', '/v1/banks', operator, { swiftCode, name });
    expect(registered.status).toBe(201);
    const issued = await call<{ clientId: string; clientSecret: string; kind: string; bankCode: string }>(
      gatewayA,
      'POST',
      '/v1/clients',
      operator,
      { kind: 'bank', bankCode: swiftCode },
    );
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ kind: 'bank', bankCode: swiftCode, scopes: ['forex:bank'] });
    const token = await fetch(gatewayA.url('/v1/oauth/token'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: issued.body.clientId,
        client_secret: issued.body.clientSecret,
      }),
    });
    expect(token.status).toBe(200);
    return ((await token.json()) as { access_token: string }).access_token;
  }

  interface Tx {
    transactionId: string;
    version: number;
    enterpriseCode: string;
    orderNo: string;
    currency: string;
    declaredAmount: string;
    reversedAmount: string;
    settledAmount: string;
    feesAmount: string;
    remainingAmount: string;
    authenticity: string;
    authenticityReasons: string[];
    tradeMode: string;
    country: string;
    payerName: string;
    invtNo: string | null;
    departureCopNo: string | null;
    logisticsNo: string;
  }

  const txIdOf = (set: ExportSet): string =>
    `export:${set.order.OrderHead.ebpCode}:${set.order.OrderHead.orderNo}`;

  async function pull(token: string, query = ''): Promise<{ items: Tx[]; nextCursor: string | null }> {
    const r = await call<{ items: Tx[]; nextCursor: string | null }>(
      gatewayA,
      'GET',
      `/v1/forex/transactions${query}`,
      token,
    );
    expect(r.status).toBe(200);
    return r.body;
  }

  async function recordOf(set: ExportSet, until: (t: Tx) => boolean = () => true): Promise<Tx> {
    const id = txIdOf(set);
    const items = await waitFor(
      async () => (await pull(bankToken, `?transactionId=${encodeURIComponent(id)}`)).items,
      (items) => items.length === 1 && until(items[0]),
      { what: `the bank's record of ${id}`, timeoutMs: 120_000, intervalMs: 300 },
    );
    return items[0];
  }

  /** Declares a set and waits until forex saw customs release its list; the invtNo customs gave the list. */
  async function releasedSet(
    tag: string,
    adjust: (set: ExportSet) => void = () => undefined,
  ): Promise<{ set: ExportSet; invtNo: string }> {
    const set = sellerSet(tag);
    adjust(set);
    await declareSet(gatewayA, set);
    await waitFor(
      () =>
        queryRows<{ n: number }>(
          db,
          `SELECT count(*)::int AS n FROM forex.list_clearance c JOIN forex.fx_transaction t ON t.list_message_id = c.list_message_id
            WHERE t.transaction_id = $1 AND c.released_at IS NOT NULL`,
          [txIdOf(set)],
        ),
      (rows) => rows[0].n === 1,
      { what: `the release of ${tag} seen by forex`, timeoutMs: 120_000, intervalMs: 300 },
    );
    const [released] = await queryRows<{ invt_no: string }>(
      db,
      `SELECT invt_no FROM customs.export_case WHERE case_key = $1`,
      [`${set.order.OrderHead.ebpCode}:${set.order.OrderHead.orderNo}`],
    );
    return { set, invtNo: released.invt_no };
  }

  /** The customs clearance state of a set's case (released, arrived, closed…). */
  const clearanceOf = async (set: ExportSet): Promise<string | undefined> =>
    (
      await queryRows<{ clearance: string }>(
        db,
        `SELECT clearance FROM customs.export_case WHERE case_key = $1`,
        [`${set.order.OrderHead.ebpCode}:${set.order.OrderHead.orderNo}`],
      )
    )[0]?.clearance;

  /**
   * The whole export flow: the set (303/403/505/603) declared, the list released, the parcel's arrival (CEB507)
   * registered by customs, then its departure (CEB509), which closes the list; the record the bank pulls.
   */
  async function departedRecord(
    tag: string,
    adjust?: (set: ExportSet) => void,
  ): Promise<{ set: ExportSet; tx: Tx }> {
    const { set } = await releasedSet(tag, adjust);
    await declare(gatewayA, 'arrival', arrivalOf([set.waybill.Logistics.logisticsNo]));
    await waitFor(
      () => clearanceOf(set),
      (clearance) => clearance === 'arrived',
      { what: `the arrival of ${tag} registered by customs`, timeoutMs: 120_000, intervalMs: 300 },
    );
    await declare(gatewayA, 'departure', departureOf([set.waybill.Logistics.logisticsNo]));
    const tx = await recordOf(set, (t) => t.authenticity === 'verified');
    expect(await clearanceOf(set)).toBe('closed');
    return { set, tx };
  }

  /** A receipt in CNY whose amount is the sum of its allocations (summed in integer cents). */
  const settlement = (ref: string, allocations: { transactionId: string; amount: string }[]) => {
    const cents = allocations.reduce((a, x) => a + BigInt(x.amount.replace('.', '')), 0n);
    return {
      bankReference: ref,
      kind: 'receipt',
      currency: 'CNY',
      amount: `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`,
      settledAt: new Date().toISOString(),
      allocations,
    };
  };

  beforeAll(async () => {
    await recreateDatabase(db);
    // No random inspections: every consistent list is released (the import flow waits for it).
    const customs = ServiceProcess.spawn(
      'customs',
      {
        ...base,
        PORT: '4801',
        CUSTOMS_INSPECTION_RATE_A: '0',
        CUSTOMS_INSPECTION_RATE_B: '0',
        CUSTOMS_INSPECTION_RATE_C: '0',
      },
      'forex-flow-customs',
    );
    const tax = ServiceProcess.spawn('tax', { ...base, PORT: '4805' }, 'forex-flow-tax');
    const forex1 = ServiceProcess.spawn(
      'forex',
      { ...base, ...forexEnv, PORT: '4802', INSTANCE_ID: 'forex-flow-1' },
      'forex-flow-forex-1',
    );
    processes = [customs, forex1, tax];
    await Promise.all(processes.map((p) => p.ready(120_000)));
    // The second instance and both gateways once the schemas exist (migrations run at start).
    const forex2 = ServiceProcess.spawn(
      'forex',
      { ...base, ...forexEnv, PORT: '4803', INSTANCE_ID: 'forex-flow-2' },
      'forex-flow-forex-2',
    );
    gatewayA = ServiceProcess.spawn(
      'gateway',
      {
        ...base,
        PORT: '4800',
        FOREX_SERVICE_URL: 'http://127.0.0.1:4802',
        TAX_SERVICE_URL: 'http://127.0.0.1:4805',
      },
      'forex-flow-gateway-a',
    );
    gatewayB = ServiceProcess.spawn(
      'gateway',
      {
        ...base,
        PORT: '4804',
        FOREX_SERVICE_URL: 'http://127.0.0.1:4803',
        TAX_SERVICE_URL: 'http://127.0.0.1:4805',
      },
      'forex-flow-gateway-b',
    );
    processes.push(forex2, gatewayA, gatewayB);
    await Promise.all([forex2, gatewayA, gatewayB].map((p) => p.ready(120_000)));

    const demo = [
      ...Object.values(DEMO_ENTERPRISES),
      {
        customsCode: SELLER,
        creditCode: `${SELLER_CREDIT}${usccCheckCharacter(SELLER_CREDIT)}`,
        name: SELLER_NAME,
        roles: ['ebc'],
      },
    ];
    for (const e of demo) {
      const r = await call(gatewayA, 'POST', '/v1/enterprises', operator, {
        customsCode: e.customsCode,
        kind: 'enterprise',
        creditCode: e.creditCode,
        name: e.name,
        roles: e.roles,
        contacts: [{ name: '李明', telephone: '0571-88880000', email: 'customs@example.com' }],
      });
      if (r.status !== 201 && r.status !== 409) throw new Error(`registering ${e.customsCode}: ${r.status}`);
    }
    await waitFor(
      () =>
        queryRows<{ n: number }>(
          db,
          `SELECT count(*)::int AS n FROM customs.enterprise WHERE customs_code = ANY($1)`,
          [demo.map((e) => e.customsCode)],
        ),
      (rows) => rows[0].n === demo.length,
      { what: "the demo enterprises in customs' registry", timeoutMs: 60_000 },
    );
    const guarantee = await call(
      gatewayA,
      'PUT',
      `/v1/tax/guarantee-accounts/${DEMO_ENTERPRISES.agent.customsCode}`,
      operator,
      {
        kind: 'deposit',
        amount: '1000000.00',
      },
    );
    expect(guarantee.status).toBe(200);
    bankToken = await bankClient(BANK, '中国银行浙江省分行');
    otherBankToken = await bankClient(OTHER_BANK, '工商银行浙江省分行');
    const named = await call(gatewayA, 'PUT', '/v1/forex/banks', seller, { bankCodes: [BANK] });
    expect(named).toEqual({ status: 200, body: { enterpriseCode: SELLER, bankCodes: [BANK] } });
    // The import examples' seller (the demo seller) keeps its account at the same bank.
    const demoSeller = mintToken({
      kind: 'enterprise',
      ent: DEMO_ENTERPRISES.seller.customsCode,
      roles: ['ebc'],
      scopes: ['documents:read', 'documents:write'],
    });
    expect((await call(gatewayA, 'PUT', '/v1/forex/banks', demoSeller, { bankCodes: [BANK] })).status).toBe(
      200,
    );
  }, 300_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
  });

  it('turns a released and departed export into verified e-information that only the named bank reads, and settles it net of declared fees', async () => {
    const { set, tx } = await departedRecord('FXA');
    expect(tx).toMatchObject({
      transactionId: txIdOf(set),
      enterpriseCode: SELLER,
      orderNo: set.order.OrderHead.orderNo,
      currency: 'CNY',
      declaredAmount: '642.00',
      reversedAmount: '0.00',
      settledAmount: '0.00',
      remainingAmount: '642.00',
      authenticity: 'verified',
      authenticityReasons: [],
      tradeMode: '9610',
      country: set.list.InventoryHead.country,
      payerName: set.receipt.Receipts.payName,
      logisticsNo: set.waybill.Logistics.logisticsNo,
    });
    expect(tx.departureCopNo).toMatch(/^DEP/);
    expect(tx.invtNo).toMatch(/^\d{8}E\d{9}$/);

    // Only the bank the seller named sees it; SAFE sees everything; customs' regulator is not forex.
    expect((await pull(otherBankToken)).items).toEqual([]);
    const forSafe = await call<{ items: Tx[] }>(
      gatewayA,
      'GET',
      `/v1/forex/transactions?enterpriseCode=${SELLER}`,
      safe,
    );
    expect(forSafe.body.items.map((t) => t.transactionId)).toContain(tx.transactionId);
    expect((await call(gatewayA, 'GET', '/v1/forex/transactions', customsRegulator)).status).toBe(403);
    const forSeller = await call<{ items: Tx[] }>(gatewayA, 'GET', '/v1/forex/transactions', seller);
    expect(forSeller.body.items.map((t) => t.transactionId)).toContain(tx.transactionId);
    const stranger = await call(
      gatewayA,
      'POST',
      '/v1/forex/settlements',
      otherBankToken,
      settlement(`X-${randomUUID()}`, [{ transactionId: tx.transactionId, amount: '1.00' }]),
    );
    expect(stranger.status).toBe(422);
    expect(stranger.body).toMatchObject({
      errors: [{ path: 'allocations[0].transactionId', rule: 'knownTransaction' }],
    });

    // Published for subscribers, keyed by the enterprise so a stream filters per bank customer.
    const published = await waitFor(
      () =>
        queryRows<{ key: string; payload: ForexTransactionRecorded }>(
          db,
          `SELECT key, envelope->'payload' AS payload FROM forex.outbox WHERE topic = $1 AND envelope->'payload'->>'transactionId' = $2 AND sent_at IS NOT NULL`,
          [Topics.ForexTransactionRecorded.name, tx.transactionId],
        ),
      (rows) => rows.length >= 1,
      { what: 'the record published' },
    );
    expect(published[0]).toMatchObject({
      key: SELLER,
      payload: {
        enterpriseCode: SELLER,
        authenticity: 'verified',
        // What the pull gives, pushed too: the seller, the buyer's country, the payer, list and departure.
        enterpriseName: set.order.OrderHead.ebcName,
        country: tx.country,
        payerName: tx.payerName,
        listCopNo: set.list.InventoryHead.copNo,
        invtNo: tx.invtNo,
        logisticsNo: tx.logisticsNo,
        departureCopNo: tx.departureCopNo,
      },
    });

    // Netting: 42.00 of overseas warehousing deducted, so 600.00 received settles the 642.00 declared.
    const fee = {
      reference: `FEE-${randomUUID()}`,
      transactionId: tx.transactionId,
      kind: 'warehousing',
      amount: '42.00',
      currency: 'CNY',
      evidence: ['INV-WH-2026-1101'],
    };
    const declared = await call(gatewayA, 'POST', '/v1/forex/fee-declarations', seller, fee);
    expect(declared).toEqual({ status: 200, body: { replayed: false, remainingAmount: '600.00' } });
    expect((await call(gatewayA, 'POST', '/v1/forex/fee-declarations', seller, fee)).body).toEqual({
      replayed: true,
      remainingAmount: '600.00',
    });

    const partial = settlement(`BOC-${randomUUID()}`, [
      { transactionId: tx.transactionId, amount: '250.10' },
    ]);
    const first = await call(gatewayA, 'POST', '/v1/forex/settlements', bankToken, partial);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      bankCode: BANK,
      kind: 'receipt',
      amount: '250.10',
      usdAmount: '35.01',
      replayed: false,
      allocations: [{ transactionId: tx.transactionId, amount: '250.10', remainingAmount: '349.90' }],
    });
    const replay = await call(gatewayB, 'POST', '/v1/forex/settlements', bankToken, partial);
    expect(replay.body).toMatchObject({ settlementId: first.body.settlementId, replayed: true });
    const reused = await call(gatewayA, 'POST', '/v1/forex/settlements', bankToken, {
      ...partial,
      amount: '250.11',
      allocations: [{ transactionId: tx.transactionId, amount: '250.11' }],
    });
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ errors: [{ path: 'bankReference', rule: 'idempotentReference' }] });
    const over = await call(
      gatewayA,
      'POST',
      '/v1/forex/settlements',
      bankToken,
      settlement(`BOC-${randomUUID()}`, [{ transactionId: tx.transactionId, amount: '349.91' }]),
    );
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({
      errors: [
        {
          path: 'allocations[0].amount',
          rule: 'notOverSettled',
          message: expect.stringContaining('remains settleable on'),
        },
      ],
    });
    const rest = await call(
      gatewayA,
      'POST',
      '/v1/forex/settlements',
      bankToken,
      settlement(`BOC-${randomUUID()}`, [{ transactionId: tx.transactionId, amount: '349.90' }]),
    );
    expect(rest.status).toBe(200);
    const settled = await recordOf(set);
    expect(settled).toMatchObject({ settledAmount: '600.00', feesAmount: '42.00', remainingAmount: '0.00' });
    const [sums] = await queryRows<{ settled: string; allocated: string }>(
      db,
      `SELECT t.settled_amount::text AS settled, (SELECT sum(amount)::text FROM forex.settlement_allocation a WHERE a.transaction_id = t.transaction_id) AS allocated
         FROM forex.fx_transaction t WHERE transaction_id = $1`,
      [tx.transactionId],
    );
    expect(sums).toEqual({ settled: '600.00', allocated: '600.00' });
  });

  it('records fees advanced for a customer (代垫) against that customer, read back by the parties, its bank and SAFE', async () => {
    const logistics = mintToken({
      kind: 'enterprise',
      ent: DEMO_ENTERPRISES.logistics.customsCode,
      roles: ['logistics'],
      scopes: ['documents:read', 'documents:write'],
    });
    const advance = (reference: string, kind: string, amount: string) => ({
      reference,
      customerCode: SELLER,
      kind,
      amount,
      currency: 'USD',
      evidence: [`BL-${reference}`],
    });
    const first = advance(`ADV-${randomUUID()}`, 'logistics', '120.00');
    expect(await call(gatewayA, 'POST', '/v1/forex/advanced-fees', logistics, first)).toEqual({
      status: 200,
      body: { replayed: false },
    });
    expect((await call(gatewayB, 'POST', '/v1/forex/advanced-fees', logistics, first)).body).toEqual({
      replayed: true,
    });
    const reused = await call(gatewayA, 'POST', '/v1/forex/advanced-fees', logistics, {
      ...first,
      amount: '121.00',
    });
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ errors: [{ path: 'reference', rule: 'idempotentReference' }] });
    expect(
      (
        await call(
          gatewayA,
          'POST',
          '/v1/forex/advanced-fees',
          logistics,
          advance(`ADV-${randomUUID()}`, 'warehousing', '30.50'),
        )
      ).status,
    ).toBe(200);

    interface AdvancePage {
      items: {
        enterpriseCode: string;
        customerCode: string;
        kind: string;
        amount: string;
        reference: string;
      }[];
      totals: { customerCode: string; currency: string; count: number; amount: string }[];
      nextCursor: string | null;
    }
    const expected = {
      totals: [{ customerCode: SELLER, currency: 'USD', count: 2, amount: '150.50' }],
    };
    // The customer, the enterprise that advanced, the customer's bank and SAFE read the same two advances.
    for (const [who, token, query] of [
      ['seller', seller, ''],
      ['logistics', logistics, `?enterpriseCode=${DEMO_ENTERPRISES.logistics.customsCode}`],
      ['bank', bankToken, `?customerCode=${SELLER}`],
      ['SAFE', safe, `?customerCode=${SELLER}`],
    ] as const) {
      const read = await call<AdvancePage>(gatewayA, 'GET', `/v1/forex/advanced-fees${query}`, token);
      expect({ who, status: read.status, totals: read.body.totals }).toEqual({
        who,
        status: 200,
        ...expected,
      });
      expect(read.body.items.map((i) => [i.enterpriseCode, i.customerCode, i.kind, i.amount])).toEqual([
        [DEMO_ENTERPRISES.logistics.customsCode, SELLER, 'logistics', '120.00'],
        [DEMO_ENTERPRISES.logistics.customsCode, SELLER, 'warehousing', '30.50'],
      ]);
    }
    // Paged: one per page, the cursor leads to the second, then no further.
    const one = await call<AdvancePage>(gatewayB, 'GET', '/v1/forex/advanced-fees?limit=1', seller);
    expect(one.body.items.map((i) => i.reference)).toEqual([first.reference]);
    expect(one.body.totals).toEqual(expected.totals);
    const two = await call<AdvancePage>(
      gatewayB,
      'GET',
      `/v1/forex/advanced-fees?limit=1&cursor=${one.body.nextCursor}`,
      seller,
    );
    expect(two.body.items.map((i) => i.kind)).toEqual(['warehousing']);
    expect(two.body.nextCursor).toBeNull();
    // Neither the other bank nor an unrelated enterprise sees them; customs' regulator is not forex.
    const stranger = mintToken({
      kind: 'enterprise',
      ent: DEMO_ENTERPRISES.warehouse.customsCode,
      roles: ['warehouse'],
      scopes: ['documents:read'],
    });
    for (const token of [otherBankToken, stranger]) {
      const read = await call<AdvancePage>(gatewayA, 'GET', '/v1/forex/advanced-fees', token);
      expect(read.body).toEqual({ items: [], totals: [], nextCursor: null });
    }
    expect((await call(gatewayA, 'GET', '/v1/forex/advanced-fees', customsRegulator)).status).toBe(403);
    const bad = await call<{ errors: { path: string }[] }>(
      gatewayA,
      'GET',
      '/v1/forex/advanced-fees?customerCode=x&limit=0&cursor=nonsense',
      seller,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.path).sort()).toEqual(['customerCode', 'limit']);
  });

  it('never over-settles under concurrent settlements through two gateways and two forex instances', async () => {
    const [a, b] = await Promise.all([departedRecord('FXC1'), departedRecord('FXC2')]);
    // Twelve settlements of 107.00 against each record (642.00 each): six fit per record, whatever the interleaving.
    const requests = Array.from({ length: 24 }, (_, i) => {
      const id = (i % 2 === 0 ? a : b).tx.transactionId;
      return call(
        i % 4 < 2 ? gatewayA : gatewayB,
        'POST',
        '/v1/forex/settlements',
        bankToken,
        settlement(`CC-${i}-${randomUUID()}`, [{ transactionId: id, amount: '107.00' }]),
      );
    });
    // And one multi-order settlement racing them.
    requests.push(
      call(
        gatewayB,
        'POST',
        '/v1/forex/settlements',
        bankToken,
        settlement(`CC-multi-${randomUUID()}`, [
          { transactionId: a.tx.transactionId, amount: '107.00' },
          { transactionId: b.tx.transactionId, amount: '107.00' },
        ]),
      ),
    );
    const answers = await Promise.all(requests);
    expect(answers.every((r) => r.status === 200 || r.status === 422)).toBe(true);
    expect(answers.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(11);
    for (const { set } of [a, b]) {
      const tx = await recordOf(set);
      expect(tx).toMatchObject({ settledAmount: '642.00', remainingAmount: '0.00' });
      const [row] = await queryRows<{ allocated: string }>(
        db,
        `SELECT sum(amount)::text AS allocated FROM forex.settlement_allocation WHERE transaction_id = $1`,
        [tx.transactionId],
      );
      expect(row.allocated).toBe('642.00');
    }
  });

  it('crosses the 名录 threshold, sends the registration data to SAFE, and verifies total volumes by period', async () => {
    // 600.00 + 12 × 107.00 CNY settled so far, each allocation converted at 0.14: US$84.00 + 12 × 14.98 = US$263.76,
    // beyond the (test) threshold of US$150.
    const year = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 4);
    const directory = await call<{
      items: { enterpriseCode: string; status: string; receiptsUsd: string }[];
    }>(gatewayA, 'GET', `/v1/forex/directory?enterpriseCode=${SELLER}&year=${year}`, safe);
    expect(directory.body.items).toEqual([
      expect.objectContaining({
        enterpriseCode: SELLER,
        status: 'registration-required',
        receiptsUsd: '263.76',
        paymentsUsd: '0.00',
      }),
    ]);
    const sent = await waitFor(
      () =>
        queryRows<{ payload: { enterpriseCode: string; banks: string[]; receiptsUsd: string } }>(
          db,
          `SELECT envelope->'payload' AS payload FROM forex.outbox WHERE topic = $1 AND sent_at IS NOT NULL`,
          [Topics.ForexDirectoryRegistrationRequested.name],
        ),
      (rows) => rows.length === 1,
      { what: 'the 名录 registration sent to SAFE' },
    );
    expect(sent[0].payload).toMatchObject({ enterpriseCode: SELLER, banks: [BANK] });

    // An unsettled record tips the period beyond the 20 % deviation; settling it withdraws the finding.
    const { tx } = await departedRecord('FXV');
    const period = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const run = await call<{
      findings: {
        enterpriseCode: string;
        flow: string;
        anomalous: boolean;
        status: string;
        anomalyId: string;
        declaredUsd: string;
        settledUsd: string;
      }[];
    }>(gatewayA, 'POST', `/v1/forex/verifications/${period}`, safe);
    expect(run.status).toBe(200);
    const finding = run.body.findings.find((f) => f.enterpriseCode === SELLER && f.flow === 'export')!;
    expect(finding).toMatchObject({
      anomalous: true,
      status: 'detected',
      anomalyId: `forex:total-volume:export:${SELLER}:${period}`,
      declaredUsd: '359.52',
      settledUsd: '269.64',
    });
    const ok = await call(
      gatewayA,
      'POST',
      '/v1/forex/settlements',
      bankToken,
      settlement(`BOC-${randomUUID()}`, [{ transactionId: tx.transactionId, amount: '642.00' }]),
    );
    expect(ok.status).toBe(200);
    const again = await call<{
      findings: { enterpriseCode: string; flow: string; status: string; anomalous: boolean }[];
    }>(gatewayB, 'POST', `/v1/forex/verifications/${period}`, safe);
    expect(again.body.findings.find((f) => f.enterpriseCode === SELLER && f.flow === 'export')).toMatchObject(
      { anomalous: false, status: 'withdrawn' },
    );
    const events = await waitFor(
      () =>
        queryRows<{ status: string }>(
          db,
          `SELECT envelope->'payload'->>'status' AS status FROM forex.outbox
           WHERE topic = $1 AND sent_at IS NOT NULL AND envelope->'payload'->>'anomalyId' = $2 ORDER BY id`,
          // This seller's finding: other enterprises of the suite may have their own in the period.
          [Topics.ForexVerificationAnomaly.name, finding.anomalyId],
        ),
      (rows) => rows.length === 2,
      { what: 'the anomaly and its withdrawal published' },
    );
    expect(events.map((e) => e.status)).toEqual(['detected', 'withdrawn']);
    const listed = await call<{ items: { status: string; anomalyId: string }[] }>(
      gatewayA,
      'GET',
      `/v1/forex/verification-anomalies?period=${period}`,
      seller,
    );
    // This finding only: the seller's import payments of the suite may have a finding of their own in the period.
    expect(listed.body.items.filter((i) => i.anomalyId === finding.anomalyId)).toEqual([
      expect.objectContaining({ status: 'withdrawn' }),
    ]);
    // The seller was told, in its receipt feed, that the anomaly was found and then withdrawn.
    const isExportFinding = (x: { documentType: string; returnInfo: string }) =>
      x.documentType === 'FOREX' && x.returnInfo.includes('forex.totalVolumeExport');
    const told = await waitFor(
      () =>
        call<{ receipts: { documentType: string; returnStatus: string; returnInfo: string }[] }>(
          gatewayA,
          'GET',
          '/v1/receipts?limit=500',
          seller,
        ),
      (r) => (r.body.receipts ?? []).filter(isExportFinding).length >= 2,
      { what: 'the anomaly notices in the seller’s receipt feed' },
    );
    const notices = told.body.receipts.filter(isExportFinding);
    expect(notices.map((x) => x.returnStatus)).toEqual(['AN+', 'AN-']);
    expect(notices[0].returnInfo).toContain('forex.');
  });

  it('assembles the record whatever order the documents arrive in (departure first, list before order)', async () => {
    const set = sellerSet('FXO');
    await declare(gatewayA, 'departure', departureOf([set.waybill.Logistics.logisticsNo]));
    await declareSet(gatewayA, set, ['list', 'waybill', 'receipt', 'order']);
    const tx = await recordOf(set, (t) => t.authenticity === 'verified');
    expect(tx).toMatchObject({
      declaredAmount: '642.00',
      remainingAmount: '642.00',
      authenticityReasons: [],
    });
    const settled = await call(
      gatewayB,
      'POST',
      '/v1/forex/settlements',
      bankToken,
      settlement(`BOC-${randomUUID()}`, [{ transactionId: tx.transactionId, amount: '642.00' }]),
    );
    expect(settled.status).toBe(200);
  });

  it('lowers what remains settleable when exported goods come back (CEB213 then the tally CEB215)', async () => {
    const { set, tx } = await departedRecord('FXR');
    const refund: ExportRefund = structuredClone(EXPORT_REFUND_EXAMPLE);
    Object.assign(refund.InvtRefundHead, {
      guid: randomUUID().toUpperCase(),
      ebcCode: SELLER,
      ebcName: SELLER_NAME,
      invtNo: tx.invtNo,
      coElNo: `RTN${randomUUID().replace(/-/g, '').slice(0, 20)}`.toUpperCase(),
      logisticsNo: `RLN${randomUUID().replace(/-/g, '').slice(0, 20)}`.toUpperCase(),
    });
    Object.assign(refund.InvtRefundList[0], { qty: '2', qty1: '2' });
    const tally: ExportReturnTally = structuredClone(EXPORT_RETURN_TALLY_EXAMPLE);
    Object.assign(tally.InvtRefundDetail, {
      guid: randomUUID().toUpperCase(),
      coElNo: `TLY${randomUUID().replace(/-/g, '').slice(0, 15)}`.toUpperCase(),
      logisticsCode: refund.InvtRefundHead.logisticsCode,
      logisticsNo: refund.InvtRefundHead.logisticsNo,
      invtNo: tx.invtNo,
    });
    for (const [descriptor, path, document] of [
      [CEB213, 'export/refunds', refund],
      [CEB215, 'export/refund-tallies', tally],
    ] as const) {
      const head = (document as unknown as Record<string, Record<string, string>>)[descriptor.headElement];
      const token = mintToken({
        kind: 'enterprise',
        ent: head[descriptor.senderCodeField],
        roles: [descriptor === CEB213 ? 'ebc' : 'warehouse'],
        scopes: ['documents:write', 'documents:read'],
      });
      const response = await fetch(gatewayA.url(`/v1/${path}`), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(document),
      });
      expect(response.status).toBe(202);
      // The warehouse tallies the goods once customs approved the return (120): sent at once, the tally may reach
      // customs before the return it answers (another topic) and be refused (-215001).
      if (descriptor === CEB213) {
        const { messageId } = (await response.json()) as { messageId: string };
        await waitFor(
          () =>
            queryRows<{ n: number }>(
              db,
              `SELECT count(*)::int AS n FROM gateway.receipt WHERE message_id = $1 AND return_status = '120'`,
              [messageId],
            ),
          (rows) => rows[0].n > 0,
          { what: 'the return approved (120)', timeoutMs: 60_000 },
        );
      }
    }
    const price = set.list.InventoryList[0].price;
    const returned = (Number(price) * 2).toFixed(2);
    const after = await recordOf(set, (t) => t.reversedAmount !== '0.00');
    expect(after).toMatchObject({
      reversedAmount: returned,
      remainingAmount: (642 - Number(returned)).toFixed(2),
      authenticity: 'verified',
    });
    const over = await call(
      gatewayA,
      'POST',
      '/v1/forex/settlements',
      bankToken,
      settlement(`BOC-${randomUUID()}`, [{ transactionId: tx.transactionId, amount: '642.00' }]),
    );
    expect(over.status).toBe(422);
  });

  it('reverses the whole record when the declarant withdraws a released list (CEB605), and refuses settling it', async () => {
    const { set, invtNo } = await releasedSet('FXX');
    const cancel: ExportInventoryCancel = {
      InvtCancel: {
        ...EXPORT_INVENTORY_CANCEL_EXAMPLE.InvtCancel,
        ebcCode: SELLER,
        ebcName: SELLER_NAME,
        guid: randomUUID().toUpperCase(),
        invtNo,
        copNo: set.list.InventoryHead.copNo,
      },
    };
    const agent = mintToken({
      kind: 'enterprise',
      ent: cancel.InvtCancel.agentCode,
      roles: ['agent'],
      scopes: ['documents:write', 'documents:read'],
    });
    const sent = await fetch(gatewayA.url('/v1/export/inventory-cancellations'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${agent}` },
      body: JSON.stringify(cancel),
    });
    expect(sent.status).toBe(202);
    const reversed = await recordOf(set, (t) => t.authenticity === 'reversed');
    expect(reversed).toMatchObject({
      declaredAmount: '642.00',
      reversedAmount: '642.00',
      remainingAmount: '0.00',
      authenticityReasons: ['清单已撤销'],
    });
    const refused = await call(
      gatewayA,
      'POST',
      '/v1/forex/settlements',
      bankToken,
      settlement(`BOC-${randomUUID()}`, [{ transactionId: reversed.transactionId, amount: '1.00' }]),
    );
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ errors: [{ rule: 'verifiedTransaction' }] });
  });

  it('records an import payment (进口付汇) once customs releases the list, which a bank pays and converts (购汇)', async () => {
    const c = caseFor(
      `FXI${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`.toUpperCase(),
    );
    const sender = (code: string, role: string) =>
      mintToken({
        kind: 'enterprise',
        ent: code,
        roles: [role],
        scopes: ['documents:write', 'documents:read'],
      });
    for (const [path, token, document] of [
      ['orders', sender(DEMO_ENTERPRISES.platform.customsCode, 'ebp'), c.order],
      ['payments', sender(DEMO_ENTERPRISES.payment.customsCode, 'pay'), c.payment],
      ['waybills', sender(DEMO_ENTERPRISES.logistics.customsCode, 'logistics'), c.waybill],
      ['inventories', sender(DEMO_ENTERPRISES.agent.customsCode, 'agent'), c.list],
    ] as const) {
      const sent = await call(gatewayA, 'POST', `/v1/import/${path}`, token, document);
      expect(sent.status).toBe(202);
    }
    const id = `import:${c.order.OrderHead.ebpCode}:${c.order.OrderHead.orderNo}`;
    const [tx] = await waitFor(
      async () => (await pull(bankToken, `?flow=import&transactionId=${encodeURIComponent(id)}`)).items,
      (items) => items.length === 1 && items[0].authenticity === 'verified',
      { what: `the bank's import record ${id}`, timeoutMs: 120_000, intervalMs: 300 },
    );
    expect(tx).toMatchObject({
      enterpriseCode: c.list.InventoryHead.ebcCode,
      currency: 'CNY',
      declaredAmount: c.payment.PaymentHead.amountPaid,
      payerName: c.payment.PaymentHead.payName,
      remainingAmount: c.payment.PaymentHead.amountPaid,
    });
    const amount = c.payment.PaymentHead.amountPaid;
    const paid = await call(gatewayA, 'POST', '/v1/forex/settlements', bankToken, {
      ...settlement(`PAY-${randomUUID()}`, [{ transactionId: id, amount }]),
      kind: 'payment',
    });
    expect(paid.status).toBe(200);
    const bought = await call(gatewayB, 'POST', '/v1/forex/settlements', bankToken, {
      ...settlement(`BUY-${randomUUID()}`, [{ transactionId: id, amount }]),
      kind: 'conversion-purchase',
    });
    expect(bought.status).toBe(200);
    const more = await call(gatewayA, 'POST', '/v1/forex/settlements', bankToken, {
      ...settlement(`BUY-${randomUUID()}`, [{ transactionId: id, amount: '0.01' }]),
      kind: 'conversion-purchase',
    });
    expect(more.status).toBe(422);
    expect(more.body).toMatchObject({ errors: [{ rule: 'notOverConverted' }] });
    const wrongKind = await call(
      gatewayA,
      'POST',
      '/v1/forex/settlements',
      bankToken,
      settlement(`R-${randomUUID()}`, [{ transactionId: id, amount: '0.01' }]),
    );
    expect(wrongKind.body).toMatchObject({ errors: [{ rule: 'kindMatchesFlow' }] });
    const [after] = (await pull(bankToken, `?transactionId=${encodeURIComponent(id)}`)).items;
    expect(after).toMatchObject({ settledAmount: amount, remainingAmount: '0.00' });
  });

  /** Declares an import case's documents (all four by default) through the gateway, each by its own party. */
  async function declareImport(
    tag: string,
    parts: readonly ('orders' | 'payments' | 'waybills' | 'inventories')[] = [
      'orders',
      'payments',
      'waybills',
      'inventories',
    ],
  ): Promise<{ c: ReturnType<typeof caseFor>; id: string; agent: string }> {
    const c = caseFor(
      `${tag}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`.toUpperCase(),
    );
    const sender = (code: string, role: string) =>
      mintToken({
        kind: 'enterprise',
        ent: code,
        roles: [role],
        scopes: ['documents:write', 'documents:read'],
      });
    const documents = {
      orders: [sender(DEMO_ENTERPRISES.platform.customsCode, 'ebp'), c.order],
      payments: [sender(DEMO_ENTERPRISES.payment.customsCode, 'pay'), c.payment],
      waybills: [sender(DEMO_ENTERPRISES.logistics.customsCode, 'logistics'), c.waybill],
      inventories: [sender(DEMO_ENTERPRISES.agent.customsCode, 'agent'), c.list],
    } as const;
    for (const part of parts) {
      const [token, document] = documents[part];
      const sent = await call(gatewayA, 'POST', `/v1/import/${part}`, token, document);
      expect(sent.status).toBe(202);
    }
    return {
      c,
      id: `import:${c.order.OrderHead.ebpCode}:${c.order.OrderHead.orderNo}`,
      agent: sender(DEMO_ENTERPRISES.agent.customsCode, 'agent'),
    };
  }

  it('lowers what remains payable when imported goods are returned (CEB625)', async () => {
    const { c, id, agent } = await declareImport('FXIR');
    const [tx] = await waitFor(
      async () => (await pull(bankToken, `?flow=import&transactionId=${encodeURIComponent(id)}`)).items,
      (items) => items.length === 1 && items[0].authenticity === 'verified',
      { what: `the bank's import record ${id}`, timeoutMs: 120_000, intervalMs: 300 },
    );
    expect(tx).toMatchObject({ declaredAmount: '233.28', reversedAmount: '0.00', remainingAmount: '233.28' });
    const [released] = await queryRows<{ invt_no: string | null }>(
      db,
      `SELECT invt_no FROM forex.fx_transaction WHERE transaction_id = $1`,
      [id],
    );
    // One of the two units of line 1 (100.00 each) comes back within the 30 days after release.
    const refund: ImportRefund = structuredClone(IMPORT_REFUND_EXAMPLE);
    Object.assign(refund.InvtRefundHead, {
      guid: randomUUID().toUpperCase(),
      orderNo: c.order.OrderHead.orderNo,
      logisticsNo: c.list.InventoryHead.logisticsNo,
      copNo: c.list.InventoryHead.copNo,
      invtNo: released.invt_no ?? `R${Date.now() % 1e12}`,
    });
    Object.assign(refund.InvtRefundList[0], { gnum: 1, qty: '1' });
    const sent = await call(gatewayA, 'POST', '/v1/import/refunds', agent, refund);
    expect(sent.status).toBe(202);
    const [after] = await waitFor(
      async () => (await pull(bankToken, `?transactionId=${encodeURIComponent(id)}`)).items,
      (items) => items.length === 1 && items[0].reversedAmount !== '0.00',
      { what: `the return applied to ${id}`, timeoutMs: 120_000, intervalMs: 300 },
    );
    expect(after).toMatchObject({
      declaredAmount: '233.28',
      reversedAmount: '100.00',
      remainingAmount: '133.28',
      authenticity: 'verified',
    });
    expect(after.version).toBeGreaterThan(tx.version);
    const over = await call(gatewayA, 'POST', '/v1/forex/settlements', bankToken, {
      ...settlement(`PAY-${randomUUID()}`, [{ transactionId: id, amount: '133.29' }]),
      kind: 'payment',
    });
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ errors: [{ path: 'allocations[0].amount', rule: 'notOverSettled' }] });
    const paid = await call(gatewayB, 'POST', '/v1/forex/settlements', bankToken, {
      ...settlement(`PAY-${randomUUID()}`, [{ transactionId: id, amount: '133.28' }]),
      kind: 'payment',
    });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ allocations: [{ transactionId: id, remainingAmount: '0.00' }] });
  });

  it('reverses an import payment record whose list the declarant withdraws (CEB623): never settleable', async () => {
    // No waybill yet: the case waits, its list neither concluded nor released, so CEB623 may withdraw it.
    const { c, id, agent } = await declareImport('FXIC', ['orders', 'payments', 'inventories']);
    await waitFor(
      () =>
        queryRows<{ declared: string | null }>(
          db,
          `SELECT declared_amount::text AS declared FROM forex.fx_transaction WHERE transaction_id = $1`,
          [id],
        ),
      (rows) => rows.length === 1 && rows[0].declared === '233.28',
      { what: `forex's import record ${id} assembled`, timeoutMs: 120_000, intervalMs: 300 },
    );
    const cancel: ImportInventoryCancel = structuredClone(IMPORT_INVENTORY_CANCEL_EXAMPLE);
    Object.assign(cancel.InvtCancel, {
      guid: randomUUID().toUpperCase(),
      orderNo: c.order.OrderHead.orderNo,
      logisticsNo: c.list.InventoryHead.logisticsNo,
      copNo: c.list.InventoryHead.copNo,
      invtNo: `C${Date.now() % 1e12}`,
    });
    const sent = await call(gatewayA, 'POST', '/v1/import/inventory-cancellations', agent, cancel);
    expect(sent.status).toBe(202);
    const [row] = await waitFor(
      () =>
        queryRows<{ authenticity: string; declared: string; reversed: string; recorded: boolean }>(
          db,
          `SELECT authenticity, declared_amount::text AS declared, reversed_amount::text AS reversed,
                  recorded_at IS NOT NULL AS recorded
             FROM forex.fx_transaction WHERE transaction_id = $1`,
          [id],
        ),
      (rows) => rows[0]?.authenticity === 'reversed',
      { what: `the cancellation applied to ${id}`, timeoutMs: 120_000, intervalMs: 300 },
    );
    // The whole payment reversed; an import record reaches banks only once released, and this one never will.
    expect(row).toEqual({
      authenticity: 'reversed',
      declared: '233.28',
      reversed: '233.28',
      recorded: false,
    });
    expect((await pull(bankToken, `?transactionId=${encodeURIComponent(id)}`)).items).toEqual([]);
    const refused = await call(gatewayA, 'POST', '/v1/forex/settlements', bankToken, {
      ...settlement(`PAY-${randomUUID()}`, [{ transactionId: id, amount: '1.00' }]),
      kind: 'payment',
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      errors: [{ path: 'allocations[0].transactionId', rule: 'knownTransaction' }],
    });
  });

  it("settles an individual seller's exports on a personal FX settlement account, apart from the US$50,000 quota and 名录", async () => {
    // The demo individual seller of the Swagger examples, registered as npm start's seed registers it.
    const IND = DEMO_INDIVIDUAL_SELLER.customsCode;
    const registered = await call(gatewayA, 'POST', '/v1/enterprises', operator, {
      customsCode: IND,
      kind: 'individual',
      idNumber: DEMO_INDIVIDUAL_SELLER.idNumber,
      name: DEMO_INDIVIDUAL_SELLER.name,
      roles: DEMO_INDIVIDUAL_SELLER.roles,
      contacts: [
        {
          name: DEMO_INDIVIDUAL_SELLER.name,
          telephone: DEMO_INDIVIDUAL_SELLER.telephone,
          email: 'seller@example.com',
        },
      ],
    });
    expect(registered.status).toBe(201);
    await waitFor(
      () =>
        queryRows<{ n: number }>(
          db,
          `SELECT ((SELECT count(*) FROM customs.enterprise WHERE customs_code = $1)
                 + (SELECT count(*) FROM forex.individual_seller WHERE customs_code = $1))::int AS n`,
          [IND],
        ),
      (rows) => rows[0].n === 2,
      { what: 'the individual seller known to customs and forex' },
    );
    const individual = mintToken({
      kind: 'enterprise',
      ent: IND,
      roles: ['ebc'],
      scopes: ['documents:read', 'documents:write'],
    });
    expect((await call(gatewayA, 'PUT', '/v1/forex/banks', individual, { bankCodes: [BANK] })).status).toBe(
      200,
    );
    const opened = await call(gatewayA, 'PUT', `/v1/forex/personal-accounts/${IND}`, bankToken, {
      accountNo: '6217000010001234567',
    });
    expect(opened).toMatchObject({
      status: 200,
      body: {
        customsCode: IND,
        accountNo: '6217000010001234567',
        bankCode: BANK,
        ecommerceSettledUsd: '0.00',
        personalQuotaUsd: '50000.00',
      },
    });
    expect(
      (
        await call(gatewayA, 'PUT', `/v1/forex/personal-accounts/${IND}`, otherBankToken, {
          accountNo: '6217000010001234568',
        })
      ).status,
    ).toBe(403);

    const { tx } = await departedRecord('FXP', (set) => {
      set.order.OrderHead.ebcCode = IND;
      set.receipt.Receipts.ebcCode = IND;
      set.list.InventoryHead.ebcCode = IND;
      if (set.waybill.Logistics.ebcCode) set.waybill.Logistics.ebcCode = IND;
    });
    expect(tx.enterpriseCode).toBe(IND);
    const paid = await call(
      gatewayA,
      'POST',
      '/v1/forex/settlements',
      bankToken,
      settlement(`IND-${randomUUID()}`, [{ transactionId: tx.transactionId, amount: '642.00' }]),
    );
    expect(paid.status).toBe(200);
    const ledger = await call(gatewayA, 'GET', `/v1/forex/personal-accounts/${IND}`, individual);
    expect(ledger.body).toMatchObject({
      ecommerceSettledUsd: '89.88',
      personalQuotaUsd: '50000.00',
    });
    // No made-up figure of the quota's use: the platform does not see the person's other 结售汇.
    expect(ledger.body).not.toHaveProperty('personalQuotaUsedUsd');
    const directory = await call<{ items: unknown[] }>(
      gatewayA,
      'GET',
      `/v1/forex/directory?enterpriseCode=${IND}`,
      safe,
    );
    expect(directory.body.items).toEqual([]);
  });

  it('answers bad input with field errors (problem+json), never a 5xx', async () => {
    const cases: [string, string, string, unknown, number, string][] = [
      ['POST', '/v1/clients', operator, { kind: 'bank' }, 400, 'bankCode'],
      ['POST', '/v1/clients', operator, { kind: 'bank', bankCode: 'NOPECNBJ' }, 400, 'bankCode'],
      ['POST', '/v1/banks', operator, { swiftCode: 'bank', name: 'x' }, 400, 'swiftCode'],
      ['PUT', '/v1/forex/banks', seller, { bankCodes: ['NOPECNBJ'] }, 400, 'bankCodes[0]'],
      ['GET', '/v1/forex/transactions?cursor=nonsense', bankToken, undefined, 400, 'cursor'],
      ['GET', '/v1/forex/transactions?limit=0', bankToken, undefined, 400, 'limit'],
      [
        'POST',
        '/v1/forex/settlements',
        bankToken,
        {
          bankReference: 'X',
          kind: 'gift',
          currency: 'usd',
          amount: '1.001',
          settledAt: 'soon',
          allocations: [],
        },
        400,
        'kind',
      ],
      ['POST', '/v1/forex/verifications/2026-13', safe, undefined, 400, 'period'],
      [
        'PUT',
        '/v1/forex/exchange-rates/2026-11-30',
        operator,
        { rates: [{ currency: 'XXX', usdPerUnit: '1' }] },
        400,
        'rates',
      ],
      ['GET', '/v1/forex/exchange-rates/1999-01-01', bankToken, undefined, 422, ''],
    ];
    for (const [method, path, token, body, status, field] of cases) {
      const r = await call<{ errors?: { path: string }[] }>(gatewayA, method, path, token, body);
      expect({ path, status: r.status }).toEqual({ path, status });
      if (field)
        expect({ path, fields: (r.body.errors ?? []).map((e) => e.path) }).toEqual({
          path,
          fields: expect.arrayContaining([field]),
        });
    }
    const settlementErrors = await call<{ errors: { path: string }[] }>(
      gatewayA,
      'POST',
      '/v1/forex/settlements',
      bankToken,
      {
        bankReference: 'X',
        kind: 'gift',
        currency: 'usd',
        amount: '1.001',
        settledAt: 'soon',
        allocations: [],
      },
    );
    expect([...new Set(settlementErrors.body.errors.map((e) => e.path))].sort()).toEqual([
      'allocations',
      'amount',
      'currency',
      'kind',
      'settledAt',
    ]);
    const loaded = await call<{ version: number }>(
      gatewayB,
      'PUT',
      '/v1/forex/exchange-rates/2026-11-30',
      operator,
      {
        rates: [{ currency: 'CNY', usdPerUnit: '0.1405' }],
      },
    );
    expect(loaded).toMatchObject({
      status: 200,
      body: { date: '2026-11-30', version: 1, loadedByOperator: true },
    });
    const rates = await call<{ date: string; rates: { currency: string; usdPerUnit: string }[] }>(
      gatewayA,
      'GET',
      '/v1/forex/exchange-rates/2026-12-01',
      bankToken,
    );
    expect(rates.body).toEqual({
      date: '2026-11-30',
      version: 1,
      rates: [{ currency: 'CNY', usdPerUnit: '0.1405' }],
    });
  });
});
