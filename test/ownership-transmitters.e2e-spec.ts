import { randomUUID } from 'node:crypto';

import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';

import {
  CEB311,
  createEnvelope,
  type DocumentAccepted,
  type DocumentDescriptor,
  DEMO_ENTERPRISES,
  type ImportInventory,
  type ImportInventoryCancel,
  type ImportRefund,
  IMPORT_INVENTORY_CANCEL_EXAMPLE,
  IMPORT_DESCRIPTORS,
  IMPORT_REFUND_EXAMPLE,
  Topics,
  usccCheckCharacter,
} from '@swx/contracts';
import {
  cebXmlMessage,
  mintToken,
  queryRows,
  recreateDatabase,
  ServiceProcess,
  skipConsumerGroupsToEnd,
  TEST_SECRETS,
  waitFor,
} from '@swx/testing';

import type { CompleteCase } from '../apps/customs/src/matching/documents';
import { GatewayEnv } from '../apps/gateway/src/gateway.env';
import { PersonTokeniser } from '../apps/gateway/src/personal-data/person-tokeniser';
import { caseFor } from '../apps/customs/src/matching/rules/case-fixture';

const RUN = `OW${Date.now() % 1_000_000}`;
const A = DEMO_ENTERPRISES.agent.customsCode; // the broker that declares the lists
const B = '3301987771'; // another broker
const T = '3301987772'; // a transmitter (委托传输企业)
const PLATFORM = DEMO_ENTERPRISES.platform.customsCode;
const SELLER = DEMO_ENTERPRISES.seller.customsCode;
const UNREGISTERED_PLATFORM = '3301969876'; // an e-port platform id, not registered with customs

const token = (ent: string, roles: string[], scopes = ['documents:write', 'documents:read']) =>
  mintToken({ kind: 'enterprise', ent, roles, scopes });
const TOKENS = {
  ebp: token(PLATFORM, ['ebp']),
  pay: token(DEMO_ENTERPRISES.payment.customsCode, ['pay']),
  logistics: token(DEMO_ENTERPRISES.logistics.customsCode, ['logistics']),
  a: token(A, ['agent']),
  b: token(B, ['agent']),
  // The transmitter holds no declaring role: it transmits in the names of parties that authorised it.
  t: token(T, []),
  seller: token(SELLER, ['ebc']),
};

interface Problem {
  status: number;
  errors?: { path: string; rule: string; message: string }[];
}

const later = (appTime: string, minutes: number) => {
  const t = new Date(
    `${appTime.slice(0, 4)}-${appTime.slice(4, 6)}-${appTime.slice(6, 8)}T${appTime.slice(8, 10)}:${appTime.slice(10, 12)}:${appTime.slice(12, 14)}Z`,
  );
  return new Date(t.getTime() + minutes * 60_000).toISOString().replace(/\D/g, '').slice(0, 14);
};

/** China time (+08:00) ISO date-time, `seconds` from now. */
const chinaIn = (seconds: number) =>
  `${new Date(Date.now() + seconds * 1000 + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;

/** Broker B's version of A's list: same e-commerce enterprise and order, B as declarant (and guarantor). */
function asBroker(list: ImportInventory, code: string, appType: string, minutes = 10): ImportInventory {
  const copy = structuredClone(list);
  Object.assign(copy.InventoryHead, {
    guid: randomUUID().toUpperCase(),
    appType,
    appTime: later(list.InventoryHead.appTime, minutes),
    agentCode: code,
    agentName: '另一报关有限公司',
    assureCode: code,
  });
  return copy;
}

function cancelOf(list: ImportInventory, agentCode: string): ImportInventoryCancel {
  const cancel = structuredClone(IMPORT_INVENTORY_CANCEL_EXAMPLE);
  const head = list.InventoryHead;
  Object.assign(cancel.InvtCancel, {
    guid: randomUUID().toUpperCase(),
    orderNo: head.orderNo,
    ebcCode: head.ebcCode,
    logisticsNo: head.logisticsNo,
    invtNo: `C${randomUUID().replace(/-/g, '').slice(0, 17)}`,
    agentCode,
  });
  return cancel;
}

function refundOf(list: ImportInventory, agentCode: string): ImportRefund {
  const refund = structuredClone(IMPORT_REFUND_EXAMPLE);
  const head = list.InventoryHead;
  Object.assign(refund.InvtRefundHead, {
    guid: randomUUID().toUpperCase(),
    orderNo: head.orderNo,
    ebcCode: head.ebcCode,
    logisticsNo: head.logisticsNo,
    invtNo: `R${randomUUID().replace(/-/g, '').slice(0, 17)}`,
    agentCode,
  });
  return refund;
}

/**
 * Documents belong to whoever declared them (issue 11.1) and who may transmit them (issue 18.3), on the real
 * platform: gateway, customs and tax on the real broker and database. Another broker can neither change, delete,
 * cancel nor return a broker's list, at the gateway (403 naming the rule, nothing of the other broker in the
 * answer) nor at customs when the gateway is bypassed (refusal receipt, list untouched, no return); a transmitter
 * the party authorised sends in the party's name (JSON, and XML with its own copCode) until the authorisation
 * expires or is revoked, only the types it names; an e-commerce enterprise sends the order of an unregistered
 * platform.
 */
describe('ownership of documents and authorised transmitters', () => {
  // A database of its own: the suite clears the demo buyer's lists, and other suites on the shared database
  // may have used up that buyer's annual quota (26000 RMB) before it runs.
  const db = `${process.env.TEST_DATABASE_URL!}_ownership`;
  const env = { DATABASE_URL: db, KAFKA_BROKERS: process.env.KAFKA_BROKERS! };
  const kafka = new Kafka({
    clientId: 'ownership-e2e',
    brokers: env.KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
  let gateway: ServiceProcess;
  let customs: ServiceProcess;
  let tax: ServiceProcess;
  let producer: Producer;
  /** The released case of A, shared by the tests on a released list. */
  let released: { c: CompleteCase; listId: string };

  const call = async (
    method: string,
    path: string,
    bearer: string,
    body?: unknown,
    contentType = 'application/json',
  ) => {
    const response = await fetch(gateway.url(path), {
      method,
      headers: {
        authorization: `Bearer ${bearer}`,
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': contentType } : {}),
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, text, json: (text ? JSON.parse(text) : undefined) as unknown };
  };
  const post = (path: string, bearer: string, document: unknown, contentType?: string) =>
    call('POST', `/v1/import/${path}`, bearer, document, contentType);
  const accepted = async (path: string, bearer: string, document: unknown): Promise<string> => {
    const r = await post(path, bearer, document);
    if (r.status !== 202) throw new Error(`${path}: HTTP ${r.status} ${r.text}`);
    return (r.json as { messageId: string }).messageId;
  };

  const receiptsOf = async (messageId: string, bearer: string) => {
    const r = await call('GET', `/v1/messages/${messageId}/receipts`, bearer);
    if (r.status !== 200) throw new Error(`receipts of ${messageId}: HTTP ${r.status}`);
    return (r.json as { receipts: { returnStatus: string; returnInfo: string }[] }).receipts;
  };
  const waitStatus = (messageId: string, bearer: string, status: string) =>
    waitFor(
      () => receiptsOf(messageId, bearer),
      (rs) => rs.some((r) => r.returnStatus === status),
      { what: `receipt ${status} for ${messageId}`, timeoutMs: 90_000, intervalMs: 250 },
    );
  /** Receipts of a message that never went through the gateway's intake (published straight to the topic). */
  const recordedReceipts = (messageId: string) =>
    waitFor(
      () =>
        queryRows<{ return_status: string; return_info: string }>(
          db,
          'SELECT return_status, return_info FROM gateway.receipt WHERE message_id = $1 ORDER BY id',
          [messageId],
        ),
      (rows) => rows.length > 0,
      { what: `a customs receipt for ${messageId}`, timeoutMs: 60_000, intervalMs: 250 },
    );
  const clearanceEvents = async (orderNo: string) =>
    (
      await queryRows<{ event: string }>(
        db,
        `SELECT envelope->'payload'->>'event' AS event FROM customs.outbox WHERE topic = $1 AND key = $2 ORDER BY id`,
        [Topics.ClearanceStatusChanged.name, orderNo],
      )
    ).map((r) => r.event);
  const listSlot = async (orderNo: string) =>
    (
      await queryRows<{ message_id: string; agent: string; status: string }>(
        db,
        `SELECT slots->'CEB621'->>'messageId' AS message_id,
                slots->'CEB621'->'document'->'InventoryHead'->>'agentCode' AS agent, status
           FROM customs.import_case WHERE order_no = $1`,
        [orderNo],
      )
    )[0];

  const tokeniser = new PersonTokeniser(
    Object.assign(new GatewayEnv(), { PERSON_TOKEN_KEYS: TEST_SECRETS.PERSON_TOKEN_KEYS }),
  );

  /** Publishes a document on its accepted-documents topic as if the gateway had accepted it. */
  const BYPASS = {
    CEB621: Topics.ImportInventoryAccepted,
    CEB623: Topics.ImportInventoryCancelAccepted,
    CEB625: Topics.ImportRefundAccepted,
  } as const;
  const bypass = async (messageType: keyof typeof BYPASS, orderNo: string, document: object) => {
    const topic = BYPASS[messageType];
    const messageId = randomUUID();
    // As the gateway publishes it: person fields as token lists (the test platform's keys), masked beside.
    const descriptor = IMPORT_DESCRIPTORS.find(
      (d) => d.messageType === messageType,
    )! as DocumentDescriptor<object>;
    const tokenised = tokeniser.tokeniseDocument(descriptor, document);
    const payload: DocumentAccepted<object> & { masked: Record<string, string> } = {
      messageId,
      messageType,
      senderCode: B,
      receivedAt: new Date().toISOString(),
      document: tokenised.document,
      masked: tokenised.masked,
    };
    const envelope = createEnvelope({
      type: topic.messageType,
      version: topic.version,
      producer: 'gateway',
      key: orderNo,
      correlationId: `bypass-${messageId}`,
      payload,
    });
    await producer.send({
      topic: topic.name,
      messages: [{ key: orderNo, value: JSON.stringify(envelope) }],
    });
    return messageId;
  };

  const expectRefusal = (
    r: { status: number; text: string; json: unknown },
    status: number,
    rule: string,
  ) => {
    expect({ status: r.status, rules: ((r.json as Problem).errors ?? []).map((e) => e.rule) }).toEqual({
      status,
      rules: [rule],
    });
  };

  beforeAll(async () => {
    await recreateDatabase(db);
    // Customs and tax start at the end of the shared broker's topics: tax assessment requests of the demo buyer that
    // earlier suites left unconsumed (customs without tax), or that customs would make catching up on their lists,
    // would otherwise fill the buyer's annual quota here (-621018 instead of a release).
    await skipConsumerGroupsToEnd(env.KAFKA_BROKERS, ['customs', 'tax']);
    tax = ServiceProcess.spawn('tax', { ...env, PORT: '19745' }, 'ownership-e2e-tax');
    gateway = ServiceProcess.spawn(
      'gateway',
      { ...env, PORT: '19743', TAX_SERVICE_URL: 'http://127.0.0.1:19745' },
      'ownership-e2e-gateway',
    );
    customs = ServiceProcess.spawn(
      'customs',
      {
        ...env,
        PORT: '19744',
        CUSTOMS_INSPECTION_RATE_A: '0',
        CUSTOMS_INSPECTION_RATE_B: '0',
        CUSTOMS_INSPECTION_RATE_C: '0',
        CUSTOMS_INSPECTION_RATE_D: '0',
      },
      'ownership-e2e-customs',
    );
    await Promise.all([gateway.ready(), customs.ready(), tax.ready()]);
    // The guarantee (担保) of the demo lists' guarantor covers their tax: lists are released.
    await queryRows(
      db,
      `INSERT INTO tax.guarantee_account (assure_code, kind, amount) VALUES ($1, 'deposit', 10000000)
       ON CONFLICT (assure_code) DO UPDATE SET amount = 10000000`,
      [A],
    );
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();

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
    const credit = (n: string) => {
      const first17 = `91330100MA27XK${n}`;
      return `${first17}${usccCheckCharacter(first17)}`;
    };
    const enterprises = [
      ...Object.values(DEMO_ENTERPRISES),
      { customsCode: B, creditCode: credit('771'), name: '另一报关有限公司', roles: ['agent'] },
      { customsCode: T, creditCode: credit('772'), name: '示范传输服务有限公司', roles: ['service'] },
    ];
    for (const e of enterprises) {
      const registered = await call('POST', '/v1/enterprises', access_token, {
        customsCode: e.customsCode,
        kind: 'enterprise',
        creditCode: e.creditCode,
        name: e.name,
        roles: e.roles,
        contacts: [{ name: '李明', telephone: '0571-86013388', email: 'ops@example.com' }],
      });
      expect([201, 409]).toContain(registered.status);
    }
    await waitFor(
      () => queryRows<{ n: number }>(db, `SELECT count(*)::int AS n FROM customs.enterprise`),
      (rows) => rows[0].n >= enterprises.length,
      { what: 'the registry projected into customs', timeoutMs: 60_000 },
    );

    const c = caseFor(`${RUN}-REL`);
    const [, , , listId] = await Promise.all([
      accepted('orders', TOKENS.ebp, c.order),
      accepted('payments', TOKENS.pay, c.payment),
      accepted('waybills', TOKENS.logistics, c.waybill),
      accepted('inventories', TOKENS.a, c.list),
    ]);
    await waitStatus(listId, TOKENS.a, '800');
    released = { c, listId };
  });

  afterAll(async () => {
    await producer?.disconnect();
    await Promise.all([gateway?.stop(), customs?.stop(), tax?.stop()]);
  });

  it('another broker can neither change, delete, cancel nor return a list: 403 naming the rule, nothing leaked', async () => {
    const { c, listId } = released;
    const answers = [
      ['change', await post('inventories', TOKENS.b, asBroker(c.list, B, '2'))],
      ['delete', await post('inventories', TOKENS.b, asBroker(c.list, B, '3'))],
      ['cancel', await post('inventory-cancellations', TOKENS.b, cancelOf(c.list, B))],
      ['return', await post('refunds', TOKENS.b, refundOf(c.list, B))],
    ] as const;
    for (const [what, answer] of answers) {
      expect({ what, status: answer.status }).toEqual({ what, status: 403 });
      expect((answer.json as Problem).errors).toEqual([
        expect.objectContaining({ rule: 'ownership.notDeclarer' }),
      ]);
      expect(answer.text).not.toContain(listId);
      expect(answer.text).not.toContain(A);
    }
    // The list stays released, with A's version and A's receipts only.
    expect((await receiptsOf(listId, TOKENS.a)).map((r) => r.returnStatus)).toEqual([
      '2',
      '120',
      '399',
      '800',
    ]);
    expect(await listSlot(c.list.InventoryHead.orderNo)).toMatchObject({ message_id: listId, agent: A });
  });

  it('a 409 shows the message id of the sender’s own declaration only', async () => {
    const c = caseFor(`${RUN}-409`);
    const listId = await accepted('inventories', TOKENS.a, c.list);
    const foreign = await post('inventories', TOKENS.b, asBroker(c.list, B, '1'));
    expectRefusal(foreign, 409, 'appType.alreadyDeclared');
    expect(foreign.text).not.toContain(listId);
    expect(foreign.text).not.toContain(A);

    const own = structuredClone(c.list);
    own.InventoryHead.guid = randomUUID().toUpperCase();
    const mine = await post('inventories', TOKENS.a, own);
    expectRefusal(mine, 409, 'appType.alreadyDeclared');
    expect(mine.text).toContain(listId);
  });

  it('customs refuses another broker’s return that bypassed the gateway: no return, the buyer’s quota stays used', async () => {
    const { c } = released;
    const orderNo = c.list.InventoryHead.orderNo;
    const quota = () =>
      queryRows<{ used: string; state: string }>(
        db,
        `SELECT q.used::numeric(19,2)::text AS used, a.state FROM tax.assessment a
           JOIN tax.buyer_quota q ON q.buyer_key = a.buyer_key AND q.year = a.quota_year
          WHERE a.order_no = $1`,
        [orderNo],
      );
    const before = await waitFor(quota, (rows) => rows[0]?.state === 'committed', {
      what: 'the committed quota',
    });

    const refusal = await recordedReceipts(await bypass('CEB625', orderNo, refundOf(c.list, B)));
    expect(refusal.map((r) => r.return_status)).toEqual(['100']);
    expect(refusal[0].return_info).toContain('ownership.notDeclarer');
    expect(refusal[0].return_info).not.toContain(A);
    expect(await clearanceEvents(orderNo)).not.toContain('returned');
    expect(await quota()).toEqual(before);

    // The declaring broker's own return is accepted, and gives the buyer's quota back.
    const own = await accepted('refunds', TOKENS.a, refundOf(c.list, A));
    await waitStatus(own, TOKENS.a, '120');
    const after = await waitFor(quota, (rows) => rows[0]?.state === 'returned', {
      what: 'the returned quota',
    });
    expect(Number(after[0].used)).toBeLessThan(Number(before[0].used));
  });

  it('customs refuses another broker’s change and cancel that bypassed the gateway: the list stays as declared', async () => {
    const c = caseFor(`${RUN}-BYP`);
    const orderNo = c.list.InventoryHead.orderNo;
    const listId = await accepted('inventories', TOKENS.a, c.list);
    await waitStatus(listId, TOKENS.a, '2');

    const change = await recordedReceipts(await bypass('CEB621', orderNo, asBroker(c.list, B, '2')));
    expect(change.map((r) => r.return_status)).toEqual(['100']);
    expect(change[0].return_info).toContain('ownership.notDeclarer');
    const cancel = await recordedReceipts(await bypass('CEB623', orderNo, cancelOf(c.list, B)));
    expect(cancel.map((r) => r.return_status)).toEqual(['100']);
    expect(cancel[0].return_info).toContain('ownership.notDeclarer');
    expect(cancel[0].return_info).not.toContain(A);
    expect(await listSlot(orderNo)).toEqual({ message_id: listId, agent: A, status: 'open' });
    expect(await clearanceEvents(orderNo)).not.toContain('cancelled');

    // The declaring broker's own cancel withdraws it.
    const own = await accepted('inventory-cancellations', TOKENS.a, cancelOf(c.list, A));
    await waitStatus(own, TOKENS.a, '399');
    expect((await listSlot(orderNo)).status).toBe('cancelled');
  });

  it('manages authorisations: the party or an operator grants, party and transmitter read, others get 404', async () => {
    const grant = await call('POST', `/v1/enterprises/${A}/transmitters`, TOKENS.a, {
      transmitterCode: T,
      messageTypes: ['CEB621', 'CEB623'],
      validUntil: chinaIn(365 * 86_400),
    });
    expect(grant.status).toBe(201);
    expect(grant.json).toMatchObject({
      partyCode: A,
      transmitterCode: T,
      messageTypes: ['CEB621', 'CEB623'],
      expired: false,
    });
    expect((grant.json as { validUntil: string }).validUntil).toMatch(/\+08:00$/);

    expect((await call('GET', `/v1/enterprises/${A}/transmitters`, TOKENS.a)).json).toMatchObject({
      items: [{ transmitterCode: T }],
    });
    expect((await call('GET', `/v1/enterprises/${A}/transmitters`, TOKENS.t)).json).toMatchObject({
      items: [{ transmitterCode: T }],
    });
    expect((await call('GET', `/v1/enterprises/${A}/transmitters`, TOKENS.b)).status).toBe(404);
    const bGrants = await call('POST', `/v1/enterprises/${A}/transmitters`, TOKENS.b, {
      transmitterCode: B,
      messageTypes: ['CEB621'],
      validUntil: chinaIn(86_400),
    });
    expect(bGrants.status).toBe(404);
    const unregistered = await call('POST', `/v1/enterprises/${A}/transmitters`, TOKENS.a, {
      transmitterCode: '3301989999',
      messageTypes: ['CEB621'],
      validUntil: chinaIn(86_400),
    });
    expectRefusal(unregistered, 400, 'transmitterCode.registered');
    const past = await call('POST', `/v1/enterprises/${A}/transmitters`, TOKENS.a, {
      transmitterCode: T,
      messageTypes: ['CEB621'],
      validUntil: '2020-01-01T00:00:00+08:00',
    });
    expectRefusal(past, 400, 'validUntil.future');
  });

  it('an authorised transmitter sends for the party and changes its document; the party owns it, others may not', async () => {
    const c = caseFor(`${RUN}-TX`);
    const listId = await accepted('inventories', TOKENS.t, c.list);
    const asRead = async (bearer: string) => call('GET', `/v1/messages/${listId}`, bearer);
    expect((await asRead(TOKENS.t)).json).toMatchObject({ senderCode: A, transmitterCode: T });
    expect((await asRead(TOKENS.a)).status).toBe(200);
    expect((await asRead(TOKENS.b)).status).toBe(404);
    await waitStatus(listId, TOKENS.t, '2');
    await waitStatus(listId, TOKENS.a, '2');
    // The transmitter lists what it transmitted, not the party's other documents.
    const listed = (orderNo: string) =>
      call('GET', `/v1/messages?orderNo=${orderNo}`, TOKENS.t).then((r) =>
        (r.json as { items: { messageId: string }[] }).items.map((i) => i.messageId),
      );
    expect(await listed(c.list.InventoryHead.orderNo)).toEqual([listId]);
    expect(await listed(released.c.list.InventoryHead.orderNo)).toEqual([]);

    const change = structuredClone(c.list);
    Object.assign(change.InventoryHead, { appType: '2', appTime: later(c.list.InventoryHead.appTime, 5) });
    expect((await post('inventories', TOKENS.t, change)).status).toBe(202);
    const partyChange = structuredClone(change);
    Object.assign(partyChange.InventoryHead, { appTime: later(c.list.InventoryHead.appTime, 6) });
    expect((await post('inventories', TOKENS.a, partyChange)).status).toBe(202);
    expectRefusal(
      await post('inventories', TOKENS.b, asBroker(c.list, B, '2', 7)),
      403,
      'ownership.notDeclarer',
    );

    // A type the party did not name is refused, naming the rule.
    expectRefusal(await post('refunds', TOKENS.t, refundOf(c.list, A)), 403, 'transmitter.messageType');
    // A document in the name of a party that authorised nothing.
    expectRefusal(
      await post('inventories', TOKENS.t, asBroker(caseFor(`${RUN}-TXB`).list, B, '1')),
      403,
      'sender.ownCode',
    );
  });

  it('a transmitter sends CEB XML with its own copCode; another copCode is refused', async () => {
    const grant = await call('POST', `/v1/enterprises/${PLATFORM}/transmitters`, TOKENS.ebp, {
      transmitterCode: T,
      messageTypes: ['CEB311'],
      validUntil: chinaIn(86_400),
    });
    expect(grant.status).toBe(201);
    const order = caseFor(`${RUN}-XML`).order;
    const xml = await post('orders', TOKENS.t, cebXmlMessage(CEB311, [order], T), 'application/xml');
    expect({ status: xml.status, text: xml.text }).toMatchObject({ status: 202 });
    const messageId = (xml.json as { messageId?: string; documents: { messageId: string }[] }).documents[0]
      .messageId;
    expect((await call('GET', `/v1/messages/${messageId}`, TOKENS.ebp)).json).toMatchObject({
      senderCode: PLATFORM,
      transmitterCode: T,
    });
    const other = caseFor(`${RUN}-XML2`).order;
    const foreign = await post(
      'orders',
      TOKENS.t,
      cebXmlMessage(CEB311, [other], PLATFORM),
      'application/xml',
    );
    expect({ status: foreign.status, errors: (foreign.json as Problem).errors }).toEqual({
      status: 403,
      errors: [expect.objectContaining({ path: 'BaseTransfer.copCode', rule: 'sender.ownCode' })],
    });
  });

  it('refuses a transmitter once its authorisation is revoked or has expired', async () => {
    const list = () => caseFor(`${RUN}-EXP${randomUUID().slice(0, 6)}`).list;
    const revoke = await call('DELETE', `/v1/enterprises/${A}/transmitters/${T}`, TOKENS.a);
    expect(revoke.status).toBe(204);
    expect((await call('GET', `/v1/enterprises/${A}/transmitters`, TOKENS.a)).json).toEqual({ items: [] });
    expect((await call('DELETE', `/v1/enterprises/${A}/transmitters/${T}`, TOKENS.a)).status).toBe(404);
    expectRefusal(await post('inventories', TOKENS.t, list()), 403, 'sender.ownCode');

    const shortGrant = await call('POST', `/v1/enterprises/${A}/transmitters`, TOKENS.a, {
      transmitterCode: T,
      messageTypes: ['CEB621'],
      validUntil: chinaIn(3),
    });
    expect(shortGrant.status).toBe(201);
    await waitFor(
      () => call('GET', `/v1/enterprises/${A}/transmitters`, TOKENS.t),
      (r) => (r.json as { items: { expired: boolean }[] }).items[0]?.expired === true,
      { what: 'the authorisation to expire', timeoutMs: 20_000, intervalMs: 250 },
    );
    expectRefusal(await post('inventories', TOKENS.t, list()), 403, 'transmitter.expired');
  });

  it('the e-commerce enterprise sends the order of an unregistered platform, not of a registered one', async () => {
    const c = caseFor(`${RUN}-EBC`);
    for (const head of [c.order.OrderHead, c.payment.PaymentHead, c.list.InventoryHead]) {
      head.ebpCode = UNREGISTERED_PLATFORM;
    }
    const [messageId, , , listId] = await Promise.all([
      accepted('orders', TOKENS.seller, c.order),
      accepted('payments', TOKENS.pay, c.payment),
      accepted('waybills', TOKENS.logistics, c.waybill),
      accepted('inventories', TOKENS.a, c.list),
    ]);
    expect((await call('GET', `/v1/messages/${messageId}`, TOKENS.seller)).json).toMatchObject({
      senderCode: SELLER,
      identity: `${UNREGISTERED_PLATFORM}:${c.order.OrderHead.orderNo}`,
    });
    // Customs takes the e-port platform id of an order its e-commerce enterprise declared: the set passes.
    const receipts = await waitStatus(messageId, TOKENS.seller, '120');
    expect(receipts.map((r) => r.returnStatus)).toEqual(['2', '120']);
    await waitStatus(listId, TOKENS.a, '800');

    const registered = caseFor(`${RUN}-EBC2`).order; // names the registered demo platform
    expectRefusal(await post('orders', TOKENS.seller, registered), 403, 'sender.platformRegistered');
  });
});
