import type { Admin } from 'kafkajs';

export interface PartitionLag {
  topic: string;
  partition: number;
  /** Messages the group has still to read: from its committed offset, or from the log start if it committed none. */
  lag: number;
}

/** A consumer group's lag on every partition of `topics`. */
export async function partitionLags(
  admin: Admin,
  groupId: string,
  topics: string[],
): Promise<PartitionLag[]> {
  const lags: PartitionLag[] = [];
  for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics })) {
    for (const end of await admin.fetchTopicOffsets(topic)) {
      const done = partitions.find((p) => p.partition === end.partition);
      const committed = done && Number(done.offset) >= 0 ? Number(done.offset) : Number(end.low);
      lags.push({ topic, partition: end.partition, lag: Math.max(0, Number(end.high) - committed) });
    }
  }
  return lags;
}
