import { DataSource } from 'typeorm';

import { createKafka, parseBrokers } from '@swx/messaging';
import { runMigrations } from '@swx/persistence';
import { runMain } from '@swx/platform';

import { statisticsDefinition } from '../statistics.definition';
import { rebuildStatistics } from './rebuild';

/** `npm run statistics:rebuild`: recomputes the statistics from the topics (apps/statistics/README.md). */
runMain(async () => {
  const definition = statisticsDefinition();
  await runMigrations(definition.dataSource);
  const dataSource = new DataSource(definition.dataSource);
  await dataSource.initialize();
  const kafka = createKafka(`statistics-rebuild-${process.pid}`, parseBrokers(definition.env.KAFKA_BROKERS));
  try {
    const started = Date.now();
    const result = await rebuildStatistics(dataSource, kafka);
    process.stdout.write(`${JSON.stringify({ rebuilt: true, ms: Date.now() - started, ...result })}\n`);
  } finally {
    await dataSource.destroy();
  }
});
