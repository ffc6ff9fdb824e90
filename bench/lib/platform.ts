import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { Client } from 'pg';

import {
  compiledPath,
  listedService,
  SERVICES,
  serviceUrlVariable,
  TEST_ENV,
  TEST_SECRETS,
} from '@swx/testing';

import { sleep } from './stats';

/** The repository root: the nearest folder above this file holding package.json and scripts/kafka.js. */
function findRoot(from: string): string {
  let dir = from;
  for (let i = 0; i < 10; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'scripts', 'kafka.js'))) return dir;
    dir = dirname(dir);
  }
  throw new Error(`cannot find the repository root above ${from}`);
}

export const REPO_ROOT = findRoot(__dirname);
/** The compiled build the services run from: SWX_DIST_DIR (default dist). */
export const DIST_DIR = resolve(REPO_ROOT, process.env.SWX_DIST_DIR ?? 'dist');
/** The bench's own broker: KAFKA_PORT (default 20100, never a developer's default 9092). */
export const KAFKA_PORT = Number(process.env.KAFKA_PORT ?? 20100);
export const KAFKA_BROKERS = `127.0.0.1:${KAFKA_PORT}`;

/** The gateway's secrets: the tests' fixed ones (every key of TEST_SECRETS is passed, whatever it holds). */
export const SECRETS: Record<string, string> = { ...TEST_SECRETS };

// --- Kafka -----------------------------------------------------------------------------------------------

function kafkaEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, KAFKA_PORT: String(KAFKA_PORT) };
  delete env.KAFKA_BROKERS; // always our own local broker
  return env;
}

function runKafkaScript(command: 'start' | 'stop' | 'status'): Promise<{ code: number; output: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts', 'kafka.js'), command], {
      cwd: REPO_ROOT,
      env: kafkaEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolveRun({ code: code ?? 1, output }));
  });
}

/**
 * Starts the bench broker from an empty log directory: a run recreates its database, so topics left by an earlier
 * run would be replayed into fresh consumers (a newly subscribed topic is read from the beginning). Refuses the
 * default port 9092, whose broker belongs to a developer's `npm start` / `npm test`.
 */
export async function startFreshKafka(): Promise<{ alreadyRunning: boolean }> {
  if (KAFKA_PORT === 9092)
    throw new Error('KAFKA_PORT=9092 is the development broker: give the bench its own port');
  const status = await runKafkaScript('status');
  const wasRunning = status.code === 0;
  if (wasRunning) await stopKafka();
  rmSync(join(REPO_ROOT, '.cache', 'kafka-data', String(KAFKA_PORT)), { recursive: true, force: true });
  await startKafka();
  return { alreadyRunning: wasRunning };
}

/** Starts (or reuses) the bench broker; tells whether it was already running. */
export async function startKafka(): Promise<{ alreadyRunning: boolean }> {
  const status = await runKafkaScript('status');
  const alreadyRunning = status.code === 0 && /\bready\b/.test(status.output);
  const started = await runKafkaScript('start');
  if (started.code !== 0) throw new Error(`scripts/kafka.js start failed:\n${started.output}`);
  return { alreadyRunning };
}

export async function stopKafka(): Promise<void> {
  const stopped = await runKafkaScript('stop');
  if (stopped.code !== 0) throw new Error(`scripts/kafka.js stop failed:\n${stopped.output}`);
}

/** Pid of the bench broker (from scripts/kafka.js' pid file), if it runs. */
export function kafkaPid(): number | undefined {
  try {
    const pid = Number(
      readFileSync(join(REPO_ROOT, '.cache', 'kafka-data', `${KAFKA_PORT}.pid`), 'utf8').trim(),
    );
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

// --- PostgreSQL ------------------------------------------------------------------------------------------

export async function withPg<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined); // a server restart must not crash the bench
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function recreateDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!/^[\w-]+$/.test(name)) throw new Error(`bad database name ${name}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  await withPg(admin.toString(), async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${name}"`);
  });
}

// --- services --------------------------------------------------------------------------------------------

/** A service of services.json. */
export type AppName = string;
/** Every service of services.json, in its order (the gateway first): a run starts each as its own process. */
export const APPS: readonly AppName[] = SERVICES.map((s) => s.name);

export interface ServiceOptions {
  databaseUrl: string;
  port: number;
  logDir: string;
  /** Folder for `--cpu-prof` output; no profiling when absent. */
  profileDir?: string;
  env?: Record<string, string>;
}

/** One service process from the compiled build, as `ServiceProcess` in libs/testing, plus profiling. */
export class Service {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private exitCode?: number | null;
  private starts = 0;

  constructor(
    readonly app: AppName,
    private readonly options: ServiceOptions,
  ) {}

  get port(): number {
    return this.options.port;
  }

  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  get running(): boolean {
    return this.child !== undefined && this.exitCode === undefined;
  }

  url(path = ''): string {
    return `http://127.0.0.1:${this.options.port}${path}`;
  }

  start(): this {
    if (this.running) throw new Error(`${this.app} is already running`);
    const { options } = this;
    this.starts++;
    mkdirSync(options.logDir, { recursive: true });
    const out = createWriteStream(join(options.logDir, `${this.app}-${this.starts}.log`));
    const nodeArgs: string[] = [];
    if (options.profileDir) {
      mkdirSync(options.profileDir, { recursive: true });
      nodeArgs.push(
        '--cpu-prof',
        `--cpu-prof-dir=${options.profileDir}`,
        `--cpu-prof-name=${this.app}-${this.starts}.cpuprofile`,
      );
    }
    const main = compiledPath(DIST_DIR, listedService(this.app).main);
    const child = spawn(process.execPath, [...nodeArgs, main], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        ...SECRETS, // as ServiceProcess: every app gets the test secrets it needs (INTERNAL_API_TOKEN: gateway and tax)
        // and the test settings: XML signatures in sandbox (the load's XML carries placeholder signatures, as the
        // console's examples do; verifying real ones is measured apart), loopback webhook targets allowed.
        ...TEST_ENV,
        DATABASE_URL: options.databaseUrl,
        KAFKA_BROKERS,
        PORT: String(options.port),
        HOST: '127.0.0.1',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
    this.child = child;
    this.exitCode = undefined;
    this.exited = new Promise((resolveExit) =>
      child.once('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? -1 : null);
        resolveExit();
      }),
    );
    return this;
  }

  /** Waits until /health/ready answers 200. */
  async ready(timeoutMs = 90_000): Promise<this> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running)
        throw new Error(`${this.app} exited with ${this.exitCode}; see ${this.options.logDir}`);
      if ((await this.readiness()) === 200) return this;
      await sleep(200);
    }
    throw new Error(`${this.app} not ready after ${timeoutMs} ms; see ${this.options.logDir}`);
  }

  async readiness(): Promise<number | undefined> {
    try {
      const res = await fetch(this.url('/health/ready'), { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      return res.status;
    } catch {
      return undefined;
    }
  }

  /** Hard crash: no shutdown hooks, no offset commit, no flush. */
  async kill9(): Promise<void> {
    if (!this.running) return;
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** Graceful stop (SIGTERM; the CPU profile is written on this exit). */
  async stop(timeoutMs = 30_000): Promise<void> {
    if (!this.running) return;
    this.child?.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/**
 * One `Service` per listed service, on consecutive ports from `basePort` in the list's order, each told every
 * other's URL (`<NAME>_SERVICE_URL`, e.g. the gateway's TAX_SERVICE_URL).
 */
export function listedServices(
  basePort: number,
  options: Omit<ServiceOptions, 'port'>,
): Record<AppName, Service> {
  const urls = Object.fromEntries(
    APPS.map((app, i) => [serviceUrlVariable(app), `http://127.0.0.1:${basePort + i}`]),
  );
  return Object.fromEntries(
    APPS.map((app, i) => [
      app,
      new Service(app, { ...options, port: basePort + i, env: { ...urls, ...options.env } }),
    ]),
  );
}

/** Folder of this run's logs (git-ignored .run/). */
export const benchLogDir = (label: string): string => join(REPO_ROOT, '.run', 'bench-logs', label);
