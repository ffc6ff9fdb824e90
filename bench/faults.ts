/**
 * `npm run test:faults [-- --until order|arrival|release --only kill-gateway,...]`: fault tests under load.
 *
 * Starts its own platform (broker on KAFKA_PORT, default 20100; database FAULTS_DATABASE_URL, default
 * single_window_faults; every service of services.json from SWX_DIST_DIR on ports from FAULTS_PORT, default 5120)
 * and, under a steady load of orders through the gateway, one scenario after another:
 *   kill-<service>                         kill -9 mid-load, then restart (one per listed service)
 *   kafka-restart                          scripts/kafka.js stop + start of the broker mid-load
 *   postgres-restart                       pg_ctlcluster restart of the (shared) server mid-load
 *   malformed                              bad JSON, wrong types, 20 MB bodies, bad XML at rate, beside valid load
 * Each scenario passes when every order of its load reaches the awaited receipt, no message has the same
 * receipt twice, nothing is lost downstream (customs and tax hold every document once), and for `malformed`
 * no answer is a 5xx and the valid traffic saw only 202s. Prints `faults: N passed, M failed`; exits 1 on any
 * failure. Known platform bugs are listed in KNOWN_FAILURES (reported, not counted, unless --strict).
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';

import { Args } from './lib/args';
import { DOC_TYPES, type EnterpriseSet } from './lib/documents';
import { HttpClient, networkCode, StatusCounter } from './lib/http';
import {
  type OrderState,
  OutcomeTracker,
  runLoad,
  submitUnit,
  SubmitStats,
  type Until,
  UNTIL_CHOICES,
  UNTIL_TEXT,
} from './lib/load';
import { APPS, startFreshKafka, startKafka, stopKafka, withPg } from './lib/platform';
import { defaultEnterprises, followReceipts, Platform } from './lib/run';
import { sleep } from './lib/stats';

/** How long the load's client retries one request (connection refused, 5xx, 409 in progress). */
const RETRY_FOR_MS = 60_000;

/**
 * Known platform bugs found by these tests (see bench/RESULTS.md). A scenario whose every problem matches its
 * entry is reported as KNOWN FAIL and not counted, so CI stays usable until the fix lands; when the scenario
 * passes, the run says so (remove the entry once the fix has landed). `--strict` counts them as failures.
 */
const KNOWN_FAILURES: Partial<Record<Scenario, { bug: string; problem: RegExp }>> = {};

const KILL = 'kill-';
const SCENARIOS = [...APPS.map((app) => `${KILL}${app}`), 'kafka-restart', 'postgres-restart', 'malformed'];
/** `kill-<service>` for each service of services.json, or one of the others. */
type Scenario = string;

interface Context {
  platform: Platform;
  enterprises: EnterpriseSet;
  tracker: OutcomeTracker;
  until: Until;
  rate: number;
  loadSeconds: number;
  drainSeconds: number;
  runTag: string;
  nextIndex: number;
}

interface Verdict {
  scenario: Scenario;
  ok: boolean;
  lines: string[];
  problems: string[];
}

const log = (msg: string) => console.log(`[faults ${new Date().toISOString().slice(11, 19)}] ${msg}`);

function run(cmd: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolveRun) =>
    execFile(cmd, args, { timeout: 120_000 }, (error, stdout, stderr) =>
      resolveRun({
        code: error ? ((error as { code?: number }).code ?? 1) : 0,
        output: `${stdout}${stderr}`,
      }),
    ),
  );
}

/** The PostgreSQL cluster version under /etc/postgresql (e.g. 15). */
function postgresVersion(): string {
  const versions = readdirSync('/etc/postgresql').filter((v) => /^\d+$/.test(v));
  if (versions.length === 0) throw new Error('no PostgreSQL cluster under /etc/postgresql');
  return versions.sort((a, b) => Number(b) - Number(a))[0];
}

async function waitAllReady(platform: Platform, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    const states = await Promise.all(Object.values(platform.services).map((s) => s.readiness()));
    if (states.every((s) => s === 200)) return Date.now() - t0;
    if (Date.now() - t0 > timeoutMs)
      throw new Error(`readiness not back after ${timeoutMs} ms: ${states.join(', ')}`);
    await sleep(250);
  }
}

// --- malformed requests ----------------------------------------------------------------------------------

interface Malformed {
  name: string;
  contentType: string;
  body: () => string;
  token?: string;
  big?: boolean;
}

function malformedRequests(ebpToken: string): Malformed[] {
  const twentyMb = 20 * 1024 * 1024;
  let nested = '';
  for (let i = 0; i < 5000; i++) nested = `{"a":${nested || '1'}}`;
  const laughs =
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>' +
    '<ceb:CEB311Message xmlns:ceb="http://www.chinaport.gov.cn/ceb" guid="X" version="1.0"><ceb:Order>&lol4;</ceb:Order></ceb:CEB311Message>';
  return [
    { name: 'bad JSON', contentType: 'application/json', body: () => '{"OrderHead": {"orderNo": ' },
    {
      name: 'wrong types',
      contentType: 'application/json',
      body: () =>
        JSON.stringify({ OrderHead: { orderNo: 12345, goodsValue: 200, appType: true }, OrderList: 'x' }),
    },
    {
      name: 'array of 101',
      contentType: 'application/json',
      body: () => JSON.stringify(Array.from({ length: 101 }, () => ({}))),
    },
    { name: 'empty JSON body', contentType: 'application/json', body: () => '' },
    { name: 'JSON nested 5000 deep', contentType: 'application/json', body: () => nested },
    { name: 'JSON null', contentType: 'application/json', body: () => 'null' },
    {
      name: 'bad XML',
      contentType: 'application/xml',
      body: () => '<ceb:CEB311Message><ceb:Order><unclosed>',
    },
    {
      name: 'XML against the XSD',
      contentType: 'application/xml',
      body: () =>
        '<?xml version="1.0"?><ceb:CEB311Message xmlns:ceb="http://www.chinaport.gov.cn/ceb" guid="X" version="1.0"><ceb:Order><ceb:OrderHead><ceb:orderNo>1</ceb:orderNo></ceb:OrderHead></ceb:Order></ceb:CEB311Message>',
    },
    { name: 'XML entity expansion', contentType: 'application/xml', body: () => laughs },
    { name: 'unsupported content type', contentType: 'text/plain', body: () => 'hello' },
    { name: 'invalid token', contentType: 'application/json', body: () => '{}', token: 'not-a-jwt' },
    {
      name: '20 MB JSON',
      contentType: 'application/json',
      body: () => `{"OrderHead":"${'x'.repeat(twentyMb)}"}`,
      big: true,
    },
    {
      name: '20 MB XML',
      contentType: 'application/xml',
      body: () =>
        `<?xml version="1.0"?><ceb:CEB311Message xmlns:ceb="http://www.chinaport.gov.cn/ceb">${'<a>x</a>'.repeat(twentyMb / 8)}</ceb:CEB311Message>`,
      big: true,
    },
  ].map((m) => ({ ...m, token: m.token ?? ebpToken }));
}

/** Fires malformed requests at `perSecond` (20 MB ones at most one per second) until `stop()`. */
async function fireMalformed(
  gatewayUrl: string,
  ebpToken: string,
  perSecond: number,
  stop: () => boolean,
): Promise<{ statuses: StatusCounter; byKind: Map<string, StatusCounter> }> {
  const client = new HttpClient(16);
  const statuses = new StatusCounter();
  const byKind = new Map<string, StatusCounter>();
  const kinds = malformedRequests(ebpToken);
  const small = kinds.filter((k) => !k.big);
  const big = kinds.filter((k) => k.big);
  const bodies = new Map(small.map((k) => [k.name, k.body()]));
  let lastBig = 0;
  let i = 0;
  const inFlight = new Set<Promise<void>>();
  const t0 = Date.now();
  while (!stop() && i < 100_000) {
    const due = t0 + (i / perSecond) * 1000;
    while (Date.now() < due) await sleep(Math.min(20, due - Date.now()));
    let kind = small[i % small.length];
    let body: string;
    if (Date.now() - lastBig > 1000 && big.length) {
      kind = big[Math.floor(lastBig / 1000) % big.length];
      lastBig = Date.now();
      body = kind.body();
    } else body = bodies.get(kind.name) ?? '';
    i++;
    const counter = byKind.get(kind.name) ?? new StatusCounter();
    byKind.set(kind.name, counter);
    if (inFlight.size >= 16) await Promise.race(inFlight);
    const p = client
      .request(`${gatewayUrl}/v1/import/orders`, {
        method: 'POST',
        headers: { 'content-type': kind.contentType, authorization: `Bearer ${kind.token}` },
        body,
        timeoutMs: 30_000,
      })
      .then(
        (res) => {
          statuses.add(res.status);
          counter.add(res.status);
        },
        (e: unknown) => {
          // a server may close the connection of an oversized body before reading it all
          statuses.add(networkCode(e));
          counter.add(networkCode(e));
        },
      )
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  client.close();
  return { statuses, byKind };
}

// --- one scenario ----------------------------------------------------------------------------------------

async function scenario(name: Scenario, ctx: Context): Promise<Verdict> {
  const { platform, tracker } = ctx;
  const lines: string[] = [];
  const problems: string[] = [];
  const first = ctx.nextIndex;
  const maxOrders = Math.ceil(ctx.rate * ctx.loadSeconds);
  ctx.nextIndex += maxOrders;
  const client = new HttpClient(64);
  const stats = new SubmitStats();
  const faultAtMs = Math.min(2000, (ctx.loadSeconds * 1000) / 3);
  log(`${name}: ${maxOrders} orders at ${ctx.rate}/s, fault after ${faultAtMs / 1000}s`);

  const loadDone = runLoad(
    {
      rate: ctx.rate,
      durationS: ctx.loadSeconds,
      maxOrders,
      mix: { single: 60, array: 30, xml: 10 },
      arrayBatch: 5,
      xmlBatch: 3,
      maxInFlight: 64,
      runTag: ctx.runTag,
      firstIndex: first,
    },
    ctx.enterprises,
    (unit) =>
      submitUnit(
        client,
        unit,
        tracker,
        { baseUrl: platform.gateway.url(), retryForMs: RETRY_FOR_MS, useIdempotencyKeys: true },
        stats,
      ),
    (set) => tracker.add(set),
  );

  let malformed: Promise<{ statuses: StatusCounter; byKind: Map<string, StatusCounter> }> | undefined;
  let loadFinished = false;
  void loadDone.finally(() => (loadFinished = true));
  await sleep(faultAtMs);
  const faultT0 = Date.now();
  try {
    if (name.startsWith(KILL)) {
      const app = name.slice(KILL.length);
      const service = platform.services[app];
      await service.kill9();
      lines.push(`${app} killed (SIGKILL) at ${faultAtMs / 1000}s`);
      await sleep(1500);
      await service.start().ready();
      lines.push(`${app} restarted and ready in ${((Date.now() - faultT0) / 1000).toFixed(1)}s`);
    } else if (name === 'kafka-restart') {
      await stopKafka();
      lines.push(`broker stopped in ${((Date.now() - faultT0) / 1000).toFixed(1)}s`);
      await sleep(1000);
      await startKafka();
      lines.push(`broker back in ${((Date.now() - faultT0) / 1000).toFixed(1)}s`);
      const readyMs = await waitAllReady(platform, 90_000);
      lines.push(`every service ready ${(readyMs / 1000).toFixed(1)}s after the broker returned`);
    } else if (name === 'postgres-restart') {
      const version = postgresVersion();
      const res = await run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart']);
      if (res.code !== 0)
        throw new Error(`pg_ctlcluster ${version} main restart failed: ${res.output.trim()}`);
      lines.push(`PostgreSQL ${version} restarted in ${((Date.now() - faultT0) / 1000).toFixed(1)}s`);
      const readyMs = await waitAllReady(platform, 90_000);
      lines.push(`every service ready by itself ${(readyMs / 1000).toFixed(1)}s after the restart`);
    } else if (name === 'malformed') {
      const ebp = ctx.enterprises.ebp[0];
      malformed = fireMalformed(platform.gateway.url(), ebp.token, 20, () => loadFinished);
    }
  } catch (e) {
    problems.push(`fault injection failed: ${(e as Error).message}`);
  }

  const load = await loadDone;
  const drainUntil = Date.now() + ctx.drainSeconds * 1000;
  const mine = (): OrderState[] =>
    [...tracker.orders.values()].filter((o) => o.set.index >= first && o.set.index < first + maxOrders);
  while (Date.now() < drainUntil && mine().some((o) => !o.failed && o.doneAt === undefined)) await sleep(250);
  client.close();

  const orders = mine();
  const done = orders.filter((o) => o.doneAt !== undefined).length;
  const failed = orders.filter((o) => o.failed);
  lines.push(
    `${load.orders} orders sent, ${done} at ${UNTIL_TEXT[ctx.until]} within ${ctx.drainSeconds}s after the load; HTTP: ${stats.statuses.toString()}; retries ${stats.retries}`,
  );
  const lost = orders.filter((o) => !o.failed && o.doneAt === undefined).length;
  if (lost > 0) problems.push(`${lost} accepted orders never reached the awaited receipt (lost or stuck)`);
  if (failed.length) {
    const reasons = [...new Set(failed.map((o) => (o.failed ?? '').replace(/"instance":"[^"]*"/, '')))];
    problems.push(
      `${failed.length} orders could not be submitted (client retried ${RETRY_FOR_MS / 1000}s): ${reasons.slice(0, 2).join(' | ')}`,
    );
  }

  // exactly once: no message has the same receipt status twice; customs and tax hold every document once
  const messageIds = orders.flatMap((o) =>
    DOC_TYPES.map((t) => o.messageIds[t]).filter((id): id is string => !!id),
  );
  const orderIds = orders.map((o) => o.messageIds.CEB311).filter((id): id is string => !!id);
  const checks = await withPg(platform.databaseUrl, async (c) => {
    const dup = await c.query(
      `SELECT message_id::text, document_type, return_status, count(*)::int AS n FROM gateway.receipt
        WHERE message_id = ANY($1::uuid[]) GROUP BY 1, 2, 3 HAVING count(*) > 1`,
      [messageIds],
    );
    // a receipt must answer its own message: same document type as the message it is recorded on
    const misattributed = await c.query(
      `SELECT r.message_id::text, m.document_type AS message_type, r.document_type AS receipt_type, r.return_status
         FROM gateway.receipt r JOIN gateway.message_log m ON m.id = r.message_id
        WHERE r.message_id = ANY($1::uuid[]) AND r.document_type <> m.document_type`,
      [messageIds],
    );
    const customs = await c.query(
      `SELECT count(DISTINCT message_id)::int AS n FROM customs.declared_document WHERE message_id = ANY($1::uuid[])`,
      [orderIds],
    );
    const tax = await c.query(
      `SELECT count(DISTINCT message_id)::int AS n FROM tax.withheld_tax WHERE message_id = ANY($1::uuid[])`,
      [orderIds],
    );
    return {
      duplicates: dup.rows as {
        message_id: string;
        document_type: string;
        return_status: string;
        n: number;
      }[],
      misattributed: misattributed.rows as {
        message_id: string;
        message_type: string;
        receipt_type: string;
        return_status: string;
      }[],
      customs: Number(customs.rows[0].n),
      tax: Number(tax.rows[0].n),
    };
  }).catch((e: unknown) => {
    problems.push(`database check failed: ${(e as Error).message}`);
    return undefined;
  });
  if (checks) {
    lines.push(
      `receipts: ${checks.duplicates.length} duplicated (message, type, status), ${checks.misattributed.length} on another document's message; customs holds ${checks.customs}/${orderIds.length} orders, tax ${checks.tax}/${orderIds.length}`,
    );
    if (checks.duplicates.length) {
      const d = checks.duplicates[0];
      problems.push(
        `${checks.duplicates.length} messages have the same receipt more than once, e.g. ${d.message_id} ${d.document_type} status ${d.return_status} ×${d.n}`,
      );
    }
    if (checks.misattributed.length) {
      const w = checks.misattributed[0];
      problems.push(
        `${checks.misattributed.length} receipts are recorded on another document's message, e.g. a ${w.receipt_type} receipt ${w.return_status} on ${w.message_type} message ${w.message_id}`,
      );
    }
    if (checks.customs < orderIds.length)
      problems.push(`customs lost ${orderIds.length - checks.customs} orders`);
    if (checks.tax < orderIds.length) problems.push(`tax lost ${orderIds.length - checks.tax} orders`);
  }

  if (name === 'malformed' && malformed) {
    const m = await malformed;
    lines.push(`malformed requests: ${m.statuses.toString()}`);
    for (const [kind, counter] of m.byKind) lines.push(`  ${kind}: ${counter.toString()}`);
    const fiveXx = m.statuses.count((k) => /^5\d\d$/.test(k));
    if (fiveXx > 0) problems.push(`${fiveXx} malformed requests answered 5xx`);
    const unexpected = m.statuses.count((k) => /^2\d\d$/.test(k));
    if (unexpected > 0) problems.push(`${unexpected} malformed requests were accepted (2xx)`);
    const validErrors = stats.statuses.errors();
    if (validErrors.length)
      problems.push(`valid traffic saw errors: ${validErrors.map(([k, v]) => `${k}: ${v}`).join(', ')}`);
  } else if (name !== 'postgres-restart' && name !== 'kill-gateway') {
    // the gateway stayed up: valid traffic must not have seen a server error
    const fiveXx = stats.statuses.count((k) => /^5\d\d$/.test(k));
    if (fiveXx > 0) lines.push(`note: ${fiveXx} 5xx answers (retried)`);
  }
  for (const p of problems) lines.push(`problem: ${p}`);
  return { scenario: name, ok: problems.length === 0, lines, problems };
}

// --- main ------------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const args = new Args(process.argv.slice(2), ['strict']);
  const unknown = args.unknown(['until', 'only', 'rate', 'load-seconds', 'drain-seconds', 'strict']);
  const strict = args.flag('strict');
  if (unknown.length) throw new Error(`unknown option(s): ${unknown.join(', ')}`);
  // The awaited receipt: the list's release (800) now that customs clearance is built; `--until arrival` (receipt 2
  // on every document) or `--until order` (receipt 2 on the order) test the earlier stages alone.
  const until = args.choice(
    'until',
    UNTIL_CHOICES,
    (process.env.FAULTS_UNTIL as Until | undefined) ?? 'release',
  );
  const only = args.string('only', SCENARIOS.join(',')).split(',');
  for (const o of only)
    if (!SCENARIOS.includes(o)) throw new Error(`unknown scenario ${o}; known: ${SCENARIOS.join(', ')}`);
  const rate = args.number('rate', 15, { min: 1, max: 1000 });
  const loadSeconds = args.number('load-seconds', 6, { min: 3, max: 600 });
  const drainSeconds = args.number('drain-seconds', 60, { min: 5, max: 600 });
  const databaseUrl =
    process.env.FAULTS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/single_window_faults';
  const basePort = Number(process.env.FAULTS_PORT ?? 5120);
  const runTag = `F${Date.now().toString(36).slice(-5).toUpperCase()}`;
  const t0 = Date.now();

  Platform.checkBuild();
  log(`awaited receipt: ${UNTIL_TEXT[until]}; scenarios: ${only.join(', ')}`);
  const kafka = await startFreshKafka();
  const platform = new Platform(databaseUrl, basePort, `faults-${runTag}`);
  const verdicts: Verdict[] = [];
  const knownFailures: Scenario[] = [];
  let following = true;
  let follower: Promise<void> | undefined;
  try {
    await platform.start();
    const enterprises = defaultEnterprises();
    await platform.registerEnterprises(enterprises);
    log(`platform ready in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
    const tracker = new OutcomeTracker(until);
    const feedErrors = new StatusCounter();
    follower = followReceipts('feed', platform, tracker, () => !following, feedErrors);
    const ctx: Context = {
      platform,
      enterprises,
      tracker,
      until,
      rate,
      loadSeconds,
      drainSeconds,
      runTag,
      nextIndex: 0,
    };
    for (const name of SCENARIOS.filter((s) => only.includes(s))) {
      let verdict: Verdict;
      try {
        verdict = await scenario(name, ctx);
      } catch (e) {
        const problem = `scenario crashed: ${(e as Error).stack ?? String(e)}`;
        verdict = { scenario: name, ok: false, lines: [problem], problems: [problem] };
      }
      verdicts.push(verdict);
      const known = KNOWN_FAILURES[name];
      const isKnown =
        !verdict.ok && !strict && !!known && verdict.problems.every((p) => known.problem.test(p));
      if (isKnown) {
        knownFailures.push(name);
        verdict.ok = true;
        verdict.lines.push(`known bug, not counted (--strict counts it): ${known.bug}`);
      } else if (verdict.ok && known) {
        // a crash that hits no request in flight does not show the bug: a pass alone does not prove the fix
        verdict.lines.push(
          `passed although listed in KNOWN_FAILURES; if it keeps passing, remove the entry (${known.bug})`,
        );
      }
      console.log(`${isKnown ? 'KNOWN FAIL' : verdict.ok ? 'PASS' : 'FAIL'} ${name}`);
      for (const l of verdict.lines) console.log(`     ${l}`);
      // the next scenario starts from a platform that is up
      for (const s of Object.values(platform.services))
        if (!s.running)
          await s
            .start()
            .ready()
            .catch(() => undefined);
    }
    if (tracker.duplicates > 0) {
      console.log(
        `receipt feed: ${tracker.duplicates} duplicate receipts seen, e.g. ${tracker.duplicateExamples.join(', ')}`,
      );
    }
  } finally {
    following = false;
    await follower?.catch(() => undefined);
    await platform.stop().catch(() => undefined);
    if (!kafka.alreadyRunning) await stopKafka().catch((e: unknown) => console.error(String(e)));
  }
  const passed = verdicts.filter((v) => v.ok).length - knownFailures.length;
  const failed = verdicts.length - passed - knownFailures.length;
  log(`finished in ${((Date.now() - t0) / 1000).toFixed(0)}s`);
  if (knownFailures.length) {
    console.log(
      `known failures (platform bugs, not counted; see KNOWN_FAILURES in bench/faults.ts): ${knownFailures.join(', ')}`,
    );
  }
  console.log(`faults: ${passed} passed, ${failed} failed`);
  return failed === 0 && verdicts.length > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    console.log('faults: 0 passed, 1 failed');
    process.exit(1);
  },
);
