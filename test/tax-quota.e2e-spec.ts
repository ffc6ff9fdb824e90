import { randomUUID } from 'node:crypto';

import { PinoLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';

import {
  ClearanceEvent,
  ClearanceStatusChanged,
  createEnvelope,
  maskPersonValue,
  MessageEnvelope,
  TaxAssessmentRequested,
} from '@swx/contracts';
import { EventPublisher, type MessagingOptions, OutboxService } from '@swx/messaging';
import { runMigrations } from '@swx/persistence';
import { queryRows, testPersonToken } from '@swx/testing';

import { AssessmentService } from '../apps/tax/src/assessment/assessment.service';
import { RateTables } from '../apps/tax/src/assessment/rate-table';
import { TaxBills } from '../apps/tax/src/bills/tax-bills.service';
import { GuaranteeBalances } from '../apps/tax/src/guarantee/guarantee-balances';
import { taxDefinition } from '../apps/tax/src/tax.definition';
import { TaxEnv } from '../apps/tax/src/tax.env';

const ASSURE = '3301960099';

/** The quota key of a buyer: the person token of the ID number (one test key: the token list is one token). */
const buyerKey = (idNumber: string): string => testPersonToken('idNumber', idNumber);

/**
 * The buyer's quota on the real database, through the assessment service itself: concurrent assessments of one
 * buyer in separate transactions, redeliveries, and the release / cancel / return cycle.
 */
describe('tax: the buyer quota under concurrency (real PostgreSQL)', () => {
  const db = process.env.TEST_DATABASE_URL!;
  let dataSource: DataSource;
  let service: AssessmentService;
  const published: { topic: string; envelope: MessageEnvelope }[] = [];

  beforeAll(async () => {
    const env = Object.assign(new TaxEnv(), {
      DATABASE_URL: db,
      INTERNAL_API_TOKEN: 'x'.repeat(32),
    });
    const definition = taxDefinition(env);
    const options = definition.dataSource;
    await runMigrations(options);
    dataSource = await new DataSource({ ...options, extra: { max: 12 } }).initialize();
    const outbox = {
      enqueue: async (_m: unknown, topic: string, envelope: MessageEnvelope) => {
        published.push({ topic, envelope });
      },
    } as unknown as OutboxService;
    const publisher = new EventPublisher(
      { service: definition.service, produces: definition.produces } as MessagingOptions,
      outbox,
    );
    const logger = { setContext: () => undefined, warn: () => undefined, info: () => undefined };
    service = new AssessmentService(
      RateTables.load(),
      publisher,
      dataSource,
      new TaxBills(publisher),
      new GuaranteeBalances(),
      logger as unknown as PinoLogger,
    );
    await dataSource.query(
      `INSERT INTO "tax"."guarantee_account" (assure_code, kind, amount) VALUES ($1, 'deposit', 10000000)
       ON CONFLICT (assure_code) DO UPDATE SET amount = 10000000`,
      [ASSURE],
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  const request = (buyer: string, goods: string, requestId: string = randomUUID()) =>
    createEnvelope<TaxAssessmentRequested>({
      type: 'TaxAssessmentRequested',
      version: 1,
      producer: 'customs',
      key: `ORD-${requestId.slice(0, 8)}`,
      correlationId: `quota-${requestId}`,
      payload: {
        requestId,
        listMessageId: randomUUID(),
        listIdentity: `3301960002:ORD-${requestId.slice(0, 8)}`,
        orderNo: `ORD-${requestId.slice(0, 8)}`,
        ebpCode: '3301960001',
        ebcCode: '3301960002',
        agentCode: '3301960003',
        assureCode: ASSURE,
        buyerIdNumber: testPersonToken('idNumber', buyer),
        buyerIdNumberMasked: maskPersonValue('idNumber', buyer),
        buyerName: testPersonToken('name', '张三'),
        declaredAt: '2026-11-21T02:00:00.000Z',
        freight: '0',
        insuredFee: '0',
        lines: [
          {
            gnum: 1,
            gcode: '1901101000',
            gname: '奶粉',
            qty: '1',
            unit: '122',
            qty1: '1',
            unit1: '035',
            price: goods,
            totalPrice: goods,
          },
        ],
      },
    });

  const clearance = (req: MessageEnvelope<TaxAssessmentRequested>, event: ClearanceEvent) =>
    createEnvelope<ClearanceStatusChanged>({
      type: 'ClearanceStatusChanged',
      version: 1,
      producer: 'customs',
      key: req.payload.orderNo,
      correlationId: req.correlationId,
      payload: {
        event,
        flow: 'import',
        listMessageId: req.payload.listMessageId,
        listIdentity: req.payload.listIdentity,
        returnStatus: event === 'released' ? '800' : '-1',
        returnInfo: event,
        assessmentRequestId: req.payload.requestId,
        occurredAt: new Date().toISOString(),
      },
    });

  /** Runs the handler in its own transaction, retrying a deadlock as the consumer's retries would. */
  async function handle(run: (m: import('typeorm').EntityManager) => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await dataSource.transaction(run);
        return;
      } catch (e) {
        if ((e as { code?: string }).code !== '40P01' || attempt >= 4) throw e;
      }
    }
  }

  const assess = (env: MessageEnvelope<TaxAssessmentRequested>) => handle((m) => service.onRequest(env, m));
  const clear = (env: MessageEnvelope<ClearanceStatusChanged>) => handle((m) => service.onClearance(env, m));

  const outcomeOf = (requestId: string) =>
    published
      .filter((p) => (p.envelope.payload as { requestId?: string }).requestId === requestId)
      .map((p) => p.envelope.payload as { outcome: string; code?: string; message: string });

  const quota = async (buyer: string) =>
    (
      await queryRows<{ used: string; reserved: string }>(
        db,
        `SELECT used::numeric(19,2)::text AS used, reserved::numeric(19,2)::text AS reserved
           FROM tax.buyer_quota WHERE buyer_key = $1 AND year = 2026`,
        [buyerKey(buyer)],
      )
    )[0];

  it('of six concurrent lists that each fit alone, exactly one passes the remaining 4000 of the year', async () => {
    const buyer = '110101199001010011';
    await dataSource.query(
      `INSERT INTO tax.buyer_quota (buyer_key, year, masked_id, used) VALUES ($1, 2026, '110***********0011', 22000)`,
      [buyerKey(buyer)],
    );
    const requests = Array.from({ length: 6 }, () => request(buyer, '4000.00'));
    await Promise.all(requests.map(assess));
    const outcomes = requests.map((r) => outcomeOf(r.payload.requestId)[0]);
    expect(outcomes.filter((o) => o.outcome === 'assessed')).toHaveLength(1);
    const refused = outcomes.filter((o) => o.outcome === 'annual-quota-exceeded');
    expect(refused).toHaveLength(5);
    expect(refused[0]).toMatchObject({
      code: '-621018',
      message: '清单中购买人已用购买额度为[26000.00]，本次购买将超过年度限额[26000.00]',
    });
    expect(await quota(buyer)).toEqual({ used: '22000.00', reserved: '4000.00' });
  });

  it('a new buyer (no quota row yet): of eight concurrent 5000 lists exactly five pass', async () => {
    const buyer = '110101199001010022';
    const requests = Array.from({ length: 8 }, () => request(buyer, '5000.00'));
    await Promise.all(requests.map(assess));
    const outcomes = requests.map((r) => outcomeOf(r.payload.requestId)[0].outcome);
    expect(outcomes.filter((o) => o === 'assessed')).toHaveLength(5);
    expect(outcomes.filter((o) => o === 'annual-quota-exceeded')).toHaveLength(3);
    expect(await quota(buyer)).toEqual({ used: '0.00', reserved: '25000.00' });
  });

  it('refuses a list over the single limit with -621005 and reserves nothing', async () => {
    const buyer = '110101199001010033';
    const r = request(buyer, '5000.01');
    await assess(r);
    expect(outcomeOf(r.payload.requestId)[0]).toMatchObject({
      outcome: 'single-limit-exceeded',
      code: '-621005',
    });
    expect(await quota(buyer)).toEqual({ used: '0.00', reserved: '0.00' });
  });

  it('a request delivered again reserves once and gets the same answer', async () => {
    const buyer = '110101199001010044';
    const first = request(buyer, '1000.00');
    const again = { ...request(buyer, '1000.00', first.payload.requestId), id: randomUUID() };
    again.payload = first.payload;
    await assess(first);
    await assess(again);
    expect(outcomeOf(first.payload.requestId).map((o) => o.outcome)).toEqual(['assessed', 'assessed']);
    expect(await quota(buyer)).toEqual({ used: '0.00', reserved: '1000.00' });
  });

  it('commits at release, gives back on cancel, restores on return; a release without assessment commits nothing', async () => {
    const buyer = '110101199001010055';
    const kept = request(buyer, '3000.00');
    const cancelled = request(buyer, '2000.00');
    await assess(kept);
    await assess(cancelled);
    expect(await quota(buyer)).toEqual({ used: '0.00', reserved: '5000.00' });

    await clear(clearance(kept, 'released'));
    await clear(clearance(kept, 'released')); // a second release event changes nothing
    await clear(clearance(cancelled, 'cancelled'));
    expect(await quota(buyer)).toEqual({ used: '3000.00', reserved: '0.00' });
    const [bill] = await queryRows<{ tax_total: string; status: string }>(
      db,
      `SELECT tax_total::numeric(19,2)::text AS tax_total, status FROM tax.tax_bill WHERE request_id = $1`,
      [kept.payload.requestId],
    );
    expect(bill).toEqual({ tax_total: '273.00', status: '1' }); // 3000 × 13 % × 70 %

    await clear(clearance(kept, 'returned'));
    expect(await quota(buyer)).toEqual({ used: '0.00', reserved: '0.00' });
    const statuses = await queryRows<{ status: string }>(
      db,
      `SELECT s.status FROM tax.tax_bill_status s JOIN tax.tax_bill b USING (tax_no) WHERE b.request_id = $1 ORDER BY s.id`,
      [kept.payload.requestId],
    );
    expect(statuses.map((s) => s.status)).toEqual(['1', '3']);

    // Released although refused (single limit): no quota is committed, no bill issued.
    const refused = request(buyer, '6000.00');
    await assess(refused);
    await clear(clearance(refused, 'released'));
    expect(await quota(buyer)).toEqual({ used: '0.00', reserved: '0.00' });
    expect(
      await queryRows(db, 'SELECT 1 FROM tax.tax_bill WHERE request_id = $1', [refused.payload.requestId]),
    ).toHaveLength(0);
  });

  it('no order of releases, cancels and returns lets a buyer pass the annual limit', async () => {
    const buyer = '110101199001010066';
    const lists = Array.from({ length: 7 }, () => request(buyer, '4500.00'));
    await Promise.all(lists.slice(0, 6).map(assess));
    // 5 × 4500 = 22500 fit, the sixth does not
    const passed = lists.slice(0, 6).filter((l) => outcomeOf(l.payload.requestId)[0].outcome === 'assessed');
    expect(passed).toHaveLength(5);
    await Promise.all([
      ...passed.slice(0, 3).map((l) => clear(clearance(l, 'released'))),
      clear(clearance(passed[3], 'timed-out')),
      assess(lists[6]),
    ]);
    const q = await quota(buyer);
    expect(Number(q.used) + Number(q.reserved)).toBeLessThanOrEqual(26000);
    // Once the time-out's 4500 is back, the seventh fits: at most 5 × 4500 live at any time.
    const seventh = outcomeOf(lists[6].payload.requestId)[0].outcome;
    expect(['assessed', 'annual-quota-exceeded']).toContain(seventh);
    expect(q).toEqual(
      seventh === 'assessed'
        ? { used: '13500.00', reserved: '9000.00' }
        : { used: '13500.00', reserved: '4500.00' },
    );
  });
});
