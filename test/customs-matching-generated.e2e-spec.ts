import { randomUUID } from 'node:crypto';

import { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

import {
  DEMO_ENTERPRISES,
  IMPORT_INVENTORY_EXAMPLE,
  IMPORT_ORDER_EXAMPLE,
  IMPORT_PAYMENT_EXAMPLE,
  IMPORT_WAYBILL_EXAMPLE,
  Topics,
} from '@swx/contracts';
import {
  EventPublisher,
  isInfrastructureError,
  type MessagingOptions,
  OutboxRelay,
  OutboxService,
} from '@swx/messaging';
import { runMigrations } from '@swx/persistence';
import { queryRows, seededRandom, TEST_SECRETS } from '@swx/testing';

import { customsDefinition } from '../apps/customs/src/customs.definition';
import { loadEnv } from '@swx/config';
import { CustomsEnv } from '../apps/customs/src/customs.env';
import { CaseStore } from '../apps/customs/src/matching/case-store';
import {
  type CaseSlot,
  type CaseSlots,
  type CompleteCase,
  documentsOf,
  newerVersion,
} from '../apps/customs/src/matching/documents';
import { evaluateCase } from '../apps/customs/src/matching/evaluate';
import type { RegistryLookup } from '../apps/customs/src/matching/rules';
import { EnterpriseDirectory } from '../apps/customs/src/registry/enterprise-directory';
import { ReceiptIssuer } from '../apps/customs/src/shared/receipt-issuer';

const CASES = 10_000;
const WORKERS = 6;
const UNREGISTERED_LOGISTICS = '3301989999';

interface Message {
  orderNo: string;
  slot: CaseSlot;
  messageId: string;
  document: object;
}

const SLOT_OF: Record<CaseSlot, keyof CompleteCase> = {
  CEB311: 'order',
  CEB411: 'payment',
  CEB511: 'waybill',
  CEB621: 'list',
};
const HEAD_OF: Record<CaseSlot, string> = {
  CEB311: 'OrderHead',
  CEB411: 'PaymentHead',
  CEB511: 'LogisticsHead',
  CEB621: 'InventoryHead',
};

/** Breakers, each violating one rule of the table. */
const BREAKERS: ((c: CompleteCase) => void)[] = [
  (c) => (c.payment.PaymentHead.amountPaid = '233.27'),
  (c) => (c.payment.PaymentHead.payerName = '李四'),
  (c) => (c.waybill.LogisticsHead.consigneeAddress = '上海市浦东新区 2 号'),
  (c) => (c.list.InventoryHead.buyerIdNumber = '110101199003070099'),
  (c) => (c.list.InventoryList[0].gname = '成人奶粉'),
  (c) => (c.list.InventoryHead.logisticsNo = `${c.list.InventoryHead.logisticsNo}X`),
  (c) => (c.order.OrderHead.payCode = '31222699S7'),
  (c) => {
    c.order.OrderHead.acturalPaid = '233.29';
    c.payment.PaymentHead.amountPaid = '233.29';
  },
  (c) => {
    c.waybill.LogisticsHead.logisticsCode = UNREGISTERED_LOGISTICS;
    c.list.InventoryHead.logisticsCode = UNREGISTERED_LOGISTICS;
  },
  (c) => (c.payment.PaymentHead.ebpCode = '3301969999'),
];

function consistent(orderNo: string): CompleteCase {
  const c = structuredClone({
    order: IMPORT_ORDER_EXAMPLE,
    payment: IMPORT_PAYMENT_EXAMPLE,
    waybill: IMPORT_WAYBILL_EXAMPLE,
    list: IMPORT_INVENTORY_EXAMPLE,
  });
  const logisticsNo = `LN${orderNo}`;
  c.order.OrderHead.orderNo = orderNo;
  c.payment.PaymentHead.orderNo = orderNo;
  c.waybill.LogisticsHead.orderNo = orderNo;
  c.waybill.LogisticsHead.logisticsNo = logisticsNo;
  c.list.InventoryHead.orderNo = orderNo;
  c.list.InventoryHead.logisticsNo = logisticsNo;
  return c;
}

function versioned(c: CompleteCase, slot: CaseSlot, appType: '1' | '2' | '3', appTime: string): object {
  const doc = structuredClone(c[SLOT_OF[slot]]) as unknown as Record<string, Record<string, string>>;
  doc[HEAD_OF[slot]].appType = appType;
  doc[HEAD_OF[slot]].appTime = appTime;
  return doc;
}

/** One case's messages, in the order its senders made them (the sequential reference order). */
function generateCase(orderNo: string, rnd: () => number): Message[] {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  const slots: CaseSlot[] = ['CEB311', 'CEB411', 'CEB511', 'CEB621'];
  const good = consistent(orderNo);
  const bad = consistent(orderNo);
  pick(BREAKERS)(bad);
  const messages: Message[] = [];
  const send = (slot: CaseSlot, c: CompleteCase, appType: '1' | '2' | '3', appTime: string) =>
    messages.push({ orderNo, slot, messageId: randomUUID(), document: versioned(c, slot, appType, appTime) });
  const r = rnd();
  if (r < 0.4) {
    slots.forEach((s) => send(s, good, '1', '20261121090000'));
  } else if (r < 0.65) {
    slots.forEach((s) => send(s, bad, '1', '20261121090000'));
  } else if (r < 0.75) {
    const skipped = new Set([pick(slots), ...(rnd() < 0.5 ? [pick(slots)] : [])]);
    slots
      .filter((s) => !skipped.has(s))
      .forEach((s) => send(s, rnd() < 0.5 ? good : bad, '1', '20261121090000'));
  } else if (r < 0.9) {
    // A change: every slot declared, then some replaced (fixing or breaking) with a newer appTime, maybe twice.
    const first = rnd() < 0.5 ? good : bad;
    slots.forEach((s) => send(s, first, '1', '20261121090000'));
    const changed = slots.filter(() => rnd() < 0.5);
    changed.forEach((s) => send(s, rnd() < 0.5 ? good : bad, '2', '20261121100000'));
    if (changed.length && rnd() < 0.3) send(pick(changed), rnd() < 0.5 ? good : bad, '2', '20261121110000');
  } else {
    // A withdrawal (appType 3), sometimes followed by a new declaration of the same document.
    slots.forEach((s) => send(s, good, '1', '20261121090000'));
    const withdrawn = pick(slots);
    send(withdrawn, good, '3', '20261121100000');
    if (rnd() < 0.4) send(withdrawn, rnd() < 0.5 ? good : bad, '2', '20261121110000');
  }
  return messages;
}

/** The reference: the case's messages applied one after the other in their senders' order, no database. */
function sequentialOutcome(
  messages: Message[],
  registered: RegistryLookup,
): { status: string; codes: string[] } {
  const slots: CaseSlots = {};
  for (const m of messages) {
    const head = (m.document as Record<string, Record<string, string>>)[HEAD_OF[m.slot]];
    slots[m.slot] = newerVersion(slots[m.slot], {
      messageId: m.messageId,
      appType: head.appType,
      appTime: head.appTime,
      document: head.appType === '3' ? null : m.document,
    });
  }
  const evaluation = evaluateCase(documentsOf(slots), registered);
  return {
    status: evaluation.outcome === 'incomplete' ? 'open' : evaluation.outcome,
    codes: evaluation.failures.map((f) => f.code),
  };
}

/**
 * The generated test of matching: 10,000 cases (consistent, broken, incomplete, changed, withdrawn) whose documents
 * are applied in a random global order, some twice, by several concurrent workers through the real case store on
 * the real PostgreSQL (no Kafka, to keep it fast). Every case must end exactly where the sequential evaluation of
 * its documents ends.
 */
describe('customs matching: random order, duplicates and concurrency give the sequential outcome', () => {
  const db = process.env.TEST_DATABASE_URL!;
  let dataSource: DataSource;
  let store: CaseStore;

  beforeAll(async () => {
    const definition = customsDefinition(loadEnv(CustomsEnv, { ...TEST_SECRETS, DATABASE_URL: db }));
    await runMigrations(definition.dataSource);
    dataSource = await new DataSource({
      ...(definition.dataSource as PostgresConnectionOptions),
      poolSize: WORKERS + 2,
    }).initialize();
    for (const e of Object.values(DEMO_ENTERPRISES)) {
      await dataSource.query(
        `INSERT INTO customs.enterprise (customs_code, roles, status, version) VALUES ($1, $2, 'active', 1)
         ON CONFLICT (customs_code) DO NOTHING`,
        [e.customsCode, e.roles],
      );
    }
    const options = {
      service: definition.service,
      schema: 'customs',
      produces: definition.produces,
    } as MessagingOptions;
    const outbox = new OutboxService(
      options,
      { wake: () => undefined } as unknown as OutboxRelay,
      dataSource,
    );
    const publisher = new EventPublisher(options, outbox);
    store = new CaseStore(new EnterpriseDirectory(), new ReceiptIssuer(publisher), publisher);
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it(`decides ${CASES} cases exactly as a sequential evaluation does`, async () => {
    const seed = Number(process.env.MATCHING_SEED ?? Date.now() % 100_000);
    const rnd = seededRandom(seed);
    const run = `G${seed}-${Date.now() % 100_000}`;
    const cases = Array.from({ length: CASES }, (_, i) => generateCase(`${run}-${i}`, rnd));
    const deliveries = cases.flat().flatMap((m) => (rnd() < 0.15 ? [m, m] : [m]));
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j], deliveries[i]];
    }

    let next = 0;
    const outcomes = { applied: 0, duplicate: 0, stale: 0, refused: 0 };
    const worker = async () => {
      while (next < deliveries.length) {
        const m = deliveries[next++];
        const apply = () =>
          dataSource.transaction((manager) =>
            store.applyDocument(manager, {
              slot: m.slot,
              messageId: m.messageId,
              document: m.document,
              receivedAt: new Date().toISOString(),
              correlationId: `gen-${m.orderNo}`,
            }),
          );
        // As the consumer does: a lost database connection is not the message's fault, it comes again.
        for (let attempt = 1; ; attempt++) {
          try {
            outcomes[await apply()]++;
            break;
          } catch (e) {
            if (!isInfrastructureError(e) || attempt >= 20) throw e;
            await new Promise((r) => setTimeout(r, 250));
          }
        }
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: WORKERS }, worker));
    console.log(
      `seed ${seed}: ${CASES} cases, ${deliveries.length} deliveries in ${Date.now() - started} ms`,
      outcomes,
    );

    const registry: RegistryLookup = (code, role) =>
      Object.values(DEMO_ENTERPRISES).some(
        (e) => e.customsCode === code && (e.roles as readonly string[]).includes(role),
      );
    const rows = await queryRows<{ order_no: string; status: string; failures: { code: string }[] }>(
      db,
      `SELECT order_no, status, failures FROM customs.import_case WHERE order_no LIKE $1`,
      [`${run}-%`],
    );
    expect(rows).toHaveLength(CASES);
    const stored = new Map(rows.map((r) => [r.order_no, r]));
    const mismatches: string[] = [];
    const tally: Record<string, number> = {};
    for (const messages of cases) {
      const orderNo = messages[0].orderNo;
      const expected = sequentialOutcome(messages, registry);
      tally[expected.status] = (tally[expected.status] ?? 0) + 1;
      const row = stored.get(orderNo)!;
      const actual = { status: row.status, codes: row.failures.map((f) => f.code) };
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        mismatches.push(`${orderNo}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
      }
    }
    console.log('expected outcomes', tally);
    expect(mismatches.slice(0, 10)).toEqual([]);
    // Every outcome kind is exercised, and every duplicate delivery was a no-op.
    expect(tally.passed).toBeGreaterThan(CASES / 5);
    expect(tally.failed).toBeGreaterThan(CASES / 5);
    expect(tally.open).toBeGreaterThan(CASES / 20);
    expect(outcomes.duplicate).toBe(deliveries.length - cases.flat().length);
    const [recorded] = await queryRows<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM customs.declared_document WHERE order_no LIKE $1`,
      [`${run}-%`],
    );
    expect(recorded.n).toBe(cases.flat().length);
    // One arrival receipt (2) per applied document, in the outbox of its transaction.
    const [arrivals] = await queryRows<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM customs.outbox
        WHERE key LIKE $1 AND topic = $2 AND envelope->'payload'->>'returnStatus' = '2'`,
      [`${run}-%`, Topics.DocumentReceipt.name],
    );
    expect(arrivals.n).toBe(outcomes.applied);
    // No relay ran here: mark this run's events sent, so a later test's customs does not publish them all.
    await queryRows(db, `UPDATE customs.outbox SET sent_at = now() WHERE key LIKE $1 AND sent_at IS NULL`, [
      `${run}-%`,
    ]);
  }, 900_000);
});
