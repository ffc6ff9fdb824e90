import { runMigrations } from '@swx/persistence';
import { runMain } from '@swx/platform';

import { logisticsDefinition } from './logistics.definition';

runMain(async () => {
  const applied = await runMigrations(logisticsDefinition().dataSource);
  process.stdout.write(`logistics: ${applied.length ? applied.join(', ') : 'schema up to date'}\n`);
});
