import { Kafka, logLevel } from 'kafkajs';

import { Topics } from '@swx/contracts';
import { queryRows } from '@swx/testing';

import {
  caseOf,
  db,
  declareSet,
  type ExportSet,
  type ExportStack,
  exportSet,
  expectStatuses,
  startExportStack,
  statusesOf,
} from './customs-export-support';

const KINDS: (keyof ExportSet)[] = ['order', 'receipt', 'waybill', 'list'];
const TOPICS = [
  Topics.ExportOrderAccepted.name,
  Topics.ExportReceiptAccepted.name,
  Topics.ExportWaybillAccepted.name,
  Topics.ExportInventoryAccepted.name,
];

/** Every permutation-like shuffle of the four documents, each delivered twice, ends as sequential processing. */
describe('customs export: documents in any order and delivered more than once', () => {
  let stack: ExportStack;
  const kafka = new Kafka({
    clientId: 'export-any-order-e2e',
    brokers: process.env.KAFKA_BROKERS!.split(','),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer();

  beforeAll(async () => {
    stack = await startExportStack('export-any-order', 4940);
    await producer.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
    await stack?.stop();
  });

  /** Publishes the gateway's envelopes of these documents once more, as a redelivery would. */
  const redeliver = async (messageIds: string[]) => {
    const rows = await queryRows<{ topic: string; key: string; envelope: object }>(
      db(),
      `SELECT topic, key, envelope FROM gateway.outbox WHERE envelope->'payload'->>'messageId' = ANY($1) AND topic = ANY($2)`,
      [messageIds, TOPICS],
    );
    expect(rows).toHaveLength(messageIds.length);
    for (const row of rows) {
      await producer.send({
        topic: row.topic,
        messages: [{ key: row.key, value: JSON.stringify(row.envelope) }],
      });
    }
  };

  const shuffled = <T>(items: T[]): T[] => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  };

  it('releases every case exactly once whatever the order, with each envelope delivered twice', async () => {
    const orders: (keyof ExportSet)[][] = [
      ['list', 'waybill', 'receipt', 'order'],
      ['waybill', 'list', 'order', 'receipt'],
      shuffled(KINDS),
      shuffled(KINDS),
    ];
    const runs = await Promise.all(
      orders.map(async (order, i) => {
        const set = exportSet(`ORD${i}`);
        const ids = await declareSet(stack.gateway, set, order);
        await redeliver(Object.values(ids));
        return { set, ids };
      }),
    );
    for (const { set, ids } of runs) {
      for (const kind of ['order', 'receipt', 'waybill'] as const)
        await expectStatuses(ids[kind], ['2', '120'], kind);
      await expectStatuses(ids.list, ['2', '120', '399', '800'], 'list');
      expect(await caseOf(set)).toMatchObject({
        outcome: 'passed',
        clearance: 'released',
        list_status: '800',
      });
    }
    // Redelivered copies were dropped by the inbox: no further receipts arrived meanwhile.
    for (const { ids } of runs) expect(await statusesOf(ids.list)).toEqual(['2', '120', '399', '800']);
  });

  it('reaches the same refusal whatever the order of a failing case', async () => {
    const outcomes = await Promise.all(
      [KINDS, [...KINDS].reverse()].map(async (order, i) => {
        const set = exportSet(`BAD${i}`);
        set.receipt.Receipts.charge = '1.00';
        const ids = await declareSet(stack.gateway, set, order);
        await redeliver([ids.receipt, ids.list]);
        const receipts = await expectStatuses(ids.list, ['2', '100'], 'list');
        return receipts[1].return_info;
      }),
    );
    expect(outcomes[0]).toBe(outcomes[1]);
    expect(outcomes[0]).toContain('[Code:1341;');
  });
});
