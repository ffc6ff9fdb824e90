import { randomUUID } from 'node:crypto';

import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';

import {
  CEB607,
  CEB711,
  type ClearanceStatusChanged,
  createEnvelope,
  DEMO_ENTERPRISES,
  EXPORT_ARRIVAL_EXAMPLE,
  EXPORT_DEPARTURE_EXAMPLE,
  EXPORT_INVENTORY_EXAMPLE,
  EXPORT_MASTER_BILL_EXAMPLE,
  EXPORT_ORDER_EXAMPLE,
  EXPORT_RECEIPT_EXAMPLE,
  EXPORT_WAYBILL_EXAMPLE,
  IMPORT_DELIVERY_EXAMPLE,
  IMPORT_INVENTORY_EXAMPLE,
  IMPORT_WAYBILL_EXAMPLE,
  IMPORT_WAYBILL_STATUS_EXAMPLE,
  type LogisticsAnomaly,
  orderKey,
  type TrackingEventInput,
  type TrackingEventsResponse,
  Topics,
  type WaybillStatusChanged,
  type WaybillTimelineView,
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
  redeliveries,
  seededRandom,
} from '@swx/testing';

import { scanEventId } from '../apps/logistics/src/timeline/record-scans.usecase';
import {
  advanceStatus,
  chinaIso,
  orderTimeline,
  type TimelineEvent,
} from '../apps/logistics/src/timeline/timeline';

const db = (): string => `${process.env.TEST_DATABASE_URL!}_logistics`;
const BASE = Number(process.env.LOGISTICS_E2E_BASE_PORT ?? 4700);
const NO_SCAN_SECONDS = 4;

const E = DEMO_ENTERPRISES;
const guid = (): string => randomUUID().toUpperCase();
const suffix = (tag: string): string =>
  `${tag}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`.toUpperCase();

/** YYYYMMDDhhmmss in China time, `minutes` from now. */
const cebTime = (minutes: number): string =>
  new Date(Date.now() + minutes * 60_000 + 8 * 3_600_000)
    .toISOString()
    .replace(/[-:TZ.]/g, '')
    .slice(0, 14);
/** ISO 8601 with the China offset, `minutes` from now. */
const isoChina = (minutes: number): string =>
  new Date(Date.now() + minutes * 60_000 + 8 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00');

const token = (ent: string, roles: string[]) =>
  mintToken({ kind: 'enterprise', ent, roles, scopes: ['documents:write', 'documents:read'] });
const carrier = token(E.logistics.customsCode, ['logistics']);
const platform = token(E.platform.customsCode, ['ebp']);
const seller = token(E.seller.customsCode, ['ebc']);
const stranger = token('3301969999', ['logistics']);
const postRegulator = mintToken({ kind: 'regulator', agency: 'post', scopes: ['regulator:read'] });
const taxRegulator = mintToken({ kind: 'regulator', agency: 'tax', scopes: ['regulator:read'] });
const operator = mintToken({ kind: 'operator', scopes: ['registry:write', 'registry:read'] });

/** Outbox rows the logistics instances published on a topic for a key. */
const published = async <P>(topic: string, key: string): Promise<P[]> =>
  (
    await queryRows<{ payload: P }>(
      db(),
      `SELECT envelope->'payload' AS payload FROM logistics.outbox WHERE topic = $1 AND key = $2 AND sent_at IS NOT NULL
        ORDER BY id`,
      [topic, key],
    )
  ).map((r) => r.payload);

const receiptsOf = (messageId: string) =>
  queryRows<{ return_status: string; return_info: string }>(
    db(),
    'SELECT return_status, return_info FROM gateway.receipt WHERE message_id = $1 ORDER BY return_time, id',
    [messageId],
  );

/**
 * The logistics service on the real broker and database, behind the gateway, with customs deciding on the
 * declarations and two logistics instances sharing the work: timelines from declarations, customs and carrier
 * scans (in any order, duplicated, split over both instances), read by each party in its role; CEB711 and CEB607
 * in XML and JSON with their receipts; the master bill reconciled at departure; anomalies detected and withdrawn.
 */
describe('logistics: one timeline per waybill, from the gateway to the timeline read', () => {
  let gateway: ServiceProcess;
  /** A second gateway in front of the second logistics instance: scans reach both through the public API. */
  let gateway2: ServiceProcess;
  let customs: ServiceProcess;
  let logistics: ServiceProcess[] = [];
  let producer: Producer;
  const kafka = new Kafka({
    clientId: 'logistics-e2e',
    brokers: process.env.KAFKA_BROKERS!.split(','),
    logLevel: logLevel.WARN,
  });

  beforeAll(async () => {
    await recreateDatabase(db());
    // Customs and tax start at the end of the shared broker's topics: tax assessment requests of the demo buyer that
    // earlier suites left unconsumed (customs without tax), or that customs would make catching up on their lists,
    // would otherwise fill the buyer's annual quota here (-621018 instead of a release).
    await skipConsumerGroupsToEnd(process.env.KAFKA_BROKERS!, ['customs', 'tax']);
    const env = { DATABASE_URL: db(), KAFKA_BROKERS: process.env.KAFKA_BROKERS! };
    logistics = [0, 1].map((i) =>
      ServiceProcess.spawn(
        'logistics',
        {
          ...env,
          PORT: String(BASE + 2 + i),
          INSTANCE_ID: `logistics-e2e-${i}`,
          LOGISTICS_NO_SCAN_SECONDS: String(NO_SCAN_SECONDS),
        },
        `logistics-e2e-${i}`,
      ),
    );
    gateway = ServiceProcess.spawn(
      'gateway',
      { ...env, PORT: String(BASE), LOGISTICS_SERVICE_URL: `http://127.0.0.1:${BASE + 2}` },
      'logistics-e2e-gateway',
    );
    // The export list is released for certain (no inspection drawn on credit grounds).
    customs = ServiceProcess.spawn(
      'customs',
      { ...env, PORT: String(BASE + 1), CUSTOMS_INSPECTION_RATE_B: '0' },
      'logistics-e2e-customs',
    );
    await Promise.all([
      gateway.ready(90_000),
      customs.ready(90_000),
      ...logistics.map((l) => l.ready(90_000)),
    ]);
    // Started once the first gateway has migrated its schema.
    gateway2 = ServiceProcess.spawn(
      'gateway',
      { ...env, PORT: String(BASE + 4), LOGISTICS_SERVICE_URL: `http://127.0.0.1:${BASE + 3}` },
      'logistics-e2e-gateway-2',
    );
    await gateway2.ready(90_000);
    for (const e of Object.values(E)) {
      const response = await fetch(gateway.url('/v1/enterprises'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${operator}` },
        body: JSON.stringify({
          customsCode: e.customsCode,
          kind: 'enterprise',
          creditCode: e.creditCode,
          name: e.name,
          roles: e.roles,
          contacts: [{ name: '李明', telephone: '0571-88880000', email: 'logistics@example.com' }],
        }),
      });
      if (response.status !== 201 && response.status !== 409)
        throw new Error(`registering ${e.customsCode}: ${response.status}`);
    }
    await waitFor(
      () =>
        queryRows<{ n: number }>(db(), `SELECT count(*)::int AS n FROM customs.enterprise`, []).catch(() => [
          { n: 0 },
        ]),
      (rows) => rows[0].n >= Object.keys(E).length,
      { what: "the demo enterprises in customs' registry", timeoutMs: 120_000 },
    );
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await Promise.all([
      gateway?.stop(),
      gateway2?.stop(),
      customs?.stop(),
      ...logistics.map((l) => l?.stop()),
    ]);
  });

  const declare = async (path: string, sender: string, role: string, document: object): Promise<string> => {
    const response = await fetch(gateway.url(`/v1/${path}`), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token(sender, [role])}` },
      body: JSON.stringify(document),
    });
    const body = (await response.json()) as { messageId: string };
    if (response.status !== 202) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
    return body.messageId;
  };

  const receipts = (messageId: string, count: number, what: string) =>
    waitFor(
      () => receiptsOf(messageId),
      (r) => r.length >= count,
      { what, timeoutMs: 60_000 },
    );

  const timeline = async (bearer: string, logisticsNo: string) => {
    const response = await fetch(gateway.url(`/v1/logistics/waybills/${logisticsNo}/timeline`), {
      headers: { authorization: `Bearer ${bearer}` },
    });
    return { status: response.status, body: (await response.json()) as WaybillTimelineView };
  };

  const scansThroughGateway = async (
    events: TrackingEventInput[],
    through: ServiceProcess = gateway,
  ): Promise<TrackingEventsResponse> => {
    const response = await fetch(through.url('/v1/logistics/tracking-events'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${carrier}` },
      body: JSON.stringify({ events }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as TrackingEventsResponse;
  };

  /** The second instance's internal API, as the gateway calls it (so both instances take scans at once). */
  const scansThroughSecondInstance = async (
    events: TrackingEventInput[],
  ): Promise<TrackingEventsResponse> => {
    const response = await fetch(logistics[1].url('/internal/tracking-events'), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-internal-token': TEST_SECRETS.INTERNAL_API_TOKEN,
        'x-swx-principal-kind': 'enterprise',
        'x-swx-client-id': 'logistics-e2e',
        'x-swx-enterprise-code': E.logistics.customsCode,
        'x-swx-scopes': 'documents:write documents:read',
      },
      body: JSON.stringify({ events }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as TrackingEventsResponse;
  };

  const publishClearance = async (payload: ClearanceStatusChanged) => {
    const key = orderKey(payload.orderNo ?? payload.listIdentity);
    const envelope = createEnvelope({
      type: Topics.ClearanceStatusChanged.messageType,
      version: Topics.ClearanceStatusChanged.version,
      producer: 'customs',
      key,
      payload,
      correlationId: key,
    });
    await producer.send({
      topic: Topics.ClearanceStatusChanged.name,
      messages: [{ key, value: JSON.stringify(envelope) }],
    });
  };

  it('export: declarations, customs release, master bill and departure reconciled, scans in any order on two instances', async () => {
    const s = suffix('EX');
    const orderNo = `EXP${s}`.slice(0, 60);
    const logisticsNo = `LN${s}`.slice(0, 32);
    const order = structuredClone(EXPORT_ORDER_EXAMPLE);
    Object.assign(order.OrderHead, { orderNo, guid: guid() });
    const receipt = structuredClone(EXPORT_RECEIPT_EXAMPLE);
    Object.assign(receipt.Receipts, { orderNo, guid: guid() });
    const waybill = structuredClone(EXPORT_WAYBILL_EXAMPLE);
    Object.assign(waybill.Logistics, { logisticsNo, guid: guid() });
    const list = structuredClone(EXPORT_INVENTORY_EXAMPLE);
    Object.assign(list.InventoryHead, { orderNo, logisticsNo, copNo: `C${s}`.slice(0, 30), guid: guid() });

    await declare('export/orders', E.platform.customsCode, 'ebp', order);
    await declare('export/payment-receipts', E.seller.customsCode, 'ebc', receipt);
    await declare('export/waybills', E.logistics.customsCode, 'logistics', waybill);
    const listId = await declare('export/inventories', E.agent.customsCode, 'agent', list);
    await waitFor(
      () => receiptsOf(listId),
      (r) => r.some((x) => x.return_status === '800'),
      { what: 'the export list released (800)', timeoutMs: 90_000 },
    );

    // The master bill in CEB XML (with the e-port preNo its CEB608 return echoes), naming one unknown waybill.
    const billNo = `MB-${s}`.slice(0, 37);
    const unknownNo = `LNUNKNOWN${s}`.slice(0, 32);
    const master = structuredClone(EXPORT_MASTER_BILL_EXAMPLE);
    // XSD order: the e-port preNo right after copNo.
    master.WayBillHead = Object.fromEntries(
      Object.entries({ ...master.WayBillHead, guid: guid(), copNo: `MB${s}`.slice(0, 30), billNo }).flatMap(
        ([k, v]) =>
          k === 'copNo'
            ? [
                [k, v],
                ['preNo', 'P20261121000000001'],
              ]
            : [[k, v]],
      ),
    ) as unknown as typeof master.WayBillHead;
    master.WayBillList = [
      { gnum: 1, logisticsNo },
      { gnum: 2, logisticsNo: unknownNo },
    ];
    const xmlAnswer = await fetch(gateway.url('/v1/export/master-bills'), {
      method: 'POST',
      headers: {
        'content-type': 'application/xml',
        accept: 'application/xml',
        authorization: `Bearer ${token(E.agent.customsCode, ['agent'])}`,
      },
      body: cebXmlMessage(CEB607, [master], E.agent.customsCode),
    });
    expect(xmlAnswer.status).toBe(202);
    const acceptance = await xmlAnswer.text();
    expect(acceptance).toContain('<CEB608Message');
    expect(acceptance).toContain(`<billNo>${billNo}</billNo>`);
    const masterId = /message ([0-9a-f-]{36})/.exec(acceptance)![1];
    const [masterReceipt] = await receipts(masterId, 1, 'the CEB608 of the master bill');
    expect(masterReceipt.return_status).toBe('399');
    expect(masterReceipt.return_info).toContain('[Code:2610;Desc:总分单登记 2 票');
    expect(masterReceipt.return_info).toContain(`[Code:2611;Desc:运单未申报 (CEB505): ${unknownNo}]`);
    const receiptXml = await fetch(gateway.url(`/v1/messages/${masterId}/receipts`), {
      headers: {
        accept: 'application/xml',
        authorization: `Bearer ${token(E.agent.customsCode, ['agent'])}`,
      },
    });
    expect(receiptXml.status).toBe(200);
    const cebReceipt = await receiptXml.text();
    expect(cebReceipt).toContain('<WayBillReturn>');
    expect(cebReceipt).toContain('<returnStatus>399</returnStatus>');
    expect(cebReceipt).toContain('<preNo>P20261121000000001</preNo>');

    const arrival = structuredClone(EXPORT_ARRIVAL_EXAMPLE);
    Object.assign(arrival.ArrivalHead, {
      guid: guid(),
      copNo: `ARR${s}`.slice(0, 30),
      billNo,
      appTime: cebTime(-50),
    });
    arrival.ArrivalList = [{ gnum: 1, logisticsNo }];
    await declare('export/arrivals', E.logistics.customsCode, 'logistics', arrival);

    // A departure under the bill of a waybill it does not hold: named in the CEB510.
    const strayNo = `LNSTRAY${s}`.slice(0, 32);
    const departure = structuredClone(EXPORT_DEPARTURE_EXAMPLE);
    Object.assign(departure.DepartureHead, {
      guid: guid(),
      copNo: `DEP${s}`.slice(0, 30),
      billNo,
      leaveTime: cebTime(-30),
    });
    departure.DepartureList = [
      { gnum: 1, logisticsNo },
      { gnum: 2, logisticsNo: strayNo },
    ];
    const departureId = await declare('export/departures', E.logistics.customsCode, 'logistics', departure);
    const [departureReceipt] = await receipts(departureId, 1, 'the CEB510 of the departure');
    expect(departureReceipt.return_info).toContain(
      `[Code:2702;Desc:运单不在总分单 ${billNo} 中: ${strayNo}]`,
    );
    expect(departureReceipt.return_info).toContain('结关清单 1 票');

    // Carrier scans abroad, shuffled and partly duplicated, half through the gateway (instance 0), half straight
    // to instance 1, at the same time.
    const scans: TrackingEventInput[] = [
      { logisticsNo, kind: 'picked-up', occurredAt: isoChina(-120), place: '义乌仓', scanId: `${s}-1` },
      { logisticsNo, kind: 'arrived', occurredAt: isoChina(2), place: 'LAX', scanId: `${s}-2` },
      {
        logisticsNo,
        kind: 'out-for-delivery',
        occurredAt: isoChina(3),
        place: 'Los Angeles',
        carrier: 'USPS',
      },
      {
        logisticsNo,
        kind: 'exception',
        occurredAt: isoChina(4),
        note: 'address incomplete',
        scanId: `${s}-4`,
      },
      { logisticsNo, kind: 'delivered', occurredAt: isoChina(5), place: 'Los Angeles', scanId: `${s}-5` },
    ];
    const [a, b] = await Promise.all([
      scansThroughGateway([scans[4], scans[1], scans[2], scans[0]]),
      scansThroughSecondInstance([scans[3], scans[2], scans[4], scans[0]]),
    ]);
    const outcomes = [...a.results, ...b.results].map((r) => r.outcome);
    expect(outcomes.filter((o) => o === 'recorded')).toHaveLength(5);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(3);
    const again = await scansThroughGateway(scans);
    expect(again.results.map((r) => r.outcome)).toEqual(Array(5).fill('duplicate'));

    const read = await waitFor(
      () => timeline(carrier, logisticsNo),
      (t) =>
        t.status === 200 &&
        t.body.events.some((e) => e.kind === 'customs-released') &&
        t.body.events.length >= 10,
      { what: 'the export timeline complete', timeoutMs: 60_000 },
    );
    const events = read.body.events;
    const times = events.map((e) => Date.parse(e.occurredAt));
    expect([...times].sort((x, y) => x - y)).toEqual(times);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
    expect(events.map((e) => e.kind).sort()).toEqual(
      [
        'declared',
        'consolidated',
        'arrived',
        'departed',
        'customs-released',
        'picked-up',
        'arrived',
        'out-for-delivery',
        'exception',
        'delivered',
      ].sort(),
    );
    expect(read.body).toMatchObject({
      logisticsNo,
      logisticsCode: E.logistics.customsCode,
      flow: 'export',
      orderNo,
      readAs: 'carrier',
      status: 'delivered',
    });
    expect(read.body.status).toBe(events.at(-1)!.kind);
    for (const [bearer, readAs] of [
      [platform, 'platform'],
      [seller, 'seller'],
      [postRegulator, 'regulator'],
    ] as const) {
      const other = await timeline(bearer, logisticsNo);
      expect(other.status).toBe(200);
      expect(other.body.readAs).toBe(readAs);
      expect(other.body.events).toEqual(events);
    }
    expect((await timeline(stranger, logisticsNo)).status).toBe(404);
    expect((await timeline(taxRegulator, logisticsNo)).status).toBe(404);

    // The published status only moved forward: one message per move, the last one the latest event.
    const statuses = await waitFor(
      () => published<WaybillStatusChanged>(Topics.WaybillStatusChanged.name, logisticsNo),
      (p) => p.at(-1)?.eventId === events.at(-1)!.eventId,
      { what: 'the latest waybill status published' },
    );
    const statusTimes = statuses.map((p) => Date.parse(p.occurredAt));
    expect([...statusTimes].sort((x, y) => x - y)).toEqual(statusTimes);
    expect(new Set(statuses.map((p) => p.eventId)).size).toBe(statuses.length);

    // Another carrier may not scan this waybill.
    const foreign = await fetch(gateway.url('/v1/logistics/tracking-events'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${stranger}` },
      body: JSON.stringify({ events: [{ logisticsNo, kind: 'delivered', occurredAt: isoChina(-1) }] }),
    });
    expect(((await foreign.json()) as TrackingEventsResponse).results[0].outcome).toBe('refused');
    const bad = await fetch(gateway.url('/v1/logistics/tracking-events'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${carrier}` },
      body: JSON.stringify({
        events: [{ logisticsNo, kind: 'teleported', occurredAt: '2026-11-23T10:00:00' }],
      }),
    });
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path).sort()).toEqual(['events[0].kind', 'events[0].occurredAt']);
  });

  it('export: a master bill (CEB607 JSON) that comes after its departure reconciles the departure all the same', async () => {
    const s = suffix('MR');
    const billNo = `MB-${s}`.slice(0, 37);
    const heldNo = `LNHELD${s}`.slice(0, 32);
    const strayNo = `LNSTRAY${s}`.slice(0, 32);
    const departure = structuredClone(EXPORT_DEPARTURE_EXAMPLE);
    Object.assign(departure.DepartureHead, {
      guid: guid(),
      copNo: `DEP${s}`.slice(0, 30),
      billNo,
      leaveTime: cebTime(-30),
    });
    departure.DepartureList = [
      { gnum: 1, logisticsNo: heldNo },
      { gnum: 2, logisticsNo: strayNo },
    ];
    const departureId = await declare('export/departures', E.logistics.customsCode, 'logistics', departure);
    const [first] = await receipts(departureId, 1, 'the first CEB510 of the departure');
    // No master bill yet: nothing to reconcile against.
    expect(first.return_info).not.toContain('Code:2702');

    const master = structuredClone(EXPORT_MASTER_BILL_EXAMPLE);
    Object.assign(master.WayBillHead, { guid: guid(), copNo: `MB${s}`.slice(0, 30), billNo });
    master.WayBillList = [{ gnum: 1, logisticsNo: heldNo }];
    const masterId = await declare('export/master-bills', E.agent.customsCode, 'agent', master);
    const [masterReceipt] = await receipts(masterId, 1, 'the CEB608 of the late master bill');
    expect(masterReceipt.return_info).toContain('[Code:2610;Desc:总分单登记 1 票');
    // The waybill was never declared (CEB505) when the master bill came: named, and it stays named.
    expect(masterReceipt.return_info).toContain(`[Code:2611;Desc:运单未申报 (CEB505): ${heldNo}]`);

    // The departure, recorded before, is reconciled now: a further CEB510 names the waybill the bill does not
    // hold, in the words the departure's own receipt uses when the master bill comes first.
    const all = await receipts(departureId, 2, 'the CEB510 that reconciles the departure with its late bill');
    expect(all).toHaveLength(2);
    expect(all[1].return_info).toContain(`[Code:2703;Desc:总分单 ${billNo} 登记后复核离境单]`);
    expect(all[1].return_info).toContain(`[Code:2702;Desc:运单不在总分单 ${billNo} 中: ${strayNo}]`);
    expect(all[1].return_info).not.toContain(heldNo);
  });

  it('import: arrival at the site (CEB711 XML), release, no scan → anomaly withdrawn by a late scan, masked consignee by role', async () => {
    const s = suffix('IM');
    const logisticsNo = `LN${s}`.slice(0, 32);
    const orderNo = `ORD${s}`.slice(0, 60);
    const waybill = structuredClone(IMPORT_WAYBILL_EXAMPLE);
    Object.assign(waybill.LogisticsHead, {
      guid: guid(),
      logisticsNo,
      orderNo,
      appTime: cebTime(-240),
      weight: '2.1',
    });
    await declare('import/waybills', E.logistics.customsCode, 'logistics', waybill);
    const list = structuredClone(IMPORT_INVENTORY_EXAMPLE);
    Object.assign(list.InventoryHead, {
      guid: guid(),
      orderNo,
      logisticsNo,
      copNo: `I${s}`.slice(0, 20),
      grossWeight: '9.5',
      netWeight: '9',
    });
    const listId = await declare('import/inventories', E.agent.customsCode, 'agent', list);

    const delivery = structuredClone(IMPORT_DELIVERY_EXAMPLE);
    Object.assign(delivery.DeliveryHead, {
      guid: guid(),
      copNo: `RK${s}`.slice(0, 20),
      appTime: cebTime(-180),
    });
    delivery.DeliveryList = [
      { gnum: 1, logisticsNo },
      { gnum: 2, logisticsNo: `LNNEVER${s}`.slice(0, 60) },
    ];
    const warehouse = token(E.warehouse.customsCode, ['warehouse']);
    const deliveryAnswer = await fetch(gateway.url('/v1/import/deliveries'), {
      method: 'POST',
      headers: {
        'content-type': 'application/xml',
        accept: 'application/xml',
        authorization: `Bearer ${warehouse}`,
      },
      body: cebXmlMessage(CEB711, [delivery], E.warehouse.customsCode),
    });
    expect(deliveryAnswer.status).toBe(202);
    const deliveryAcceptance = await deliveryAnswer.text();
    expect(deliveryAcceptance).toContain('<CEB712Message');
    const deliveryId = /message ([0-9a-f-]{36})/.exec(deliveryAcceptance)![1];
    const [deliveryReceipt] = await receipts(deliveryId, 1, 'the CEB712 of the arrival');
    expect(deliveryReceipt.return_status).toBe('399');
    expect(deliveryReceipt.return_info).toContain('[Code:2900;Desc:入库登记 2 票');
    expect(deliveryReceipt.return_info).toContain(`运单未申报 (CEB511): LNNEVER${s}`.slice(0, 40));
    const xmlReceipt = await fetch(gateway.url(`/v1/messages/${deliveryId}/receipts`), {
      headers: { accept: 'application/xml', authorization: `Bearer ${warehouse}` },
    });
    expect(xmlReceipt.status).toBe(200);
    expect(await xmlReceipt.text()).toContain('<DeliveryReturn>');

    // The customs release (published as customs does), then nothing from the carrier.
    await publishClearance({
      event: 'released',
      flow: 'import',
      listMessageId: listId,
      listIdentity: `${list.InventoryHead.ebcCode}:${orderNo}`,
      orderNo,
      returnStatus: '800',
      previousStatus: '399',
      returnInfo: '[Code:2600;Desc:放行]',
      occurredAt: new Date().toISOString(),
    });
    const anomalies = () =>
      published<LogisticsAnomaly>(Topics.LogisticsAnomalyReported.name, E.logistics.customsCode).then((all) =>
        all.filter((a) => a.evidence.includes(logisticsNo)),
      );
    const noScan = `logistics:noScanAfterRelease:${logisticsNo}`;
    const detected = await waitFor(anomalies, (all) => all.some((a) => a.anomalyId === noScan), {
      what: 'the no-scan anomaly after the window',
      timeoutMs: 60_000,
    });
    expect(detected.find((a) => a.anomalyId === noScan)).toMatchObject({
      status: 'detected',
      severity: 'medium',
    });
    expect(detected.find((a) => a.anomalyId === `logistics:weightMismatch:${logisticsNo}`)).toMatchObject({
      status: 'detected',
      kind: 'logistics.weightMismatch',
    });

    // A late scan withdraws it; a CEB513 delivery dated before the release is an anomaly of its own.
    await scansThroughGateway([
      { logisticsNo, kind: 'out-for-delivery', occurredAt: isoChina(1), place: '杭州' },
    ]);
    const status = structuredClone(IMPORT_WAYBILL_STATUS_EXAMPLE);
    Object.assign(status.LogisticsStatus, {
      guid: guid(),
      logisticsNo,
      logisticsTime: cebTime(-60),
      // A minute before the deletion below (appTime now): a version must be newer than the one it replaces, and
      // both stamped now fall in one second on a fast run (409 appTime.notNewer).
      appTime: cebTime(-1),
    });
    await declare('import/waybill-statuses', E.logistics.customsCode, 'logistics', status);
    const settled = await waitFor(
      anomalies,
      (all) =>
        all.some((a) => a.anomalyId === noScan && a.status === 'withdrawn') &&
        all.some((a) => a.anomalyId === `logistics:deliveredBeforeRelease:${logisticsNo}`),
      { what: 'the no-scan anomaly withdrawn and delivered-before-release detected', timeoutMs: 60_000 },
    );
    expect(settled.filter((a) => a.anomalyId === noScan).map((a) => a.status)).toEqual([
      'detected',
      'withdrawn',
    ]);

    // The same waybill on a second order.
    const reuse = structuredClone(list);
    Object.assign(reuse.InventoryHead, {
      guid: guid(),
      orderNo: `${orderNo}R`.slice(0, 60),
      copNo: `J${s}`.slice(0, 20),
    });
    await declare('import/inventories', E.agent.customsCode, 'agent', reuse);
    await waitFor(
      anomalies,
      (all) => all.some((a) => a.anomalyId === `logistics:waybillReused:${logisticsNo}`),
      {
        what: 'the reused waybill anomaly',
      },
    );

    const byCarrier = await timeline(carrier, logisticsNo);
    expect(byCarrier.status).toBe(200);
    expect(byCarrier.body.events.map((e) => [e.kind, e.source])).toEqual([
      ['declared', 'CEB511'],
      ['arrived', 'CEB711'],
      ['delivered', 'CEB513'],
      ['customs-released', 'customs'],
      ['out-for-delivery', 'carrier'],
    ]);
    expect(byCarrier.body.consignee).toEqual({
      name: expect.stringContaining('*'),
      telephone: expect.stringContaining('*'),
      address: expect.stringContaining('*'),
    });
    expect(JSON.stringify(byCarrier.body)).not.toContain(
      IMPORT_WAYBILL_EXAMPLE.LogisticsHead.consigneeTelephone,
    );
    // The CEB513 deleted (appType 3, same waybill and logisticsTime): off the timeline, and the anomaly it caused
    // withdrawn.
    const deletion = structuredClone(status);
    Object.assign(deletion.LogisticsStatus, { guid: guid(), appType: '3', appTime: cebTime(0) });
    await declare('import/waybill-statuses', E.logistics.customsCode, 'logistics', deletion);
    const afterDeletion = await waitFor(
      () => timeline(carrier, logisticsNo),
      (t) => t.status === 200 && !t.body.events.some((e) => e.source === 'CEB513'),
      { what: 'the deleted CEB513 off the timeline', timeoutMs: 60_000 },
    );
    expect(afterDeletion.body.events.map((e) => e.source)).toEqual([
      'CEB511',
      'CEB711',
      'customs',
      'carrier',
    ]);
    expect(afterDeletion.body.status).toBe('out-for-delivery');
    await waitFor(
      anomalies,
      (all) =>
        all.some(
          (a) =>
            a.anomalyId === `logistics:deliveredBeforeRelease:${logisticsNo}` && a.status === 'withdrawn',
        ),
      { what: 'delivered-before-release withdrawn with its CEB513', timeoutMs: 60_000 },
    );

    const bySeller = await timeline(seller, logisticsNo);
    expect(bySeller.body.readAs).toBe('seller');
    expect(Object.keys(bySeller.body.consignee)).toEqual(['name']);
    expect((await timeline(platform, logisticsNo)).body.consignee).toEqual(byCarrier.body.consignee);
  });

  it('warehouses: 9810 inbound by waybill, sales, returns, transfers across operators, shared utilisation without customers', async () => {
    const s = suffix('WH');
    const operatorA = token(E.warehouse.customsCode, ['warehouse']);
    const operatorB = token(E.logistics.customsCode, ['logistics']);
    const call = async (bearer: string, method: string, path: string, body?: object) => {
      const response = await fetch(gateway.url(`/v1/logistics/${path}`), {
        method,
        headers: {
          authorization: `Bearer ${bearer}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const code = s.slice(-12);
    const lax = await call(operatorA, 'POST', 'warehouses', {
      code: `LAX-${code}`,
      kind: 'overseas',
      name: '示范洛杉矶海外仓',
      country: '502',
      address: '1200 E Carson St, Los Angeles, CA',
      capacity: 1000,
    });
    expect(lax.status).toBe(201);
    const laxId = String(lax.body.warehouseId);
    expect(laxId).toBe(`${E.warehouse.customsCode}-LAX-${code}`);
    const sea = await call(operatorB, 'POST', 'warehouses', {
      code: `SEA-${code}`,
      kind: 'consolidation',
      name: '示范西雅图集货仓',
      country: '502',
      address: '2400 Airport Way S, Seattle, WA',
      capacity: 2000,
    });
    const seaId = String(sea.body.warehouseId);

    // A 9810 export list (出口海外仓): the inbound names its waybill and takes quantity and owner from it.
    const logisticsNo = `LN${s}`.slice(0, 32);
    const list = structuredClone(EXPORT_INVENTORY_EXAMPLE);
    Object.assign(list.InventoryHead, {
      guid: guid(),
      orderNo: `EXP${s}`.slice(0, 60),
      logisticsNo,
      copNo: `C${s}`.slice(0, 30),
      tradeMode: '9810',
    });
    await declare('export/inventories', E.agent.customsCode, 'agent', list);
    const pieces = list.InventoryList.reduce((n, l) => n + Number(l.qty), 0);
    const inbound = await waitFor(
      () =>
        call(operatorA, 'POST', `warehouses/${laxId}/movements`, {
          movementId: `IN-${s}`,
          kind: 'inbound',
          logisticsNo,
          occurredAt: isoChina(-60),
        }),
      (r) => r.status === 200,
      { what: 'the inbound of the 9810 list', timeoutMs: 60_000 },
    );
    expect(inbound.body).toMatchObject({
      outcome: 'recorded',
      warehouse: {
        stock: String(pieces),
        byOwner: [{ ownerCode: list.InventoryHead.ebcCode, quantity: String(pieces) }],
      },
    });

    // The same waybill again under another movement id, here or in another warehouse: its goods are in stock.
    for (const [bearer, id] of [
      [operatorA, laxId],
      [operatorB, seaId],
    ] as const) {
      const twice = await call(bearer, 'POST', `warehouses/${id}/movements`, {
        movementId: `IN2-${s}`,
        kind: 'inbound',
        logisticsNo,
        occurredAt: isoChina(-50),
      });
      expect(twice.status).toBe(409);
      expect(JSON.stringify(twice.body)).toContain(
        `waybill ${logisticsNo} was taken into stock already (movement IN-${s} in warehouse ${laxId})`,
      );
    }
    // The first inbound sent again is still a no-op.
    expect(
      (
        await call(operatorA, 'POST', `warehouses/${laxId}/movements`, {
          movementId: `IN-${s}`,
          kind: 'inbound',
          logisticsNo,
          occurredAt: isoChina(-60),
        })
      ).body.outcome,
    ).toBe('duplicate');

    const sale = {
      movementId: `OUT-${s}`,
      kind: 'outbound',
      quantity: '1',
      ownerCode: list.InventoryHead.ebcCode,
      occurredAt: isoChina(-30),
    };
    expect((await call(operatorA, 'POST', `warehouses/${laxId}/movements`, sale)).body.outcome).toBe(
      'recorded',
    );
    expect((await call(operatorA, 'POST', `warehouses/${laxId}/movements`, sale)).body.outcome).toBe(
      'duplicate',
    );
    expect(
      (await call(operatorA, 'POST', `warehouses/${laxId}/movements`, { ...sale, quantity: '2' })).status,
    ).toBe(409);
    const tooMuch = await call(operatorA, 'POST', `warehouses/${laxId}/movements`, {
      ...sale,
      movementId: `OUT2-${s}`,
      quantity: String(pieces * 10),
    });
    expect(tooMuch.status).toBe(422);
    await call(operatorA, 'POST', `warehouses/${laxId}/movements`, {
      ...sale,
      movementId: `RET-${s}`,
      kind: 'return',
    });
    const transfer = await call(operatorA, 'POST', `warehouses/${laxId}/movements`, {
      ...sale,
      movementId: `TR-${s}`,
      kind: 'transfer',
      quantity: '2',
      toWarehouseId: seaId,
    });
    expect(transfer.body).toMatchObject({ outcome: 'recorded', warehouse: { stock: String(pieces - 2) } });
    expect((await call(operatorB, 'POST', `warehouses/${laxId}/movements`, sale)).status).toBe(404);

    const shared = await call(operatorB, 'GET', 'warehouse-utilisation');
    expect(shared.status).toBe(200);
    const rows = shared.body.warehouses as { warehouseId: string; stock: string; utilisation: string }[];
    expect(rows.find((r) => r.warehouseId === laxId)).toMatchObject({
      stock: String(pieces - 2),
      utilisation: ((pieces - 2) / 1000).toFixed(4),
    });
    expect(rows.find((r) => r.warehouseId === seaId)).toMatchObject({ stock: '2', utilisation: '0.0010' });
    expect(JSON.stringify(shared.body)).not.toContain(list.InventoryHead.ebcCode);

    expect((await call(operatorB, 'GET', `warehouses/${laxId}`)).status).toBe(404);
    const byRegulator = await call(postRegulator, 'GET', `warehouses/${laxId}`);
    expect(byRegulator.body.byOwner).toEqual([
      { ownerCode: list.InventoryHead.ebcCode, quantity: String(pieces - 2) },
    ]);
    const own = await call(operatorA, 'GET', 'warehouses');
    expect((own.body.items as { warehouseId: string }[]).map((w) => w.warehouseId)).toContain(laxId);
    expect((own.body.items as { warehouseId: string }[]).map((w) => w.warehouseId)).not.toContain(seaId);
  });

  it('generated scans: shuffled, duplicated, in batches alternately through two gateways and instances, equal the sequential evaluation', async () => {
    const seed = Number(process.env.LOGISTICS_E2E_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`logistics generated scans: seed ${seed} (replay with LOGISTICS_E2E_SEED=${seed})`);
    const random = seededRandom(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const s = suffix('GS');
    const kinds = [
      'picked-up',
      'departed',
      'arrived',
      'released',
      'out-for-delivery',
      'delivered',
      'exception',
      'returned',
    ] as const;
    const start = Date.now() - 3 * 86_400_000;
    const second = (at: number) => new Date(Math.floor(at / 1000) * 1000 + 8 * 3_600_000);
    const iso = (at: number) =>
      second(at)
        .toISOString()
        .replace(/\.\d{3}Z$/, '+08:00');

    // 20 waybills, each with 1 to 12 scans at random times over two days, some at the same second (ties
    // between kinds and between ids), some without a scan id (identified by their content).
    const waybills = Array.from({ length: 20 }, (_, w) => {
      const logisticsNo = `LN${s}${String(w).padStart(2, '0')}`.slice(0, 32);
      let at = start + Math.floor(random() * 3_600_000);
      const scans: TrackingEventInput[] = Array.from({ length: 1 + Math.floor(random() * 12) }, (_, j) => {
        if (random() >= 0.2) at += 1000 + Math.floor(random() * 4 * 3_600_000);
        return {
          logisticsNo,
          kind: pick(kinds),
          occurredAt: iso(at),
          ...(random() < 0.5 ? { place: `place-${w}-${j}` } : {}),
          ...(random() < 0.3 ? { carrier: `partner-${j % 3}` } : {}),
          ...(random() < 0.8 ? { scanId: `${s}-${w}-${j}` } : {}),
        };
      });
      return { logisticsNo, scans };
    });

    // Every scan once, a third of them two or three times, all shuffled, in batches of 1 to 25.
    const batches = redeliveries(
      waybills.flatMap((w) => w.scans),
      random,
      { duplicateRate: 0.33, maxBatch: 25 },
    );
    const sent = batches.flat().length;
    console.log(
      `logistics generated scans: ${waybills.length} waybills, ${sent} scans sent in ${batches.length} batches`,
    );
    // Alternately through the two gateways (each in front of its own logistics instance), two batches at a time.
    const outcomes: string[] = [];
    for (let i = 0; i < batches.length; i += 2) {
      const answers = await Promise.all(
        batches.slice(i, i + 2).map((batch, k) => scansThroughGateway(batch, k === 0 ? gateway : gateway2)),
      );
      for (const a of answers) outcomes.push(...a.results.map((r) => r.outcome));
    }
    // Two generated scans without a scan id and with the same content are one scan (one id).
    const unique = waybills.reduce(
      (n, w) => n + new Set(w.scans.map((scan) => scanEventId(E.logistics.customsCode, scan))).size,
      0,
    );
    expect(outcomes.filter((o) => o === 'recorded')).toHaveLength(unique);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(sent - unique);

    // The sequential evaluator: each waybill's unique scans, one after the other in time.
    const expected = waybills.map(({ logisticsNo, scans }) => {
      const events: TimelineEvent[] = scans.map((scan) => ({
        eventId: scanEventId(E.logistics.customsCode, scan),
        kind: scan.kind,
        source: 'carrier',
        occurredAt: Date.parse(scan.occurredAt),
        ...(scan.place ? { place: scan.place } : {}),
        ...(scan.carrier ? { carrier: scan.carrier } : {}),
      }));
      const inTime = [...new Map(events.map((e) => [e.eventId, e])).values()].sort(
        (a, b) => a.occurredAt - b.occurredAt,
      );
      const status = inTime.reduce<TimelineEvent | undefined>((st, e) => advanceStatus(st, [e]), undefined)!;
      return {
        logisticsNo,
        status,
        events: orderTimeline(inTime).map((e) => ({ ...e, occurredAt: chinaIso(e.occurredAt) })),
      };
    });

    const reads = await waitFor(
      () => Promise.all(expected.map((x) => timeline(carrier, x.logisticsNo))),
      (all) => all.every((t, i) => t.status === 200 && t.body.events.length === expected[i].events.length),
      { what: 'the generated timelines complete', timeoutMs: 60_000 },
    );
    reads.forEach((read, i) => {
      const x = expected[i];
      expect(read.body.events).toEqual(x.events);
      expect(read.body).toMatchObject({
        logisticsNo: x.logisticsNo,
        logisticsCode: E.logistics.customsCode,
        status: x.status.kind,
        statusAt: chinaIso(x.status.occurredAt),
      });
    });
    // The last status each waybill published is the evaluator's.
    for (const x of expected) {
      const statuses = await waitFor(
        () => published<WaybillStatusChanged>(Topics.WaybillStatusChanged.name, x.logisticsNo),
        (p) => p.at(-1)?.eventId === x.status.eventId,
        { what: `the status of ${x.logisticsNo} published`, timeoutMs: 30_000 },
      );
      expect(statuses.at(-1)).toMatchObject({
        status: x.status.kind,
        occurredAt: chinaIso(x.status.occurredAt),
      });
    }
  });
});
