import { runMigrations } from '@swx/persistence';
import { runMain } from '@swx/platform';

import { gatewayDefinition } from './gateway.definition';

runMain(async () => {
  const applied = await runMigrations(gatewayDefinition().dataSource);
  process.stdout.write(`gateway: ${applied.length ? applied.join(', ') : 'schema up to date'}\n`);
});
