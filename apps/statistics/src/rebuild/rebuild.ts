import type { Kafka } from 'kafkajs';
import { DataSource, EntityManager } from 'typeorm';

import { type MessageEnvelope, STATISTICS_SOURCE_TOPICS, type TopicDefinition } from '@swx/contracts';
import { decodeEnvelope } from '@swx/messaging';

import { STATISTICS_SCHEMA } from '../statistics.definition';
import { RecordB2bDocuments } from '../b2b/record-b2b.usecase';
import { RecordVolumes } from '../volumes/record-volumes.usecase';
import { STATISTICS_STATE } from '../volumes/volumes.consumer';

type Handler = (envelope: MessageEnvelope<never>, m: EntityManager) => Promise<void>;

/** What each source topic does, the same use case the consumers run. */
export function sourceHandlers(record: RecordVolumes, b2b: RecordB2bDocuments): Map<string, Handler> {
  const [importLists, exportLists, clearance, summaries, rates, enterprises, orders, receipts, waybills] =
    STATISTICS_SOURCE_TOPICS;
  return new Map<string, Handler>([
    [importLists.name, (e, m) => record.importList(e, m)],
    [exportLists.name, (e, m) => record.exportList(e, m)],
    [clearance.name, (e, m) => record.clearance(e, m)],
    [summaries.name, (e, m) => record.summary(e, m)],
    [rates.name, (e, m) => record.rates(e, m)],
    [enterprises.name, (e, m) => record.enterprise(e, m)],
    [orders.name, (e, m) => b2b.order(e, m)],
    [receipts.name, (e, m) => b2b.receipt(e, m)],
    [waybills.name, (e, m) => b2b.waybill(e, m)],
  ]);
}

/** Tables of derived state the rebuild empties and fills again (the inbox with them: every message is re-read). */
export const DERIVED_TABLES = [
  'list_fact',
  'list_message',
  'list_summary',
  'volume',
  'exchange_rate',
  'enterprise',
  'b2b_document',
  'inbox',
];

export interface RebuildResult {
  /** Messages applied, per topic. */
  applied: Record<string, number>;
  /** Messages that are not valid envelopes of their topic (the consumers dead-letter them): skipped. */
  skipped: number;
}

/**
 * Recomputes every figure from the topics, in one transaction under the consumers' lock group (so the consumers
 * of every instance wait, and readers see the old figures until the commit): empties the derived tables, reads
 * every source topic from its first message to its end as it was when the lock was taken, applies each message
 * once with the consumers' own code and records it in the inbox. Later messages are the consumers' afterwards.
 */
export async function rebuildStatistics(
  dataSource: DataSource,
  kafka: Kafka,
  record: RecordVolumes = new RecordVolumes(),
  b2b: RecordB2bDocuments = new RecordB2bDocuments(),
): Promise<RebuildResult> {
  const handlers = sourceHandlers(record, b2b);
  const byName = new Map<string, TopicDefinition>(STATISTICS_SOURCE_TOPICS.map((t) => [t.name, t]));
  const result: RebuildResult = { applied: {}, skipped: 0 };
  await dataSource.transaction(async (m) => {
    await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `${STATISTICS_SCHEMA}:group:${STATISTICS_STATE}`,
    ]);
    for (const table of DERIVED_TABLES) await m.query(`DELETE FROM "${STATISTICS_SCHEMA}"."${table}"`);
    const ends = await endOffsets(kafka);
    await readUntil(kafka, ends, async (topic, partition, offset, value) => {
      const topicDef = byName.get(topic)!;
      let envelope: MessageEnvelope<object>;
      try {
        envelope = await decodeEnvelope(JSON.parse(value) as unknown, topicDef.payload);
        if (envelope.type !== topicDef.messageType || envelope.version !== topicDef.version)
          throw new Error('another message type');
      } catch {
        result.skipped += 1;
        return;
      }
      const inserted: unknown[] = await m.query(
        `INSERT INTO "${STATISTICS_SCHEMA}"."inbox" (message_id, topic, partition, "offset")
         VALUES ($1, $2, $3, $4) ON CONFLICT (message_id) DO NOTHING RETURNING message_id`,
        [envelope.id, topic, partition, offset],
      );
      if (inserted.length === 0) return; // the same message twice in the log: counted once
      await handlers.get(topic)!(envelope as MessageEnvelope<never>, m);
      result.applied[topic] = (result.applied[topic] ?? 0) + 1;
    });
  });
  return result;
}

/** Where each partition of the source topics ends now (`topic:partition` → high watermark), empty ones left out. */
async function endOffsets(kafka: Kafka): Promise<Map<string, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = new Map<string, bigint>();
    const existing = new Set(await admin.listTopics());
    for (const topic of STATISTICS_SOURCE_TOPICS) {
      if (!existing.has(topic.name)) continue;
      for (const { partition, low, high } of await admin.fetchTopicOffsets(topic.name))
        if (BigInt(high) > BigInt(low)) ends.set(`${topic.name}:${partition}`, BigInt(high));
    }
    return ends;
  } finally {
    await admin.disconnect();
  }
}

type Apply = (topic: string, partition: number, offset: string, value: string) => Promise<void>;

/**
 * Reads every source topic from its beginning with a throw-away consumer group (deleted afterwards), applying each
 * message below its partition's end, one at a time, until every partition has reached its end.
 */
async function readUntil(kafka: Kafka, ends: Map<string, bigint>, apply: Apply): Promise<void> {
  if (ends.size === 0) return;
  const groupId = `statistics-rebuild-${process.pid}-${Date.now()}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 500 });
  const pending = new Set(ends.keys());
  await consumer.connect();
  try {
    await new Promise<void>((resolve, reject) => {
      consumer
        .subscribe({
          topics: [...new Set([...ends.keys()].map((k) => k.slice(0, k.lastIndexOf(':'))))],
          fromBeginning: true,
        })
        .then(() =>
          consumer.run({
            autoCommit: false,
            eachBatch: async ({ batch }) => {
              const id = `${batch.topic}:${batch.partition}`;
              const end = ends.get(id);
              if (end === undefined || !pending.has(id)) return;
              for (const message of batch.messages) {
                if (BigInt(message.offset) >= end) break;
                await apply(
                  batch.topic,
                  batch.partition,
                  message.offset,
                  message.value?.toString('utf8') ?? 'null',
                );
                if (BigInt(message.offset) + 1n >= end) pending.delete(id);
              }
              if (pending.size === 0) resolve();
            },
          }),
        )
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
