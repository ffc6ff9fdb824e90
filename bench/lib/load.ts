import { randomUUID } from 'node:crypto';

import {
  allEnterprises,
  buyer,
  type Buyer,
  DOC_TYPES,
  type DocType,
  type EnterpriseSet,
  orderSet,
  type OrderSet,
  PATHS,
  senderOf,
  xmlMessage,
} from './documents';
import { HttpClient, networkCode, StatusCounter } from './http';
import { sleep } from './stats';

export type Until = 'release' | 'arrival' | 'order';
export const UNTIL_CHOICES: readonly Until[] = ['release', 'arrival', 'order'];
export type Mode = 'single' | 'array' | 'xml';

export const UNTIL_TEXT: Record<Until, string> = {
  release: 'release receipt 800 on the list (CEB621)',
  arrival: 'receipt 2 on every document (CEB311, CEB411, CEB511, CEB621)',
  order: 'receipt 2 on the order (CEB311)',
};

// --- outcome tracking ------------------------------------------------------------------------------------

export interface ReceiptSeen {
  id: string;
  messageId: string;
  documentType: string;
  returnStatus: string;
  returnInfo: string;
  recordedAt: string;
}

export interface OrderState {
  set: OrderSet;
  messageIds: Partial<Record<DocType, string>>;
  acceptedAt: Partial<Record<DocType, number>>;
  statuses: Partial<Record<DocType, Set<string>>>;
  failed?: string;
  refused?: string;
  doneAt?: number;
  recordedLatencyMs?: number;
  observedLatencyMs?: number;
}

/** Follows each order's documents to the awaited receipt; counts duplicate receipts per message and status. */
export class OutcomeTracker {
  readonly orders = new Map<number, OrderState>();
  private readonly byMessage = new Map<string, { order: OrderState; type: DocType }>();
  private readonly pending = new Map<string, ReceiptSeen[]>();
  private readonly seenReceipts = new Set<string>();
  /** receipts per message and status: more than one is a duplicate */
  private readonly perMessageStatus = new Map<string, number>();
  duplicates = 0;
  readonly duplicateExamples: string[] = [];
  receiptsSeen = 0;
  completed = 0;
  firstAcceptedAt = Number.POSITIVE_INFINITY;
  lastDoneAt = 0;

  constructor(readonly until: Until) {}

  add(set: OrderSet): void {
    this.orders.set(set.index, { set, messageIds: {}, acceptedAt: {}, statuses: {} });
  }

  fail(index: number, reason: string): void {
    const order = this.orders.get(index);
    if (order && !order.failed) order.failed = reason;
  }

  accepted(index: number, type: DocType, messageId: string, at: number): void {
    const order = this.orders.get(index);
    if (!order) return;
    order.messageIds[type] = messageId;
    order.acceptedAt[type] = at;
    this.firstAcceptedAt = Math.min(this.firstAcceptedAt, at);
    this.byMessage.set(messageId, { order, type });
    const waiting = this.pending.get(messageId);
    if (waiting) {
      this.pending.delete(messageId);
      for (const r of waiting) this.apply(r, at);
    }
  }

  receipt(r: ReceiptSeen, now = Date.now()): void {
    if (!r.id.startsWith('feed-')) {
      if (this.seenReceipts.has(r.id)) return; // the same row read twice (database follower overlap)
      this.seenReceipts.add(r.id);
    }
    this.receiptsSeen++;
    const key = `${r.messageId}:${r.documentType}:${r.returnStatus}`;
    const n = (this.perMessageStatus.get(key) ?? 0) + 1;
    this.perMessageStatus.set(key, n);
    if (n > 1) {
      this.duplicates++;
      if (this.duplicateExamples.length < 5) this.duplicateExamples.push(`${key} ×${n}`);
    }
    if (this.byMessage.has(r.messageId)) this.apply(r, now);
    else {
      const list = this.pending.get(r.messageId) ?? [];
      list.push(r);
      this.pending.set(r.messageId, list);
    }
  }

  private apply(r: ReceiptSeen, now: number): void {
    const entry = this.byMessage.get(r.messageId);
    if (!entry) return;
    const { order, type } = entry;
    const statuses = order.statuses[type] ?? new Set<string>();
    statuses.add(r.returnStatus);
    order.statuses[type] = statuses;
    if (order.doneAt !== undefined) return;
    if (r.returnStatus === '100' || r.returnStatus.startsWith('-')) {
      order.refused ??= `${type} ${r.returnStatus} ${r.returnInfo}`.slice(0, 300);
      if (this.until === 'release') return;
    }
    if (!this.isDone(order)) return;
    const base =
      this.until === 'order'
        ? (order.acceptedAt.CEB311 ?? now)
        : Math.max(...DOC_TYPES.map((t) => order.acceptedAt[t] ?? 0));
    order.doneAt = now;
    order.observedLatencyMs = now - base;
    order.recordedLatencyMs = Date.parse(r.recordedAt) - base;
    this.completed++;
    this.lastDoneAt = Math.max(this.lastDoneAt, now);
  }

  private isDone(order: OrderState): boolean {
    switch (this.until) {
      case 'order':
        return order.statuses.CEB311?.has('2') ?? false;
      case 'arrival':
        return DOC_TYPES.every((t) => order.statuses[t]?.has('2'));
      case 'release':
        return order.statuses.CEB621?.has('800') ?? false;
    }
  }

  get total(): number {
    return this.orders.size;
  }

  /** Orders whose documents were all accepted. */
  get submitted(): number {
    let n = 0;
    for (const o of this.orders.values()) if (DOC_TYPES.every((t) => o.messageIds[t])) n++;
    return n;
  }

  get failed(): number {
    let n = 0;
    for (const o of this.orders.values()) if (o.failed) n++;
    return n;
  }

  get refused(): OrderState[] {
    return [...this.orders.values()].filter((o) => o.refused && o.doneAt === undefined);
  }

  /** Orders fully submitted but not (yet) at the awaited receipt. */
  get outstanding(): number {
    let n = 0;
    for (const o of this.orders.values()) if (!o.failed && o.doneAt === undefined) n++;
    return n;
  }

  latencies(kind: 'observed' | 'recorded'): number[] {
    const out: number[] = [];
    for (const o of this.orders.values()) {
      const v = kind === 'observed' ? o.observedLatencyMs : o.recordedLatencyMs;
      if (v !== undefined) out.push(v);
    }
    return out;
  }

  /** Which statuses arrived, per document type (e.g. CEB311: 2×100), for a stuck run's diagnosis. */
  statusSummary(): string {
    const counts = new Map<string, number>();
    for (const o of this.orders.values()) {
      for (const t of DOC_TYPES) {
        for (const s of o.statuses[t] ?? []) counts.set(`${t}:${s}`, (counts.get(`${t}:${s}`) ?? 0) + 1);
      }
    }
    return (
      [...counts.entries()]
        .sort()
        .map(([k, v]) => `${k}×${v}`)
        .join(' ') || 'no receipts'
    );
  }

  allMessageIds(): string[] {
    return [...this.byMessage.keys()];
  }
}

// --- following receipts ----------------------------------------------------------------------------------

interface FeedPage {
  receipts: {
    messageId: string;
    documentType: string;
    returnStatus: string;
    returnInfo: string;
    recordedAt: string;
  }[];
  nextCursor: string;
  hasMore: boolean;
}

/**
 * Follows the gateway's receipt feed (`GET /v1/receipts?after=`) with a regulator token until `stop()`; a
 * receipt's identity in the feed is its position (the cursor), so each is applied once.
 */
export async function followFeed(
  client: HttpClient,
  gatewayUrl: string,
  token: string,
  tracker: OutcomeTracker,
  stop: () => boolean,
  errors: StatusCounter,
): Promise<void> {
  let cursor: string | undefined;
  let position = 0;
  while (!stop()) {
    try {
      const res = await client.request(
        `${gatewayUrl}/v1/receipts?limit=500${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`,
        { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, timeoutMs: 10_000 },
      );
      if (res.status !== 200) {
        errors.add(res.status);
        await sleep(250);
        continue;
      }
      const page = JSON.parse(res.text) as FeedPage;
      const now = Date.now();
      for (const r of page.receipts) tracker.receipt({ ...r, id: `feed-${position++}` }, now);
      cursor = page.nextCursor;
      if (!page.hasMore) await sleep(50);
    } catch (e) {
      errors.add(networkCode(e));
      await sleep(250);
    }
  }
}

// --- submitting ------------------------------------------------------------------------------------------

export interface Unit {
  mode: Mode;
  sets: OrderSet[];
}

export interface SubmitOptions {
  baseUrl: string;
  /** How long one request is retried (network errors, 5xx, 429, 409 in progress) before the order fails. */
  retryForMs: number;
  useIdempotencyKeys: boolean;
}

/** Submission statistics shared by every unit of a run. */
export class SubmitStats {
  readonly statuses = new StatusCounter();
  readonly requestLatencies: number[] = [];
  requests = 0;
  retries = 0;
  documents = 0;
  bytes = 0;
}

interface IntakeAnswer {
  messageId?: string;
  documents?: { position: number; messageId: string }[];
}

/** Sends the unit's documents type by type (order, payment, waybill, list), each by its own sender. */
export async function submitUnit(
  client: HttpClient,
  unit: Unit,
  tracker: OutcomeTracker | undefined,
  options: SubmitOptions,
  stats: SubmitStats,
): Promise<void> {
  for (const type of DOC_TYPES) {
    const sender = senderOf(unit.sets[0], type);
    const docs = unit.sets.map((s) => s.documents[type]);
    const xml = unit.mode === 'xml';
    const body =
      unit.mode === 'single'
        ? JSON.stringify(docs[0])
        : xml
          ? xmlMessage(type, docs, sender)
          : JSON.stringify(docs);
    const headers: Record<string, string> = {
      'content-type': xml ? 'application/xml' : 'application/json',
      authorization: `Bearer ${sender.token}`,
    };
    if (options.useIdempotencyKeys) headers['idempotency-key'] = randomUUID();
    const deadline = Date.now() + options.retryForMs;
    let attempt = 0;
    for (;;) {
      attempt++;
      const t0 = Date.now();
      let status: number | string;
      let text = '';
      let retryable: boolean;
      try {
        stats.requests++;
        stats.bytes += Buffer.byteLength(body);
        const res = await client.request(`${options.baseUrl}${PATHS[type]}`, {
          method: 'POST',
          headers,
          body,
        });
        status = res.status;
        text = res.text;
        retryable =
          status >= 500 || status === 429 || (status === 409 && res.headers['retry-after'] !== undefined);
      } catch (e) {
        status = networkCode(e);
        retryable = true;
      }
      stats.statuses.add(status);
      stats.requestLatencies.push(Date.now() - t0);
      if (status === 202) {
        const at = Date.now();
        const answer = JSON.parse(text) as IntakeAnswer;
        const ids = answer.documents?.map((d) => d.messageId) ?? (answer.messageId ? [answer.messageId] : []);
        if (ids.length !== unit.sets.length) {
          for (const s of unit.sets) tracker?.fail(s.index, `${type}: 202 with ${ids.length} message ids`);
          return;
        }
        stats.documents += ids.length;
        unit.sets.forEach((s, i) => tracker?.accepted(s.index, type, ids[i], at));
        if (tracker) for (const s of unit.sets) s.documents[type] = {}; // long runs: keep only what is followed
        break;
      }
      if (!retryable || Date.now() > deadline) {
        for (const s of unit.sets) tracker?.fail(s.index, `${type}: ${status} ${text.slice(0, 300)}`);
        return;
      }
      stats.retries++;
      await sleep(Math.min(2000, 100 * 2 ** Math.min(attempt, 5)));
    }
  }
}

// --- the load loop ---------------------------------------------------------------------------------------

export interface LoadOptions {
  /** Orders per second; 0 = as fast as `maxInFlight` allows. */
  rate: number;
  /** Stop launching after this long (seconds) or after `maxOrders`, whichever first. */
  durationS: number;
  maxOrders: number;
  /** Share of orders per submission mode (percent). */
  mix: Record<Mode, number>;
  arrayBatch: number;
  xmlBatch: number;
  maxInFlight: number;
  runTag: string;
  /** First order index (several loads in one run keep distinct order numbers). */
  firstIndex?: number;
}

export interface LoadResult {
  startedAt: number;
  launchEndedAt: number;
  endedAt: number;
  orders: number;
  units: number;
  /** Units launched more than 1 s after their scheduled time (the generator or the server fell behind). */
  lateUnits: number;
}

const BUYERS = 20_000;
const buyerCache = new Map<number, Buyer>();
const buyerAt = (i: number): Buyer => {
  const k = i % BUYERS;
  let b = buyerCache.get(k);
  if (!b) {
    b = buyer(k + 1);
    buyerCache.set(k, b);
  }
  return b;
};

/**
 * Open-loop load: orders are scheduled at `rate` per second, grouped into submission units (one order as single
 * JSON documents, `arrayBatch` orders as JSON arrays, `xmlBatch` orders as CEB XML messages) that share their
 * senders; each unit is sent by `send` concurrently with the others, at most `maxInFlight` at once.
 */
export async function runLoad(
  options: LoadOptions,
  enterprises: EnterpriseSet,
  send: (unit: Unit) => Promise<void>,
  onSet?: (set: OrderSet) => void,
): Promise<LoadResult> {
  if (allEnterprises(enterprises).length === 0) throw new Error('no enterprises');
  const startedAt = Date.now();
  const endBy = startedAt + options.durationS * 1000;
  const sent: Record<Mode, number> = { single: 0, array: 0, xml: 0 };
  const totalShare = options.mix.single + options.mix.array + options.mix.xml;
  const inFlight = new Set<Promise<void>>();
  let orders = 0;
  let units = 0;
  let lateUnits = 0;
  const first = options.firstIndex ?? 0;
  while (orders < options.maxOrders) {
    // the mode furthest behind its share of the orders sent so far
    const modes: Mode[] = ['single', 'array', 'xml'];
    const mode = modes
      .filter((m) => options.mix[m] > 0)
      .reduce((best, m) =>
        (options.mix[m] / totalShare) * (orders + 1) - sent[m] >
        (options.mix[best] / totalShare) * (orders + 1) - sent[best]
          ? m
          : best,
      );
    const size = Math.min(
      options.maxOrders - orders,
      mode === 'single' ? 1 : mode === 'array' ? options.arrayBatch : options.xmlBatch,
    );
    const due = options.rate > 0 ? startedAt + (orders / options.rate) * 1000 : Date.now();
    if (due >= endBy) break;
    while (Date.now() < due) await sleep(Math.max(0, Math.min(50, due - Date.now())));
    while (inFlight.size >= options.maxInFlight) await Promise.race(inFlight);
    if (Date.now() > endBy) break;
    if (Date.now() - due > 1000) lateUnits++;
    const u = units++;
    const pick = <T>(list: T[], k: number) => list[k % list.length];
    const parties = {
      ebp: pick(enterprises.ebp, u),
      pay: pick(enterprises.pay, u * 7),
      logistics: pick(enterprises.logistics, u * 3),
      agent: pick(enterprises.agent, u * 5),
      warehouse: pick(enterprises.warehouse, u),
    };
    const sets: OrderSet[] = [];
    for (let k = 0; k < size; k++) {
      const index = first + orders + k;
      const set = orderSet(
        index,
        options.runTag,
        { ...parties, ebc: pick(enterprises.ebc, index * 13) },
        buyerAt(index * 31),
      );
      onSet?.(set);
      sets.push(set);
    }
    orders += size;
    sent[mode] += size;
    const p: Promise<void> = send({ mode, sets }).finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  const launchEndedAt = Date.now();
  await Promise.all(inFlight);
  return { startedAt, launchEndedAt, endedAt: Date.now(), orders, units, lateUnits };
}
