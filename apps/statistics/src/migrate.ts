import { runMigrations } from '@swx/persistence';
import { runMain } from '@swx/platform';

import { statisticsDefinition } from './statistics.definition';

runMain(async () => {
  const applied = await runMigrations(statisticsDefinition().dataSource);
  process.stdout.write(`statistics: ${applied.length ? applied.join(', ') : 'schema up to date'}\n`);
});
