import { runMigrations } from '@swx/persistence';
import { runMain } from '@swx/platform';

import { forexDefinition } from './forex.definition';

runMain(async () => {
  const applied = await runMigrations(forexDefinition().dataSource);
  process.stdout.write(`forex: ${applied.length ? applied.join(', ') : 'schema up to date'}\n`);
});
