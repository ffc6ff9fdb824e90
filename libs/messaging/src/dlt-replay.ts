import { IHeaders, Kafka, Partitioners } from 'kafkajs';
import type { Logger } from 'pino';

import { DLT_SUFFIX, Headers } from '@swx/contracts';

export interface ReplayResult {
  deadLetterTopic: string;
  replayed: number;
  byTopic: Record<string, number>;
}

const DLT_HEADERS = new Set<string>([
  Headers.DltError,
  Headers.DltAttempts,
  Headers.DltOriginalTopic,
  Headers.DltOriginalPartition,
  Headers.DltOriginalOffset,
  Headers.DltConsumerGroup,
  Headers.DltFailedAt,
]);

/**
 * Sends every record of a dead-letter topic that the replay group has not replayed yet back to its original
 * topic, with its key and original headers, then stops. Progress is committed per record, so a replay that is
 * interrupted resumes where it stopped, and a second replay of the same records sends nothing.
 */
export async function replayDeadLetters(
  kafka: Kafka,
  deadLetterTopic: string,
  options: { groupId?: string; timeoutMs?: number; logger?: Logger } = {},
): Promise<ReplayResult> {
  if (!deadLetterTopic.endsWith(DLT_SUFFIX)) throw new Error(`${deadLetterTopic} is not a dead-letter topic`);
  const groupId = options.groupId ?? 'swx-dlt-replay';
  const result: ReplayResult = { deadLetterTopic, replayed: 0, byTopic: {} };

  const admin = kafka.admin();
  await admin.connect();
  const next = new Map<number, number>();
  const end = new Map<number, number>();
  try {
    const offsets = await admin.fetchTopicOffsets(deadLetterTopic);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [deadLetterTopic] });
    for (const o of offsets) {
      const c = committed?.partitions.find((p) => p.partition === o.partition);
      next.set(o.partition, c && Number(c.offset) >= 0 ? Number(c.offset) : Number(o.low));
      end.set(o.partition, Number(o.high));
    }
  } finally {
    await admin.disconnect();
  }
  const remaining = () => [...end].filter(([p, high]) => (next.get(p) ?? 0) < high);
  if (remaining().length === 0) return result;

  const producer = kafka.producer({
    idempotent: true,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  await producer.connect();
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [deadLetterTopic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`replay of ${deadLetterTopic} did not finish in time`)),
        options.timeoutMs ?? 120_000,
      );
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const offset = Number(message.offset);
            if (offset >= (end.get(partition) ?? 0)) return;
            const headers: IHeaders = {};
            for (const [name, value] of Object.entries(message.headers ?? {})) {
              if (!DLT_HEADERS.has(name) && value !== undefined) headers[name] = value;
            }
            const original = message.headers?.[Headers.DltOriginalTopic]?.toString();
            const target = original || deadLetterTopic.slice(0, -DLT_SUFFIX.length);
            headers['swx-replayed-from'] = `${deadLetterTopic}/${partition}/${offset}`;
            await producer.send({
              topic: target,
              acks: -1,
              messages: [{ key: message.key, value: message.value, headers }],
            });
            await consumer.commitOffsets([{ topic: deadLetterTopic, partition, offset: String(offset + 1) }]);
            next.set(partition, offset + 1);
            result.replayed++;
            result.byTopic[target] = (result.byTopic[target] ?? 0) + 1;
            options.logger?.info({ deadLetterTopic, partition, offset, target }, 'replayed');
            if (remaining().length === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
  }
  return result;
}
