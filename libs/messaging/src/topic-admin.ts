import { Admin, ConfigResourceTypes, Kafka } from 'kafkajs';

import { deadLetterTopic, TOPIC_RETENTION_MS } from '@swx/contracts';

/** The configuration a topic is created with: its retention when the catalogue sets one (TOPIC_RETENTION_MS). */
const configOf = (topic: string) =>
  TOPIC_RETENTION_MS[topic] ? [{ name: 'retention.ms', value: TOPIC_RETENTION_MS[topic] }] : undefined;

/**
 * Creates the topics that are missing and waits until every one of them has a leader; existing topics are
 * left as they are, except that a retention the catalogue sets (TOPIC_RETENTION_MS) is applied to them. Several services start at once on a fresh broker and race to create the same topics, so
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
            topics: missing.map((topic) => ({
              topic,
              numPartitions,
              replicationFactor,
              ...(configOf(topic) && { configEntries: configOf(topic) }),
            })),
          });
          created.push(...missing);
        }
        const metadata = await admin.fetchTopicMetadata({ topics: wanted });
        const leaderless = metadata.topics.filter((t) => t.partitions.some((p) => p.leader < 0));
        if (leaderless.length === 0) {
          await applyRetention(admin, wanted);
          return created;
        }
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

/** Sets the catalogue's retention on those of the topics whose configuration says otherwise (topics made before it). */
async function applyRetention(admin: Admin, topics: string[]): Promise<void> {
  const kept = topics.filter((t) => TOPIC_RETENTION_MS[t]);
  if (kept.length === 0) return;
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: kept.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['retention.ms'] })),
  });
  const stale = described.resources
    .filter(
      (r) =>
        r.configEntries.find((e) => e.configName === 'retention.ms')?.configValue !==
        TOPIC_RETENTION_MS[r.resourceName],
    )
    .map((r) => r.resourceName);
  if (stale.length === 0) return;
  await admin.alterConfigs({
    validateOnly: false,
    resources: stale.map((name) => ({
      type: ConfigResourceTypes.TOPIC,
      name,
      configEntries: configOf(name)!,
    })),
  });
}

/** The topics a service consumes, their dead-letter topics, and the topics it produces. */
export function topicsOfService(consumes: string[], produces: string[]): string[] {
  return [...consumes, ...consumes.map(deadLetterTopic), ...produces];
}

/**
 * Deletes retired topic versions (and their dead-letter topics) once no consumer group lags on them: every
 * group with a committed offset on a partition has reached its end. A retired topic some group still lags on
 * is kept, to be retired at a later start. Groups that never committed on the topic are not its consumers.
 * Returns the topics deleted. Failures are the caller's to log: retiring never blocks a start.
 */
export async function retireTopics(kafka: Kafka, retired: readonly string[]): Promise<string[]> {
  // Services start together and race to delete the same topics; kafkajs then fails refreshing metadata of a
  // topic another service deleted. A fresh admin client sees the topics as they are now.
  for (let attempt = 1; ; attempt++) {
    try {
      return await retireOnce(kafka, retired);
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

async function retireOnce(kafka: Kafka, retired: readonly string[]): Promise<string[]> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const candidates = retired.filter((t) => existing.has(t));
    if (candidates.length === 0) return [];
    const { groups } = await admin.listGroups();
    const deletable: string[] = [];
    const lagsOn = async (topic: string): Promise<boolean> => {
      const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
      for (const { groupId } of groups) {
        const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
        for (const p of offsets?.partitions ?? []) {
          if (p.offset !== '-1' && BigInt(p.offset) < (ends.get(p.partition) ?? 0n)) return true;
        }
      }
      return false;
    };
    for (const topic of candidates) {
      let lagging: boolean;
      try {
        lagging = await lagsOn(topic);
      } catch (e) {
        // Several services start at once: another one may have deleted it meanwhile.
        if (!(await admin.listTopics()).includes(topic)) continue;
        throw e;
      }
      if (lagging) continue;
      deletable.push(topic);
      if (existing.has(deadLetterTopic(topic))) deletable.push(deadLetterTopic(topic));
    }
    if (deletable.length > 0) {
      try {
        await admin.deleteTopics({ topics: deletable });
      } catch (e) {
        // kafkajs refreshes metadata after deleting and may fail on the topics just gone (or another service
        // deleted them first): what counts is whether they are gone.
        const left = new Set(await admin.listTopics());
        if (deletable.some((t) => left.has(t))) throw e;
      }
    }
    return deletable;
  } finally {
    await admin.disconnect();
  }
}
