/**
 * `npm run bench [-- --duration 300 --rate 1000 --until release|arrival|order --profile]`
 *
 * Starts the platform itself (its own Kafka broker via scripts/kafka.js on KAFKA_PORT, default 20100; a fresh
 * database; the three services from the compiled build in SWX_DIST_DIR, default dist), registers enterprises,
 * pushes consistent order/payment/waybill/list sets through the gateway's REST API (single JSON documents, JSON
 * arrays and CEB XML messages) at a fixed rate, and follows every order to its awaited receipt. Then runs the
 * baselines (raw kafkajs, raw pg inserts, a bare Fastify endpoint) on the same amount of work and prints
 * everything side by side.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { kafkaBaseline, postgresBaseline, httpBaseline, type BaselineFigure } from './lib/baselines';
import { Args } from './lib/args';
import { HttpClient, StatusCounter } from './lib/http';
import {
  type LoadOptions,
  type LoadResult,
  type Mode,
  type ReceiptSeen,
  type Until,
  OutcomeTracker,
  runLoad,
  submitUnit,
  SubmitStats,
  UNTIL_CHOICES,
  UNTIL_TEXT,
} from './lib/load';
import type { OrderSet } from './lib/documents';
import { DIST_DIR, KAFKA_PORT, REPO_ROOT, startFreshKafka, stopKafka } from './lib/platform';
import { type GroupUsage, machine, ProcessMonitor } from './lib/procstats';
import { summariseProfiles } from './lib/profile';
import { type RiskLag, riskLagSince } from './lib/risk-lag';
import { defaultEnterprises, followReceipts, Platform } from './lib/run';
import { fmt, ms, percentile, sleep, table } from './lib/stats';

const USAGE = `npm run bench -- [options]
  --duration S        seconds of load (default 20)
  --rate N            orders per second offered (default 100; each order = 4 documents)
  --until WHAT        release (default: receipt 800 on the list) | arrival (receipt 2 on every document)
                      | order (receipt 2 on the order)
  --wait S            seconds to wait for outstanding outcomes after the load (default 30)
  --warmup S          before measuring, offer the (first) rate for S seconds, not measured (default 60): the
                      broker's JVM and the services' V8 compile their hot code in the first minutes, at up to
                      a core's worth of CPU; 0 measures a cold platform
  --mix a=x,b=y       share of orders per submission mode, percent (default single=50,array=35,xml=15)
  --array-batch N     orders per JSON-array request (default 10, max 100)
  --xml-batch N       orders per CEB XML message (default 5)
  --max-in-flight N   concurrent submission units (default 256)
  --source feed|db    follow receipts through GET /v1/receipts (default) or gateway.receipt directly
  --profile           run the services with --cpu-prof (bench/profiles/) and print their top functions
  --no-baselines      skip the Kafka, PostgreSQL and bare-HTTP baselines
  --find-max          step the offered rate up from --rate (default 5) by --step-factor (default 1.5), each
                      step --duration seconds (default 30), until release p99 exceeds 1 s or orders are not
                      cleared; report the highest rate held and the CPU ms per cleared order of each process
  --max-steps N       with --find-max: at most N steps (default 12)
Environment: SWX_DIST_DIR (build, default dist), KAFKA_PORT (default 20100),
  BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/single_window_bench), BENCH_PORT (default 5100)`;

function parseMix(raw: string): Record<Mode, number> {
  const mix: Record<Mode, number> = { single: 0, array: 0, xml: 0 };
  for (const part of raw.split(',')) {
    const [k, v] = part.split('=');
    if (!(k in mix) || !Number.isFinite(Number(v)) || Number(v) < 0)
      throw new Error(`bad --mix entry "${part}"`);
    mix[k as Mode] = Number(v);
  }
  if (mix.single + mix.array + mix.xml <= 0) throw new Error('--mix needs a positive share');
  return mix;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  const args = new Args(argv, ['profile', 'no-baselines', 'find-max']);
  const known = [
    'duration',
    'rate',
    'until',
    'wait',
    'mix',
    'array-batch',
    'xml-batch',
    'max-in-flight',
    'source',
    'profile',
    'no-baselines',
    'find-max',
    'step-factor',
    'max-steps',
    'warmup',
  ];
  const unknown = args.unknown(known);
  if (unknown.length) throw new Error(`unknown option(s): ${unknown.join(', ')}\n${USAGE}`);
  const findMax = args.flag('find-max');
  const durationS = args.number('duration', findMax ? 30 : 20, { min: 1, max: 3600 });
  const rate = args.number('rate', findMax ? 5 : 100, { min: 1, max: 100_000 });
  const stepFactor = args.number('step-factor', 1.5, { min: 1.05, max: 10 });
  const maxSteps = args.number('max-steps', 12, { min: 1, max: 100 });
  const until = args.choice('until', UNTIL_CHOICES, 'release');
  const waitS = args.number('wait', 30, { min: 1, max: 3600 });
  const warmupS = args.number('warmup', 60, { min: 0, max: 3600 });
  const mix = parseMix(args.string('mix', 'single=50,array=35,xml=15'));
  const arrayBatch = args.number('array-batch', 10, { min: 1, max: 100 });
  const xmlBatch = args.number('xml-batch', 5, { min: 1, max: 100 });
  const maxInFlight = args.number('max-in-flight', 256, { min: 1, max: 10_000 });
  const source = args.choice('source', ['feed', 'db'] as const, 'feed');
  const profile = args.flag('profile');
  const baselines = !args.flag('no-baselines');
  const databaseUrl =
    process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/single_window_bench';
  const basePort = Number(process.env.BENCH_PORT ?? 5100);

  const runTag = Date.now().toString(36).slice(-6).toUpperCase();
  const startedIso = new Date().toISOString();
  const profileDir = profile ? join(REPO_ROOT, 'bench', 'profiles', runTag) : undefined;
  const m = machine();
  console.log(`bench ${runTag}: ${durationS}s at ${rate} orders/s, until ${UNTIL_TEXT[until]}`);
  console.log(
    `machine: ${m.cpus} CPUs (${m.cpuModel}), ${fmt(m.memTotalGb, 1)} GB RAM, load average ${m.loadavg}`,
  );
  // Every process of the run (services, baselines) is spawned with this same binary.
  console.log(`node: ${process.version} (${process.execPath})`);
  console.log(
    `build ${DIST_DIR}, Kafka 127.0.0.1:${KAFKA_PORT}, database ${databaseUrl}, ports ${basePort}..${basePort + 2}`,
  );

  Platform.checkBuild();
  const kafka = await startFreshKafka();
  const platform = new Platform(databaseUrl, basePort, `bench-${runTag}`, profileDir);
  const enterprises = defaultEnterprises();
  const loadOptions: LoadOptions = {
    rate,
    durationS,
    maxOrders: Math.ceil(rate * durationS),
    mix,
    arrayBatch,
    xmlBatch,
    maxInFlight,
    runTag,
  };
  try {
    const t0 = Date.now();
    await platform.start();
    await platform.registerEnterprises(enterprises);
    console.log(
      `platform up in ${((Date.now() - t0) / 1000).toFixed(1)}s; ${Object.values(enterprises).flat().length} enterprises registered`,
    );

    const client = new HttpClient(Math.min(512, maxInFlight));
    // warm-up (not measured): a few units of every mode
    const warm = new SubmitStats();
    await runLoad(
      {
        ...loadOptions,
        rate: 0,
        maxOrders: 60,
        maxInFlight: 8,
        runTag: `W${runTag.slice(1)}`,
        durationS: 30,
      },
      enterprises,
      (unit) =>
        submitUnit(
          client,
          unit,
          undefined,
          { baseUrl: platform.gateway.url(), retryForMs: 5000, useIdempotencyKeys: true },
          warm,
        ),
    );
    await sleep(2000);

    // One receipt follower for the whole run; every load step gets its own tracker.
    const router = new TrackerRouter(until);
    const feedErrors = new StatusCounter();
    let following = true;
    const follower = followReceipts(source, platform, router, () => !following, feedErrors);
    const groups = platform.processGroups({ 'load generator (this process)': [process.pid] });
    let sample: OrderSet | undefined; // one complete set for the baselines (the tracked ones are emptied once sent)
    let nextIndex = 0;

    /** Offers `stepRate` orders/s for `durationS` and follows every order to its awaited outcome. */
    const runStep = async (stepRate: number, stepS = durationS): Promise<Step> => {
      const tracker = new OutcomeTracker(until);
      router.steps.push(tracker);
      const stats = new SubmitStats();
      const monitor = new ProcessMonitor(groups);
      monitor.start();
      const stepOptions: LoadOptions = {
        ...loadOptions,
        rate: stepRate,
        durationS: stepS,
        maxOrders: Math.ceil(stepRate * stepS),
        firstIndex: nextIndex,
      };
      nextIndex += stepOptions.maxOrders + 1;
      const load = await runLoad(
        stepOptions,
        enterprises,
        (unit) =>
          submitUnit(
            client,
            unit,
            tracker,
            { baseUrl: platform.gateway.url(), retryForMs: 30_000, useIdempotencyKeys: true },
            stats,
          ),
        (set) => {
          sample ??= structuredClone(set);
          tracker.add(set);
        },
      );
      const loadS = (load.endedAt - load.startedAt) / 1000;
      console.log(
        `load sent: ${load.orders} orders in ${load.units} requests groups, ${stats.documents} documents accepted in ${fmt(loadS, 1)}s; waiting up to ${waitS}s for outcomes ...`,
      );
      const waitUntil = Date.now() + waitS * 1000;
      let lastProgress = Date.now();
      while (tracker.outstanding > 0 && Date.now() < waitUntil) {
        await sleep(250);
        if (Date.now() - lastProgress > 5000) {
          lastProgress = Date.now();
          console.log(`  ${tracker.completed}/${tracker.total} orders at the awaited receipt`);
        }
      }
      const usage = monitor.stop();
      router.steps.splice(router.steps.indexOf(tracker), 1);
      // Risk evaluates the same documents beside the pipeline and never holds a release: its lag is its own figure.
      const riskLag = await riskLagSince(databaseUrl, new Date(load.startedAt)).catch(() => undefined);

      const windowS = Math.max(0.001, ((tracker.lastDoneAt || Date.now()) - load.startedAt) / 1000);
      const cleared = tracker.completed;
      const observed = tracker.latencies('observed');
      const recorded = tracker.latencies('recorded');
      const figures = {
        offeredRate: stepRate,
        ordersSent: load.orders,
        ordersFullyAccepted: tracker.submitted,
        ordersFailedAtIntake: tracker.failed,
        cleared,
        clearedPerSecond: cleared / windowS,
        documentsAccepted: stats.documents,
        intakeDocsPerSecond: stats.documents / loadS,
        lateUnits: load.lateUnits,
        latencyObserved: {
          p50: percentile(observed, 50),
          p95: percentile(observed, 95),
          p99: percentile(observed, 99),
          max: percentile(observed, 100),
        },
        latencyRecorded: {
          p50: percentile(recorded, 50),
          p95: percentile(recorded, 95),
          p99: percentile(recorded, 99),
        },
        http: Object.fromEntries(stats.statuses.counts),
        requestLatency: {
          p50: percentile(stats.requestLatencies, 50),
          p99: percentile(stats.requestLatencies, 99),
        },
        duplicates: tracker.duplicates,
        riskLag,
        // CPU per cleared order, per process: what the order cost each part of the platform.
        cpuMsPerClearedOrder: Object.fromEntries(
          usage.map((u) => [u.name, cleared > 0 ? (u.cpuSeconds * 1000) / cleared : null]),
        ),
      };
      const held =
        cleared === tracker.total &&
        load.orders >= Math.floor(stepRate * stepS * 0.98) &&
        figures.latencyObserved.p99 <= 1000;
      return { rate: stepRate, figures, usage, stats, load, loadS, windowS, tracker, held };
    };

    if (warmupS > 0) {
      console.log(`\n--- warm-up (not measured): ${fmt(rate, 1)} orders/s for ${warmupS}s ---`);
      const w = await runStep(rate, warmupS);
      const platformS = platformCpuSeconds(w.usage);
      const cleared = w.tracker.completed;
      console.log(
        `warm-up: ${cleared} of ${w.load.orders} orders cleared, release p99 ${ms(w.figures.latencyObserved.p99)}, ` +
          `${cleared > 0 ? fmt((platformS * 1000) / cleared, 1) : '-'} ms of platform CPU per cleared order ` +
          `(${w.usage.map((u) => `${u.name.split(' ')[0]} ${fmt(u.cpuSeconds, 1)} s`).join(', ')})`,
      );
    }

    const steps: Step[] = [];
    if (findMax) {
      let stepRate = rate;
      for (let i = 0; i < maxSteps; i++) {
        console.log(`\n--- find-max step ${i + 1}: ${fmt(stepRate, 1)} orders/s for ${durationS}s ---`);
        const step = await runStep(stepRate);
        steps.push(step);
        printStep(step, source, until, durationS, maxInFlight, waitS, feedErrors);
        if (!step.held) break;
        stepRate = Math.round(stepRate * stepFactor * 10) / 10;
      }
    } else {
      const step = await runStep(rate);
      steps.push(step);
      printStep(step, source, until, durationS, maxInFlight, waitS, feedErrors);
    }
    following = false;
    await follower;
    client.close();

    if (findMax) {
      const held = steps.filter((st) => st.held);
      const best = held.at(-1);
      console.log('\n=== find-max (release p99 ≤ 1 s, every order cleared, the offered rate sent) ===');
      console.log(
        table(
          ['offered/s', 'sent', 'cleared/s', 'intake docs/s', 'p50', 'p99', 'held'],
          steps.map((st) => [
            fmt(st.rate, 1),
            String(st.load.orders),
            fmt(st.figures.clearedPerSecond, 1),
            fmt(st.figures.intakeDocsPerSecond, 0),
            ms(st.figures.latencyObserved.p50),
            ms(st.figures.latencyObserved.p99),
            st.held ? 'yes' : 'no',
          ]),
        ),
      );
      console.log(
        best
          ? `highest rate held: ${fmt(best.rate, 1)} orders/s (${fmt(best.figures.clearedPerSecond, 1)} cleared/s, release p99 ${ms(best.figures.latencyObserved.p99)})`
          : `no rate held: even ${fmt(rate, 1)} orders/s missed the bar`,
      );
    }
    const last = steps.at(-1) as Step;
    const measured = findMax ? (steps.filter((st) => st.held).at(-1) ?? last) : last;
    const { figures, usage, stats, load, windowS } = measured;
    const cleared = measured.figures.cleared;
    await platform.stop();

    let profiles: ReturnType<typeof summariseProfiles> | undefined;
    if (profileDir) {
      profiles = summariseProfiles(profileDir);
      console.log(`\n=== CPU profiles (${profileDir}) ===`);
      for (const [service, list] of profiles) {
        for (const p of list) {
          console.log(
            `\n${service}: ${fmt(p.totalMs / 1000, 1)}s sampled, ${fmt(((p.totalMs - p.idleMs) / Math.max(1, p.totalMs)) * 100, 0)}% busy`,
          );
          console.log(
            table(
              ['self %', 'self ms', 'package'],
              p.byPackage.slice(0, 8).map((f) => [fmt(f.percent, 1), fmt(f.selfMs, 0), f.name]),
            ),
          );
          console.log(
            table(
              ['self %', 'self ms', 'function'],
              p.top.slice(0, 12).map((f) => [fmt(f.percent, 1), fmt(f.selfMs, 0), f.name.slice(0, 140)]),
            ),
          );
        }
      }
    }

    const base: BaselineFigure[] = [];
    let httpBase: Awaited<ReturnType<typeof httpBaseline>> | undefined;
    if (baselines) {
      console.log('\n=== baselines (same amount of work, platform stopped) ===');
      const docs = Math.max(stats.documents, 4);
      if (sample) {
        base.push(...(await kafkaBaseline(docs, sample)));
        base.push(...(await postgresBaseline(databaseUrl, docs, sample)));
      }
      httpBase = await httpBaseline(
        basePort + 10,
        {
          ...loadOptions,
          maxOrders: load.orders,
          maxInFlight: 64,
          runTag: `H${runTag.slice(1)}`,
          durationS: 300,
        },
        enterprises,
      );
      base.push(httpBase.figure);
      const platformDocs = (cleared * 4) / windowS;
      const rows = [
        ['platform: cleared orders × 4 documents', fmt(platformDocs, 0), 'documents/s', '1.0'],
        [
          'platform: intake (HTTP 202s)',
          fmt(figures.intakeDocsPerSecond, 0),
          'documents/s',
          fmt(figures.intakeDocsPerSecond / Math.max(platformDocs, 0.001), 2),
        ],
        ...base.map((b) => [
          b.name,
          fmt(b.perSecond, 0),
          `${b.note}/s`,
          fmt(b.perSecond / Math.max(platformDocs, 0.001), 1),
        ]),
      ];
      console.log(table(['what', 'per second', 'unit', '× platform'], rows));
      if (httpBase)
        console.log(
          `bare endpoint request latency p50 ${ms(httpBase.p50)}, p99 ${ms(httpBase.p99)}, its CPU ${fmt(httpBase.cpuPercent, 0)}% of a core`,
        );
      console.log(
        '(the platform was offered a fixed rate; the baselines run flat out: a ratio near 1 at the platform row means it kept up with the offered rate)',
      );
    }

    const resultDir = join(REPO_ROOT, '.run', 'bench-results');
    mkdirSync(resultDir, { recursive: true });
    const resultFile = join(resultDir, `${runTag}.json`);
    writeFileSync(
      resultFile,
      JSON.stringify(
        {
          runTag,
          startedIso,
          machine: m,
          node: process.version,
          options: {
            durationS,
            rate,
            until,
            waitS,
            mix,
            arrayBatch,
            xmlBatch,
            maxInFlight,
            source,
            profile,
            findMax,
            stepFactor,
            maxSteps,
          },
          figures,
          steps: steps.map((st) => ({ rate: st.rate, held: st.held, figures: st.figures, usage: st.usage })),
          usage,
          baselines: base,
          httpBaseline: httpBase,
          profiles: profiles ? Object.fromEntries(profiles) : undefined,
        },
        null,
        2,
      ),
    );
    console.log(`\nresults: ${resultFile}`);
  } finally {
    await platform.stop().catch(() => undefined);
    if (!kafka.alreadyRunning) await stopKafka().catch((e: unknown) => console.error(String(e)));
  }
  return 0;
}

interface Step {
  rate: number;
  figures: {
    clearedPerSecond: number;
    intakeDocsPerSecond: number;
    cleared: number;
    latencyObserved: { p50: number; p95: number; p99: number; max: number };
    latencyRecorded: { p50: number; p95: number; p99: number };
    requestLatency: { p50: number; p99: number };
    cpuMsPerClearedOrder: Record<string, number | null>;
    riskLag?: RiskLag;
  } & Record<string, unknown>;
  usage: GroupUsage[];
  stats: SubmitStats;
  load: LoadResult;
  loadS: number;
  windowS: number;
  tracker: OutcomeTracker;
  /** Every order cleared, the offered rate really sent, release p99 within 1 s. */
  held: boolean;
}

/** Hands every receipt the follower reads to the trackers of the steps still waiting for outcomes. */
class TrackerRouter extends OutcomeTracker {
  readonly steps: OutcomeTracker[] = [];

  override receipt(r: ReceiptSeen, now = Date.now()): void {
    for (const t of this.steps) t.receipt(r, now);
  }
}

function printStep(
  step: Step,
  source: 'feed' | 'db',
  until: Until,
  durationS: number,
  maxInFlight: number,
  waitS: number,
  feedErrors: StatusCounter,
): void {
  const { figures, tracker, stats, load, usage, windowS, rate } = step;
  const cleared = figures.cleared;
  console.log('\n=== platform ===');
  console.log(
    `awaited outcome: ${UNTIL_TEXT[until]} (receipts from ${source === 'feed' ? 'GET /v1/receipts' : 'gateway.receipt'})`,
  );
  console.log(
    `orders sent ${load.orders} of ${Math.ceil(rate * durationS)} scheduled (${rate}/s for ${durationS}s; fewer when the gateway answers too slowly for --max-in-flight ${maxInFlight}), all 4 documents accepted: ${tracker.submitted}, failed at intake: ${tracker.failed}`,
  );
  console.log(
    `cleared (awaited receipt): ${cleared} of ${tracker.total} → ${fmt(figures.clearedPerSecond, 1)} orders/s over ${fmt(windowS, 1)}s`,
  );
  if (cleared < tracker.total) {
    const missing = tracker.total - cleared;
    console.log(
      `NOT REACHED: ${missing} orders got no ${UNTIL_TEXT[until]} within ${waitS}s after the load` +
        (cleared === 0 && until === 'release' ? ' — no release receipt (800) arrived at all' : ''),
    );
    console.log(`  receipts seen by document type and status: ${tracker.statusSummary()}`);
    const refused = tracker.refused;
    if (refused.length) console.log(`  refused: ${refused.length}, e.g. ${refused[0].refused}`);
    const failed = [...tracker.orders.values()].find((o) => o.failed);
    if (failed) console.log(`  e.g. intake failure: ${failed.failed}`);
  }
  console.log(
    `intake: ${stats.documents} documents in ${stats.requests} requests, ${fmt(figures.intakeDocsPerSecond, 0)} documents/s; request latency p50 ${ms(figures.requestLatency.p50)}, p99 ${ms(figures.requestLatency.p99)}; retries ${stats.retries}; units launched >1 s late: ${load.lateUnits}`,
  );
  console.log(`HTTP answers by status: ${stats.statuses.toString()}`);
  console.log(
    `HTTP errors (non-2xx): ${
      stats.statuses
        .errors()
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ') || 'none'
    }`,
  );
  if (feedErrors.counts.size) console.log(`receipt follower errors: ${feedErrors.toString()}`);
  console.log(
    `latency, last document accepted → awaited receipt seen by the client: p50 ${ms(figures.latencyObserved.p50)}, p95 ${ms(figures.latencyObserved.p95)}, p99 ${ms(figures.latencyObserved.p99)}, max ${ms(figures.latencyObserved.max)}`,
  );
  console.log(
    `latency, last document accepted → awaited receipt recorded at the gateway: p50 ${ms(figures.latencyRecorded.p50)}, p95 ${ms(figures.latencyRecorded.p95)}, p99 ${ms(figures.latencyRecorded.p99)}`,
  );
  if (figures.riskLag) {
    const r = figures.riskLag;
    console.log(
      `risk lag, order published by the gateway → evaluated by risk: p50 ${ms(r.p50 ?? NaN)}, p95 ${ms(r.p95 ?? NaN)}, p99 ${ms(r.p99 ?? NaN)}, max ${ms(r.max ?? NaN)} (${r.consumed} of ${r.orders} orders consumed)`,
    );
  }
  console.log(
    `duplicate receipts (same message and status twice): ${tracker.duplicates}${tracker.duplicateExamples.length ? ` e.g. ${tracker.duplicateExamples.join(', ')}` : ''}`,
  );
  console.log('\nprocesses (CPU: average % of one core over the load and wait; memory: peak resident):');
  console.log(
    table(
      ['process', 'CPU %', 'CPU s', 'CPU ms / cleared order', 'peak RSS MB', 'pids'],
      usage.map((u) => [
        u.name,
        fmt(u.cpuPercent, 0),
        fmt(u.cpuSeconds, 1),
        cleared > 0 ? fmt((u.cpuSeconds * 1000) / cleared, 1) : '-',
        fmt(u.peakRssMb, 0),
        String(u.processes),
      ]),
    ),
  );
  const total = platformCpuSeconds(usage);
  if (cleared > 0)
    console.log(
      `  platform CPU per cleared order (all processes but the load generator): ${fmt((total * 1000) / cleared, 1)} ms`,
    );
  console.log(
    "  (postgres: every postgres process of the shared server, other developers' backends included)",
  );
}

/** CPU seconds of the platform: every monitored process but the load generator. */
function platformCpuSeconds(usage: readonly GroupUsage[]): number {
  return usage.filter((u) => !u.name.startsWith('load generator')).reduce((a, u) => a + u.cpuSeconds, 0);
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  },
);
