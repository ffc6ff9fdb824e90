import { Admin, Kafka } from 'kafkajs';

import { deadLetterTopic } from '@swx/contracts';

/**
 * Creates the topics that are missing and waits until every one of them has a leader; existing topics are
 * left as they are. Several services start at once on a fresh broker and race to create the same topics, so
 * a failed round is retried until the deadline.
 */
export async function ensureTopics(
  kafka: Kafka,
  topics: string[],
  numPartitions: number,
  replicationFactor = 1,
  deadlineMs = 60_000,
): Promise<string[]> {
  const wanted = [...new Set(topics)];
  const created: string[] = [];
  const admin: Admin = kafka.admin();
  await admin.connect();
  const deadline = Date.now() + deadlineMs;
  try {
    for (let round = 1; ; round++) {
      try {
        const existing = new Set(await admin.listTopics());
        const missing = wanted.filter((t) => !existing.has(t));
        if (missing.length > 0) {
          await admin.createTopics({
            waitForLeaders: true,
            topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor })),
          });
          created.push(...missing);
        }
        const metadata = await admin.fetchTopicMetadata({ topics: wanted });
        const leaderless = metadata.topics.filter((t) => t.partitions.some((p) => p.leader < 0));
        if (leaderless.length === 0) return created;
        throw new Error(`no leader yet for ${leaderless.map((t) => t.name).join(', ')}`);
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, Math.min(250 * round, 2000)));
      }
    }
  } finally {
    await admin.disconnect();
  }
}

/** The topics a service consumes, their dead-letter topics, and the topics it produces. */
export function topicsOfService(consumes: string[], produces: string[]): string[] {
  return [...consumes, ...consumes.map(deadLetterTopic), ...produces];
}
