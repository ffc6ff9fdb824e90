import { Client } from 'pg';
import { DataSource, DataSourceOptions, Logger as OrmLogger, MixedList } from 'typeorm';

import { createLogger } from '@swx/observability';

export interface ServiceDataSourceInit {
  url: string;
  /** The one PostgreSQL schema this service owns. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize?: number;
  applicationName?: string;
}

/** Options of a service's data source: its own schema, its own migrations table, never `synchronize`. */
export function serviceDataSourceOptions(init: ServiceDataSourceInit): DataSourceOptions {
  return {
    type: 'postgres',
    url: init.url,
    schema: init.schema,
    entities: init.entities,
    migrations: init.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    // Failed queries are logged without their parameters (buyers' ID and phone numbers): see OrmLogger below.
    logging: ['error', 'warn'],
    logger: new ParameterFreeOrmLogger(init.schema),
    applicationName: init.applicationName ?? init.schema,
    extra: { max: init.poolSize ?? 10, connectionTimeoutMillis: 5000 },
  };
}

/**
 * TypeORM's own log lines through the service's scrubbing pino logger, never with the bound parameters of a
 * statement: a failed query logs its SQL text (placeholders only) and the error, redacted.
 */
export class ParameterFreeOrmLogger implements OrmLogger {
  private readonly pino;

  constructor(service: string) {
    this.pino = createLogger(service, process.env.LOG_LEVEL || 'info').child({ component: 'typeorm' });
  }

  logQuery(): void {}

  logQueryError(error: string | Error, query: string): void {
    this.pino.warn({ err: error, query: query.slice(0, 1000) }, 'query failed');
  }

  logQuerySlow(time: number, query: string): void {
    this.pino.warn({ durationMs: time, query: query.slice(0, 1000) }, 'slow query');
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    this.pino.info(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.pino.warn({ detail: message }, 'typeorm warning');
  }
}

/** Creates the project's database when it is missing (the local server has trust auth and a `postgres` database). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[\w-]+$/.test(database)) throw new Error(`Unsupported database name in DATABASE_URL: "${database}"`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE "${database}"`);
      } catch (e) {
        // Another service may have created it at the same moment.
        if ((e as { code?: string }).code !== '42P04' && (e as { code?: string }).code !== '23505') throw e;
      }
    }
  } finally {
    await client.end();
  }
}

/** Brings a service's schema up to date: database, schema, then pending migrations. Returns the names applied. */
export async function runMigrations(options: DataSourceOptions): Promise<string[]> {
  const url = (options as { url?: string }).url;
  const schema = (options as { schema?: string }).schema;
  if (!url || !schema) throw new Error('runMigrations needs a url and a schema');
  await ensureDatabase(url);
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  try {
    // Two instances of one service starting together must not both migrate.
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`migrations:${schema}`]);
      await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`migrations:${schema}`]);
      await runner.release();
    }
  } finally {
    await dataSource.destroy();
  }
}
