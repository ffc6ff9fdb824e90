import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { compiledPath, listedService, type ServiceName } from './services';
import { waitFor } from './wait-for';

export const REPO_ROOT = resolve(__dirname, '../../..');

/** The compiled build the tests run: `dist/` unless SWX_DIST_DIR names another (parallel builds). */
export const distPath = (...parts: string[]): string =>
  join(resolve(REPO_ROOT, process.env.SWX_DIST_DIR ?? 'dist'), ...parts);

/** A service of services.json (checked at spawn: an unknown name throws, naming the listed ones). */
export type AppName = ServiceName;

/** Secrets the gateway (and the tax app: INTERNAL_API_TOKEN) require, fixed for tests (never used outside them). */
export const TEST_SECRETS = {
  AUTH_JWT_SECRET: 'test-only-jwt-secret-0123456789abcdef',
  OPERATOR_CLIENT_ID: 'test-operator',
  OPERATOR_CLIENT_SECRET: 'test-only-operator-secret',
  SECRETS_ENCRYPTION_KEY: 'test-only-encryption-key-0123456789abcdef',
  INTERNAL_API_TOKEN: 'test-only-internal-api-token-0123456789abcdef',
  PERSON_TOKEN_KEYS: '1:test-only-person-token-key-0123456789abcdef',
};

/**
 * Settings every test platform gets (a test's own `env` wins): the test receivers of webhooks listen on loopback,
 * which the gateway refuses unless its operator allow-list names it.
 */
export const TEST_ENV = {
  WEBHOOK_ALLOWED_TARGETS: '127.0.0.1,::1,localhost',
  /** XML signatures: absent or unverifiable ones accepted with a warning (docs/ceb-signatures.md). */
  SIGNATURE_MODE: 'sandbox',
  /**
   * No random inspection at any credit grade unless a suite says otherwise. A and B: a suite waiting for a release
   * (800) would otherwise meet an inspection (500) now and then (B, the grade of an enterprise without a rating,
   * inspects 5 % of lists by default). C and D: the suites share one broker, and grades the credit service
   * published about the demo enterprises in one suite (from that suite's refusals and judgements) reach the next
   * suite's customs. The suites about grades and inspections set these rates themselves.
   */
  CUSTOMS_INSPECTION_RATE_A: '0',
  CUSTOMS_INSPECTION_RATE_B: '0',
  CUSTOMS_INSPECTION_RATE_C: '0',
  CUSTOMS_INSPECTION_RATE_D: '0',
};

/** One real service process started from the compiled build, as in production. */
export class ServiceProcess {
  private exitCode?: number | null;
  private exited: Promise<void>;
  readonly logFile: string;

  private constructor(
    readonly app: AppName,
    readonly port: number,
    private readonly child: ChildProcess,
    logFile: string,
  ) {
    this.logFile = logFile;
    this.exited = new Promise((resolveExit) =>
      child.once('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? -1 : null);
        resolveExit();
      }),
    );
  }

  /** Starts a listed service from the build; on its port of services.json unless `env.PORT` names another. */
  static spawn(app: AppName, env: Record<string, string>, label: string = app): ServiceProcess {
    const service = listedService(app);
    const port = env.PORT ?? String(service.port);
    const logDir = join(REPO_ROOT, '.run', 'test-logs');
    mkdirSync(logDir, { recursive: true });
    const logFile = join(logDir, `${label}-${Date.now()}.log`);
    const out = createWriteStream(logFile);
    const child = spawn(process.execPath, [compiledPath(distPath(), service.main)], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...TEST_SECRETS, ...TEST_ENV, ...env, PORT: port },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
    return new ServiceProcess(app, Number(port), child, logFile);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  url(path = ''): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async ready(timeoutMs = 60_000): Promise<this> {
    await waitFor(
      async () => {
        if (!this.running) throw new Error(`${this.app} exited with ${this.exitCode}; see ${this.logFile}`);
        return (await fetch(this.url('/health/ready'))).status;
      },
      (status) => status === 200,
      { timeoutMs, intervalMs: 200, what: `${this.app} readiness (log: ${this.logFile})` },
    );
    return this;
  }

  /** Hard crash: no shutdown hooks, no offset commit, no flush. */
  async kill9(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  async stop(timeoutMs = 30_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }

  async exit(): Promise<number | null | undefined> {
    await this.exited;
    return this.exitCode;
  }
}
