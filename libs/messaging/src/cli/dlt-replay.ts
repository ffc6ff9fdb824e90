import { BaseEnv, loadEnv } from '@swx/config';
import { createLogger } from '@swx/observability';

import { createKafka, parseBrokers } from '../kafka';
import { replayDeadLetters } from '../dlt-replay';

/** `npm run dlt:replay -- <topic>.dlt [--group <replay group>]` */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const topic = args.find((a) => !a.startsWith('--'));
  const groupIndex = args.indexOf('--group');
  const groupId = groupIndex >= 0 ? args[groupIndex + 1] : undefined;
  if (!topic) {
    process.stderr.write('usage: npm run dlt:replay -- <topic>.dlt [--group <replay consumer group>]\n');
    process.exit(2);
  }
  const env = loadEnv(BaseEnv);
  const logger = createLogger('dlt-replay', env.LOG_LEVEL);
  const kafka = createKafka('dlt-replay', parseBrokers(env.KAFKA_BROKERS), logger);
  const result = await replayDeadLetters(kafka, topic, { groupId, logger });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((e) => {
  process.stderr.write(`dlt replay failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
