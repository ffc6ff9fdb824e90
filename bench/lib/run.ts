import { type EnterpriseSet, enterpriseSet, registerEnterprises, regulatorToken } from './documents';
import { HttpClient, StatusCounter } from './http';
import { followFeed, type OutcomeTracker } from './load';
import {
  APPS,
  type AppName,
  benchLogDir,
  DIST_DIR,
  kafkaPid,
  listedServices,
  recreateDatabase,
  SECRETS,
  Service,
  withPg,
} from './platform';
import { postgresPids } from './procstats';
import { sleep } from './stats';
import { mintToken } from '@swx/testing';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The services of services.json for one bench or fault run, on their own database and ports. */
export class Platform {
  readonly services: Record<AppName, Service>;

  constructor(
    readonly databaseUrl: string,
    basePort: number,
    label: string,
    profileDir?: string,
    env: Record<string, string> = {},
  ) {
    // every service of services.json, on ports from basePort; each knows the others' URLs (TAX_SERVICE_URL, ...)
    this.services = listedServices(basePort, {
      databaseUrl,
      logDir: benchLogDir(label),
      profileDir,
      // no random inspections: an inspected list (500) waits for an inspector's result, never for the load
      env: {
        CUSTOMS_INSPECTION_RATE_A: '0',
        CUSTOMS_INSPECTION_RATE_B: '0',
        CUSTOMS_INSPECTION_RATE_C: '0',
        CUSTOMS_INSPECTION_RATE_D: '0',
        ...env,
      },
    });
  }

  get gateway(): Service {
    return this.services.gateway;
  }

  static checkBuild(): void {
    if (!existsSync(join(DIST_DIR, 'apps', 'gateway', 'src', 'main.js'))) {
      throw new Error(
        `no build in ${DIST_DIR}: run "npm run build" (or set SWX_DIST_DIR to a build:into folder)`,
      );
    }
  }

  async start(): Promise<void> {
    await recreateDatabase(this.databaseUrl);
    // the gateway first: it creates the topics the others subscribe to
    await this.services.gateway.start().ready();
    await Promise.all(APPS.filter((a) => a !== 'gateway').map((a) => this.services[a].start().ready()));
  }

  async stop(): Promise<void> {
    await Promise.all(APPS.map((a) => this.services[a].stop()));
  }

  /** Process groups for the monitor. */
  processGroups(extra: Record<string, number[]> = {}): () => Record<string, number[]> {
    return () => {
      const groups: Record<string, number[]> = {};
      for (const a of APPS) groups[a] = this.services[a].pid ? [this.services[a].pid as number] : [];
      const k = kafkaPid();
      groups.kafka = k ? [k] : [];
      groups['postgres (all processes)'] = postgresPids();
      return { ...groups, ...extra };
    };
  }

  /**
   * Registers the enterprises, opens a large bank guarantee per guarantor (assureCode = the agent) so tax never
   * holds a list for want of guarantee, and waits (best effort, 30 s) until customs' registry projection holds
   * the enterprises.
   */
  async registerEnterprises(set: EnterpriseSet): Promise<void> {
    await registerEnterprises(this.gateway.url(), set, SECRETS);
    const operator = mintToken(
      { sub: 'bench-operator', kind: 'operator', scopes: ['registry:read', 'registry:write'] },
      SECRETS.AUTH_JWT_SECRET,
    );
    for (const agent of set.agent) {
      const res = await fetch(this.gateway.url(`/v1/tax/guarantee-accounts/${agent.customsCode}`), {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${operator}` },
        body: JSON.stringify({
          kind: 'bank-guarantee',
          amount: '100000000.00',
          reference: `BENCH-${agent.customsCode}`,
        }),
      });
      await res.arrayBuffer();
      // 404: a build without the tax guarantee API (then nothing waits for a guarantee either)
      if (res.status >= 300 && res.status !== 404) {
        console.warn(`guarantee account of ${agent.customsCode}: HTTP ${res.status}`);
      }
    }
    const expected = Object.values(set).flat().length;
    for (let i = 0; i < 150; i++) {
      const n = await withPg(this.databaseUrl, async (c) => {
        const exists = await c.query(`SELECT to_regclass('customs.enterprise') IS NOT NULL AS ok`);
        if (!(exists.rows[0] as { ok: boolean }).ok) return expected;
        return Number((await c.query(`SELECT count(*)::int AS n FROM customs.enterprise`)).rows[0].n);
      }).catch(() => 0);
      if (n >= expected) return;
      await sleep(200);
    }
  }
}

export const defaultEnterprises = (): EnterpriseSet =>
  enterpriseSet({ ebp: 10, ebc: 40, pay: 5, logistics: 6, agent: 6, warehouse: 3 }, SECRETS.AUTH_JWT_SECRET);

/** Follows receipts (feed or database) into the tracker until `stop()`; returns the promise of the loop. */
export function followReceipts(
  source: 'feed' | 'db',
  platform: Platform,
  tracker: OutcomeTracker,
  stop: () => boolean,
  errors: StatusCounter,
): Promise<void> {
  if (source === 'feed') {
    const client = new HttpClient(4);
    return followFeed(
      client,
      platform.gateway.url(),
      regulatorToken(SECRETS.AUTH_JWT_SECRET),
      tracker,
      stop,
      errors,
    ).finally(() => client.close());
  }
  return followDatabase(platform.databaseUrl, tracker, stop, errors);
}

/**
 * Reads gateway.receipt directly. Rows are read again from 1,000 ids back (a row whose transaction commits
 * after a higher id's is not missed); the tracker drops a row it has seen by its id.
 */
async function followDatabase(
  url: string,
  tracker: OutcomeTracker,
  stop: () => boolean,
  errors: StatusCounter,
): Promise<void> {
  let after = 0;
  while (!stop()) {
    try {
      await withPg(url, async (c) => {
        while (!stop()) {
          const res = await c.query(
            `SELECT id::text AS id, message_id::text AS message_id, document_type, return_status, return_info, recorded_at
               FROM gateway.receipt WHERE id > $1 ORDER BY id LIMIT 20000`,
            [Math.max(0, after - 1000)],
          );
          const now = Date.now();
          for (const r of res.rows as {
            id: string;
            message_id: string;
            document_type: string;
            return_status: string;
            return_info: string;
            recorded_at: Date;
          }[]) {
            tracker.receipt(
              {
                id: r.id,
                messageId: r.message_id,
                documentType: r.document_type,
                returnStatus: r.return_status,
                returnInfo: r.return_info,
                recordedAt: r.recorded_at.toISOString(),
              },
              now,
            );
            after = Math.max(after, Number(r.id));
          }
          await sleep(100);
        }
      });
    } catch (e) {
      errors.add(`db:${(e as { code?: string }).code ?? 'error'}`);
      await sleep(500);
    }
  }
}
