import { randomUUID } from 'node:crypto';

import {
  ClearanceStatusChanged,
  DEMO_ENTERPRISES,
  EXPORT_ARRIVAL_EXAMPLE,
  EXPORT_DEPARTURE_EXAMPLE,
  EXPORT_INVENTORY_EXAMPLE,
  EXPORT_ORDER_EXAMPLE,
  EXPORT_RECEIPT_EXAMPLE,
  EXPORT_SUMMARY_REQUEST_EXAMPLE,
  EXPORT_WAYBILL_EXAMPLE,
  type ExportArrival,
  type ExportDeparture,
  type ExportInventory,
  type ExportOrder,
  type ExportReceipt,
  type ExportSummaryRequest,
  type ExportWaybill,
  MatchResultDecided,
  orderKey,
  Topics,
} from '@swx/contracts';
import { mintToken, queryRows, recreateDatabase, ServiceProcess, waitFor } from '@swx/testing';

/** Shared by the customs export end-to-end specs: processes, registered enterprises, documents, probes. */
/** The export suites' own database, fresh for each suite: summaries by period must see only their lists. */
export const db = (): string => `${process.env.TEST_DATABASE_URL!}_export`;

export const serviceEnv = (): Record<string, string> => ({
  DATABASE_URL: db(),
  KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
});

export interface ExportStack {
  gateway: ServiceProcess;
  customs: ServiceProcess[];
  stop(): Promise<void>;
}

/**
 * A gateway and `instances` customs processes on ports `base`, `base + 1`…, with the demo enterprises registered.
 * Lists are inspected on credit grounds only for D-rated or blacklisted parties (the other levels' rates are 0,
 * so a release is certain), unless `customsEnv` says otherwise.
 */
export async function startExportStack(
  label: string,
  base: number,
  instances = 1,
  customsEnv: Record<string, string> = {},
): Promise<ExportStack> {
  await recreateDatabase(db());
  const gateway = ServiceProcess.spawn(
    'gateway',
    { ...serviceEnv(), PORT: String(base) },
    `gateway-${label}`,
  );
  const customs = Array.from({ length: instances }, (_, i) =>
    ServiceProcess.spawn(
      'customs',
      {
        ...serviceEnv(),
        CUSTOMS_INSPECTION_RATE_A: '0',
        CUSTOMS_INSPECTION_RATE_B: '0',
        CUSTOMS_INSPECTION_RATE_C: '0',
        ...customsEnv,
        PORT: String(base + 1 + i),
        INSTANCE_ID: `customs-${label}-${i}`,
      },
      `customs-${label}-${i}`,
    ),
  );
  const stack = {
    gateway,
    customs,
    stop: async () => {
      await Promise.all([gateway.stop(), ...customs.map((c) => c.stop())]);
    },
  };
  try {
    await Promise.all([gateway.ready(90_000), ...customs.map((c) => c.ready(90_000))]);
    await registerDemoEnterprises(gateway);
  } catch (e) {
    await stack.stop();
    throw e;
  }
  return stack;
}

const DEMO = [
  DEMO_ENTERPRISES.platform,
  DEMO_ENTERPRISES.seller,
  DEMO_ENTERPRISES.payment,
  DEMO_ENTERPRISES.logistics,
  DEMO_ENTERPRISES.agent,
  DEMO_ENTERPRISES.warehouse,
];

/** Registers the demo enterprises (once per database) and waits until customs' registry projection holds them. */
async function registerDemoEnterprises(gateway: ServiceProcess): Promise<void> {
  const operator = mintToken({ kind: 'operator', scopes: ['registry:write', 'registry:read'] });
  for (const e of DEMO) {
    const response = await fetch(gateway.url('/v1/enterprises'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${operator}` },
      body: JSON.stringify({
        customsCode: e.customsCode,
        kind: 'enterprise',
        creditCode: e.creditCode,
        name: e.name,
        roles: e.roles,
        contacts: [{ name: '李明', telephone: '0571-88880000', email: 'customs@example.com' }],
      }),
    });
    if (response.status !== 201 && response.status !== 409) {
      throw new Error(`registering ${e.customsCode}: ${response.status} ${await response.text()}`);
    }
  }
  await waitFor(
    () =>
      queryRows<{ n: number }>(
        db(),
        `SELECT count(*)::int AS n FROM customs.enterprise WHERE customs_code = ANY($1)`,
        [DEMO.map((e) => e.customsCode)],
      ),
    (rows) => rows[0].n === DEMO.length,
    { what: "the demo enterprises in customs' registry", timeoutMs: 60_000 },
  );
}

export interface ExportSet {
  order: ExportOrder;
  receipt: ExportReceipt;
  waybill: ExportWaybill;
  list: ExportInventory;
}

const guid = (): string => randomUUID().toUpperCase();

/** The consistent example set under a fresh order number, waybill number and list copNo. */
export function exportSet(tag: string): ExportSet {
  const suffix =
    `${tag}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`.toUpperCase();
  const orderNo = `EXP${suffix}`.slice(0, 60);
  const logisticsNo = `LN${suffix}`.slice(0, 32);
  const order = structuredClone(EXPORT_ORDER_EXAMPLE);
  order.OrderHead.orderNo = orderNo;
  order.OrderHead.guid = guid();
  const receipt = structuredClone(EXPORT_RECEIPT_EXAMPLE);
  receipt.Receipts.orderNo = orderNo;
  receipt.Receipts.guid = guid();
  const waybill = structuredClone(EXPORT_WAYBILL_EXAMPLE);
  waybill.Logistics.logisticsNo = logisticsNo;
  waybill.Logistics.guid = guid();
  const list = structuredClone(EXPORT_INVENTORY_EXAMPLE);
  list.InventoryHead.orderNo = orderNo;
  list.InventoryHead.logisticsNo = logisticsNo;
  list.InventoryHead.copNo = `C${suffix}`.slice(0, 30);
  list.InventoryHead.guid = guid();
  return { order, receipt, waybill, list };
}

export function arrivalOf(logisticsNos: string[]): ExportArrival {
  const arrival = structuredClone(EXPORT_ARRIVAL_EXAMPLE);
  arrival.ArrivalHead.guid = guid();
  arrival.ArrivalHead.copNo = `ARR${randomUUID().slice(0, 8)}`;
  arrival.ArrivalList = logisticsNos.map((logisticsNo, i) => ({ gnum: i + 1, logisticsNo }));
  return arrival;
}

export function departureOf(logisticsNos: string[]): ExportDeparture {
  const departure = structuredClone(EXPORT_DEPARTURE_EXAMPLE);
  departure.DepartureHead.guid = guid();
  departure.DepartureHead.copNo = `DEP${randomUUID().slice(0, 8)}`;
  departure.DepartureList = logisticsNos.map((logisticsNo, i) => ({ gnum: i + 1, logisticsNo }));
  return departure;
}

export function summaryRequestOf(invtNos: string[]): ExportSummaryRequest {
  const request = structuredClone(EXPORT_SUMMARY_REQUEST_EXAMPLE);
  request.SummaryApplyHead.guid = guid();
  request.SummaryApplyHead.copNo = `SUM${randomUUID().slice(0, 8)}`;
  request.SummaryApplyList = invtNos.map((invtNo) => ({ invtNo }));
  return request;
}

type Kind = 'order' | 'receipt' | 'waybill' | 'list' | 'arrival' | 'departure' | 'summary';

const ROUTES: Record<Kind, { path: string; role: string }> = {
  order: { path: 'orders', role: 'ebp' },
  receipt: { path: 'payment-receipts', role: 'ebc' },
  waybill: { path: 'waybills', role: 'logistics' },
  list: { path: 'inventories', role: 'agent' },
  arrival: { path: 'arrivals', role: 'logistics' },
  departure: { path: 'departures', role: 'logistics' },
  summary: { path: 'summary-requests', role: 'agent' },
};

const senderOf = (kind: Kind, document: object): string => {
  const d = document as Record<string, Record<string, string>>;
  switch (kind) {
    case 'order':
      return d.OrderHead.ebpCode;
    case 'receipt':
      return d.Receipts.ebcCode;
    case 'waybill':
      return d.Logistics.logisticsCode;
    case 'list':
      return d.InventoryHead.agentCode;
    case 'arrival':
      return d.ArrivalHead.logisticsCode;
    case 'departure':
      return d.DepartureHead.logisticsCode;
    case 'summary':
      return d.SummaryApplyHead.agentCode;
  }
};

/** Declares one document through the gateway in its sender's name; returns the gateway's message id. */
export async function declare(gateway: ServiceProcess, kind: Kind, document: object): Promise<string> {
  const { path, role } = ROUTES[kind];
  const token = mintToken({
    kind: 'enterprise',
    ent: senderOf(kind, document),
    roles: [role],
    scopes: ['documents:write', 'documents:read'],
  });
  const response = await fetch(gateway.url(`/v1/export/${path}`), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(document),
  });
  const body = (await response.json()) as { messageId: string };
  if (response.status !== 202) throw new Error(`${kind}: ${response.status} ${JSON.stringify(body)}`);
  return body.messageId;
}

export interface ReceiptRow {
  return_status: string;
  return_info: string;
}

/** Receipts of a document as the gateway stored them, in order of issue. */
export const receiptsOf = (messageId: string): Promise<ReceiptRow[]> =>
  queryRows<ReceiptRow>(
    db(),
    'SELECT return_status, return_info FROM gateway.receipt WHERE message_id = $1 ORDER BY return_time, id',
    [messageId],
  );

export const statusesOf = async (messageId: string): Promise<string[]> =>
  (await receiptsOf(messageId)).map((r) => r.return_status);

/** Waits until a document's receipts are exactly `expected`. */
export async function expectStatuses(
  messageId: string,
  expected: string[],
  what: string,
): Promise<ReceiptRow[]> {
  await waitFor(
    () => statusesOf(messageId),
    (s) => s.length >= expected.length,
    { what: `${what}: receipts ${expected.join(',')}`, timeoutMs: 90_000, intervalMs: 250 },
  );
  const receipts = await receiptsOf(messageId);
  if (JSON.stringify(receipts.map((r) => r.return_status)) !== JSON.stringify(expected)) {
    throw new Error(`${what}: receipts ${JSON.stringify(receipts)} instead of ${expected.join(',')}`);
  }
  return receipts;
}

export interface CaseState {
  outcome: string;
  clearance: string;
  list_status: string | null;
  invt_no: string | null;
  sum_no: string | null;
}

export const caseOf = async (set: ExportSet): Promise<CaseState | undefined> =>
  (
    await queryRows<CaseState>(
      db(),
      `SELECT outcome, clearance, list_status, invt_no, sum_no FROM customs.export_case WHERE case_key = $1`,
      [`${set.order.OrderHead.ebpCode}:${set.order.OrderHead.orderNo}`],
    )
  )[0];

/** Payloads customs published (outbox rows, sent by the relay) on a topic for a Kafka key. */
export const publishedPayloads = async <P>(topic: string, key: string): Promise<P[]> =>
  (
    await queryRows<{ payload: P }>(
      db(),
      `SELECT envelope->'payload' AS payload FROM customs.outbox WHERE topic = $1 AND key = $2 AND sent_at IS NOT NULL
        ORDER BY id`,
      [topic, key],
    )
  ).map((r) => r.payload);

/** Declares the four documents of a set in the given order and returns their message ids. */
export async function declareSet(
  gateway: ServiceProcess,
  set: ExportSet,
  order: (keyof ExportSet)[] = ['order', 'receipt', 'waybill', 'list'],
): Promise<Record<keyof ExportSet, string>> {
  const ids: Partial<Record<keyof ExportSet, string>> = {};
  for (const kind of order) ids[kind] = await declare(gateway, kind, set[kind]);
  return ids as Record<keyof ExportSet, string>;
}

/** A case refused by exactly one matching rule: 100 to all four documents, events for regulators. */
export async function expectRefusedByRule(
  stack: ExportStack,
  set: ExportSet,
  code: string,
  detail: string,
): Promise<void> {
  const ids = await declareSet(stack.gateway, set);
  for (const kind of ['order', 'receipt', 'waybill', 'list'] as const) {
    const receipts = await expectStatuses(ids[kind], ['2', '100'], kind);
    expect(receipts[1].return_info).toMatch(
      new RegExp(`^\\[Code:${code};Desc:[^\\]]*${escape(detail)}[^\\]]*\\]$`),
    );
  }
  expect(await caseOf(set)).toMatchObject({ outcome: 'failed', clearance: 'refused', list_status: '100' });
  const key = orderKey(set.order.OrderHead.orderNo);
  const decided = await waitFor(
    () => publishedPayloads<MatchResultDecided>(Topics.MatchResultDecided.name, key),
    (p) => p.length === 1,
    { what: 'the match result published' },
  );
  expect(decided[0]).toMatchObject({ flow: 'export', outcome: 'failed', failures: [{ code }] });
  const statuses = await waitFor(
    () => publishedPayloads<ClearanceStatusChanged>(Topics.ClearanceStatusChanged.name, key),
    (p) => p.length === 1,
    { what: 'the refusal published' },
  );
  expect(statuses[0]).toMatchObject({ flow: 'export', event: 'refused', returnStatus: '100' });
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
