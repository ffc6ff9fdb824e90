import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { type DocumentDescriptor, EXPORT_DESCRIPTORS, IMPORT_DESCRIPTORS } from '@swx/contracts';
import { mintToken, REPO_ROOT, ServiceProcess } from '@swx/testing';

const DESCRIPTORS = [...IMPORT_DESCRIPTORS, ...EXPORT_DESCRIPTORS] as unknown as DocumentDescriptor[];
const GOLDEN = join(REPO_ROOT, 'libs/testing/golden');

const fixtures = ['import', 'export'].flatMap((flow) =>
  readdirSync(join(GOLDEN, flow, 'not-ok'))
    .filter((f) => f.endsWith('.json'))
    .map((file) => {
      const [type, ...rest] = file.replace(/\.json$/, '').split('.');
      return { file: `${flow}/not-ok/${file}`, type, rule: rest.join('.') };
    }),
);

const warned = ['import', 'export'].flatMap((flow) =>
  readdirSync(join(GOLDEN, flow, 'warn'))
    .filter((f) => f.endsWith('.json'))
    .map((file) => {
      const [type, ...rest] = file.replace(/\.json$/, '').split('.');
      return { file: `${flow}/warn/${file}`, type, rule: rest.join('.') };
    }),
);

/**
 * Every not-ok golden document, sent to the running gateway, is refused with a 400 that names exactly the
 * rule its file name names, and nothing else. Every warn golden document (a rule the standard does not state,
 * docs/ceb-rules.md) is accepted, with exactly that warning.
 */
describe('golden not-ok documents through the gateway', () => {
  let gateway: ServiceProcess;
  let paths: Record<string, string>;

  beforeAll(async () => {
    gateway = await ServiceProcess.spawn('gateway', {
      DATABASE_URL: process.env.TEST_DATABASE_URL!,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      PORT: '4150',
    }).ready();
    const openapi = (await (await fetch(gateway.url('/docs-json'))).json()) as {
      paths: Record<string, { post?: { summary?: string } }>;
    };
    paths = Object.fromEntries(
      Object.entries(openapi.paths).flatMap(([path, ops]) => {
        const type = /\((CEB\d{3})\)$/.exec(ops.post?.summary ?? '')?.[1];
        return type ? [[type, path]] : [];
      }),
    );
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  const tokenFor = (descriptor: DocumentDescriptor) => {
    const example = descriptor.example as Record<string, Record<string, string>>;
    return mintToken({
      kind: 'enterprise',
      ent: example[descriptor.headElement][descriptor.senderCodeField],
      roles: [descriptor.senderRole],
      scopes: ['documents:write'],
    });
  };

  it('has an endpoint for every document type', () => {
    expect(Object.keys(paths).sort()).toEqual(DESCRIPTORS.map((d) => d.messageType).sort());
  });

  it.each(fixtures.map((f) => [f.file, f] as const))(
    '%s is refused naming its rule',
    async (_file, fixture) => {
      const descriptor = DESCRIPTORS.find((d) => d.messageType === fixture.type)!;
      const example = descriptor.example as Record<string, Record<string, string>>;
      const token = mintToken({
        kind: 'enterprise',
        ent: example[descriptor.headElement][descriptor.senderCodeField],
        roles: [descriptor.senderRole],
        scopes: ['documents:write'],
      });
      const response = await fetch(gateway.url(paths[fixture.type]), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: readFileSync(join(GOLDEN, fixture.file), 'utf8'),
      });
      expect(response.status).toBe(400);
      const { errors } = (await response.json()) as { errors: { path: string; rule: string }[] };
      const named = errors.map((e) =>
        e.rule === fixture.rule ? e.rule : `${e.path.replace(/\[(\d+)\]/g, '.$1')}.${e.rule}`,
      );
      expect(named).toEqual([fixture.rule]);
    },
  );

  it.each(warned.map((f) => [f.file, f] as const))(
    '%s is accepted with its warning',
    async (_file, fixture) => {
      const descriptor = DESCRIPTORS.find((d) => d.messageType === fixture.type)!;
      // A business identity of its own (the example's may be declared by another suite on this database).
      const text = readFileSync(join(GOLDEN, fixture.file), 'utf8');
      const document = JSON.parse(text) as object;
      // Same length (fields have maximum lengths): the last 4 characters become random digits.
      const fresh = (part: string) => `${part.slice(0, -4)}${String(Math.random()).slice(2, 6)}`;
      const sender = (document as Record<string, Record<string, string>>)[descriptor.headElement][
        descriptor.senderCodeField
      ];
      const unique = descriptor
        .identityOf(document)
        .split(':')
        .filter((part) => part !== sender)
        .reduce((body, part) => body.split(`"${part}"`).join(`"${fresh(part)}"`), text);
      const response = await fetch(gateway.url(paths[fixture.type]), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenFor(descriptor)}` },
        body: unique,
      });
      expect(response.status).toBe(202);
      const body = (await response.json()) as {
        documents: { status: string; warnings?: { rule: string }[] }[];
      };
      expect(body.documents).toEqual([
        expect.objectContaining({
          status: 'accepted',
          warnings: [expect.objectContaining({ rule: fixture.rule })],
        }),
      ]);
    },
  );
});
