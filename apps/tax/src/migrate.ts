import { runMigrations } from '@swx/persistence';
import { runMain } from '@swx/platform';

import { taxDefinition } from './tax.definition';

runMain(async () => {
  const applied = await runMigrations(taxDefinition().dataSource);
  process.stdout.write(`tax: ${applied.length ? applied.join(', ') : 'schema up to date'}\n`);
});
