import { runMigrations } from '@swx/persistence';
import { runMain } from '@swx/platform';

import { creditDefinition } from './credit.definition';

runMain(async () => {
  const applied = await runMigrations(creditDefinition().dataSource);
  process.stdout.write(`credit: ${applied.length ? applied.join(', ') : 'schema up to date'}\n`);
});
