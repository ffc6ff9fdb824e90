import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { stringify } from 'yaml';

import { asyncApiDocument } from './asyncapi';

/** `npm run asyncapi`: writes docs/asyncapi.yaml from the topic catalogue and the payload classes. */
const out = resolve(process.argv[2] ?? 'docs/asyncapi.yaml');
writeFileSync(out, stringify(asyncApiDocument(), { lineWidth: 0 }));
process.stdout.write(`AsyncAPI document written to ${out}\n`);
