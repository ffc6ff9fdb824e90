import { Kafka, logLevel } from 'kafkajs';

import { waitFor } from './wait-for';

/**
 * Moves the given consumer groups to the end of every topic on the broker, so that the services a suite is about to
 * start read only what is produced from now on.
 *
 * The e2e suites share one broker, and a service's consumer group is its name: without this, a service started with a
 * fresh database would first consume what earlier suites produced and no instance of it consumed (for credit, other
 * suites' refusals of the demo seller, which grade it D). Call it before the services start: the group must have no
 * other member.
 *
 * kafkajs' `admin.resetOffsets` joins the group once per topic and waits for a fetch (5 s a topic); here one member
 * joins once, takes every partition, and commits the end offsets in one request.
 */
export async function skipConsumerGroupsToEnd(brokers: string, groupIds: readonly string[]): Promise<void> {
  const kafka = new Kafka({
    clientId: 'e2e-skip-to-end',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => !topic.startsWith('__'));
    const ends = (
      await Promise.all(
        topics.map(async (topic) =>
          (await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => ({
            topic,
            partition,
            offset: high,
          })),
        ),
      )
    ).flat();
    const endOf = new Map(ends.map((e) => [`${e.topic}[${e.partition}]`, e.offset]));
    for (const groupId of groupIds) {
      // A previous suite's instance that was killed stays a member until its session times out (15 s).
      await waitFor(
        async () =>
          (await admin.describeGroups([groupId])).groups.every((group) => group.members.length === 0),
        Boolean,
        { timeoutMs: 45_000, intervalMs: 500, what: `consumer group ${groupId} without members` },
      );
      const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
      await consumer.connect();
      try {
        const joined = new Promise<void>((resolve) =>
          consumer.on(consumer.events.GROUP_JOIN, () => resolve()),
        );
        await consumer.subscribe({ topics, fromBeginning: false });
        await consumer.run({ autoCommit: false, eachBatch: async () => undefined });
        consumer.pause(topics.map((topic) => ({ topic })));
        await joined;
        await consumer.commitOffsets(ends);
      } finally {
        await consumer.disconnect();
      }
      const committed = await admin.fetchOffsets({ groupId, topics });
      const behind = committed
        .flatMap(({ topic, partitions }) =>
          partitions.map((p) => ({ at: `${topic}[${p.partition}]`, offset: p.offset })),
        )
        .filter(({ at, offset }) => endOf.has(at) && endOf.get(at) !== offset)
        .map(({ at }) => at);
      if (behind.length) throw new Error(`group ${groupId} not moved to the end of ${behind.join(', ')}`);
    }
  } finally {
    await admin.disconnect();
  }
}
