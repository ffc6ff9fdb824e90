import { runMigrations } from '@swx/persistence';
import { runMain } from '@swx/platform';

import { customsDefinition } from './customs.definition';

runMain(async () => {
  const applied = await runMigrations(customsDefinition().dataSource);
  process.stdout.write(`customs: ${applied.length ? applied.join(', ') : 'schema up to date'}\n`);
});
