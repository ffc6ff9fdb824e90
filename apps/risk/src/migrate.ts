import { runMigrations } from '@swx/persistence';
import { runMain } from '@swx/platform';

import { riskDefinition } from './risk.definition';

runMain(async () => {
  const applied = await runMigrations(riskDefinition().dataSource);
  process.stdout.write(`risk: ${applied.length ? applied.join(', ') : 'schema up to date'}\n`);
});
