import { Admin, Kafka } from 'kafkajs';

import { deadLetterTopic } from '@swx/contracts';

/** Creates the topics that are missing; existing topics are left as they are. Safe to run from many services at once. */
export async function ensureTopics(
  kafka: Kafka,
  topics: string[],
  numPartitions: number,
  replicationFactor = 1,
): Promise<string[]> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [...new Set(topics)].filter((t) => !existing.has(t));
    if (missing.length === 0) return [];
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions, replicationFactor })),
      });
    } catch (e) {
      // Another service created some of them meanwhile: fine as long as they exist now.
      const now = new Set(await admin.listTopics());
      if (!missing.every((t) => now.has(t))) throw e;
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}

/** The topics a service consumes, their dead-letter topics, and the topics it produces. */
export function topicsOfService(consumes: string[], produces: string[]): string[] {
  return [...consumes, ...consumes.map(deadLetterTopic), ...produces];
}
