import { Module, VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';

import { openApiDocument } from '../swagger';
import { LogisticsClient } from './logistics-client';
import { LogisticsQueriesController } from './logistics-queries.controller';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- walking a generated OpenAPI document
type Loose = any;

/**
 * Only the logistics controller, in preview mode (nothing is instantiated; the guard's and the controller's
 * dependencies are named only so the graph resolves): all Swagger reads.
 */
@Module({
  controllers: [LogisticsQueriesController],
  providers: [
    { provide: LogisticsClient, useValue: {} },
    { provide: JwtService, useValue: {} },
  ],
})
class LogisticsDocsModule {}

/**
 * Where a schema has no example: every leaf value of a request or response, through `$ref`s, arrays and nested
 * objects, has its own (even where the enclosing array gives a whole example, as the schema view shows each
 * nested class with its own), so the console shows filled-in bodies instead of `"string"` placeholders.
 */
function missingExamples(
  document: OpenAPIObject,
  schema: Loose,
  at: string,
  seen = new Set<string>(),
): string[] {
  if (!schema) return [at];
  if (schema.$ref) {
    if (seen.has(schema.$ref)) return [];
    const name = String(schema.$ref).split('/').at(-1)!;
    return missingExamples(
      document,
      document.components!.schemas![name],
      at,
      new Set([...seen, schema.$ref]),
    );
  }
  if (schema.allOf) return schema.allOf.flatMap((s: Loose) => missingExamples(document, s, at, seen));
  if (schema.type === 'array') return missingExamples(document, schema.items, `${at}[]`, seen);
  if (schema.properties)
    return Object.entries(schema.properties).flatMap(([name, property]) =>
      missingExamples(document, property, `${at}.${name}`, seen),
    );
  return schema.example === undefined ? [at] : [];
}

describe('console examples of the logistics operations (/v1/logistics)', () => {
  let app: NestFastifyApplication;
  let document: OpenAPIObject;

  beforeAll(async () => {
    app = await NestFactory.create<NestFastifyApplication>(LogisticsDocsModule, new FastifyAdapter(), {
      preview: true,
      logger: false,
    });
    app.enableVersioning({ type: VersioningType.URI });
    document = openApiDocument(app);
  });

  afterAll(() => app.close());

  const operations = () =>
    Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/v1/logistics/'))
      .flatMap(([path, item]) =>
        Object.entries(item as Record<string, Loose>).map(([method, op]) => ({ path, method, op })),
      );

  it('documents the six operations', () => {
    expect(
      operations()
        .map((o) => `${o.method.toUpperCase()} ${o.path}`)
        .sort(),
    ).toEqual([
      'GET /v1/logistics/warehouse-utilisation',
      'GET /v1/logistics/warehouses',
      'GET /v1/logistics/warehouses/{warehouseId}',
      'GET /v1/logistics/waybills/{logisticsNo}/timeline',
      'POST /v1/logistics/tracking-events',
      'POST /v1/logistics/warehouses',
      'POST /v1/logistics/warehouses/{warehouseId}/movements',
    ]);
  });

  it('gives every request body, success response and path parameter an example, down to nested values', () => {
    const missing = operations().flatMap(({ path, method, op }) => {
      const where = `${method.toUpperCase()} ${path}`;
      const body = op.requestBody?.content?.['application/json']?.schema;
      const success = Object.entries(op.responses ?? {}).filter(([status]) => status.startsWith('2'));
      expect(success.length).toBeGreaterThan(0);
      return [
        ...(body ? missingExamples(document, body, `${where} request`) : []),
        ...success.flatMap(([status, response]) => {
          const schema = (response as Loose).content?.['application/json']?.schema;
          return schema
            ? missingExamples(document, schema, `${where} ${status}`)
            : [`${where} ${status}: no schema`];
        }),
        ...(op.parameters ?? [])
          .filter((p: Loose) => p.in === 'path' && (p.example ?? p.schema?.example) === undefined)
          .map((p: Loose) => `${where} parameter ${p.name}`),
      ];
    });
    expect(missing).toEqual([]);
  });

  it('has a request body on the three writes', () => {
    const writes = operations().filter((o) => o.method === 'post');
    expect(writes).toHaveLength(3);
    for (const { op } of writes) expect(op.requestBody?.content?.['application/json']?.schema).toBeDefined();
  });
});
