/**
 * Idle cost of the platform: what each process burns when nothing happens.
 *
 *   npx tsc -p bench/tsconfig.json && npx tsc-alias -p bench/tsconfig.json && \
 *     node .run/bench-build/bench/idle.js [--duration 60] [--settle 20]
 *
 * Starts the platform itself like `npm run bench` (its own Kafka broker via scripts/kafka.js on KAFKA_PORT,
 * default 20100, started from an empty log directory; a fresh database; every service of the bench's Platform
 * from the compiled build in SWX_DIST_DIR, default dist), waits until every service is ready, lets it settle
 * (consumer groups joined, topics created, first sweeps done), then sends no traffic at all and measures the CPU
 * time of each process from /proc over the window: % of one core per process. The services run with their own
 * defaults (the load bench's short outbox poll interval is not applied here). A broker just started is still
 * warming up (JIT, first checkpoints): its figure is higher than a long-running one's, give it a longer --settle.
 * Other work on the machine does not count in the per-process figures, but it slows everything a little: the load
 * average and the busiest other processes of the window are printed beside them.
 *
 * Environment: SWX_DIST_DIR, KAFKA_PORT (and KAFKA_CONTROLLER_PORT for scripts/kafka.js),
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/single_window_idle), BENCH_PORT (default 5400).
 */
import { readdirSync, readFileSync } from 'node:fs';

import { Args } from './lib/args';
import { DIST_DIR, KAFKA_PORT, startFreshKafka, stopKafka } from './lib/platform';
import { machine, ProcessMonitor, sampleProcess } from './lib/procstats';
import { Platform } from './lib/run';
import { fmt, sleep, table } from './lib/stats';

const USAGE = `node .run/bench-build/bench/idle.js [--duration S] [--settle S]
  --duration S   seconds measured with no traffic (default 60)
  --settle S     seconds between "all ready" and the start of the measurement (default 20)
Environment: SWX_DIST_DIR (build, default dist), KAFKA_PORT (default 20100),
  BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/single_window_idle), BENCH_PORT (default 5400)`;

/** Target from issue 10: an idle service uses under 1 % of a core. */
const TARGET_PERCENT = 1;

/** CPU ticks of every process on the machine, to name the busiest others after the window. */
function allProcessTicks(): Map<number, { ticks: number; name: string }> {
  const out = new Map<number, { ticks: number; name: string }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const sample = sampleProcess(pid);
    if (!sample) continue;
    let name = '?';
    try {
      name = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim().slice(0, 90) || name;
    } catch {
      // gone meanwhile
    }
    out.set(pid, { ticks: sample.ticks, name });
  }
  return out;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  const args = new Args(argv, []);
  const unknown = args.unknown(['duration', 'settle']);
  if (unknown.length) throw new Error(`unknown option(s): ${unknown.join(', ')}\n${USAGE}`);
  const durationS = args.number('duration', 60, { min: 5, max: 3600 });
  const settleS = args.number('settle', 20, { min: 0, max: 600 });
  const databaseUrl =
    process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/single_window_idle';
  const basePort = Number(process.env.BENCH_PORT ?? 5400);

  const runTag = Date.now().toString(36).slice(-6).toUpperCase();
  const before = machine();
  console.log(`idle bench ${runTag}: settle ${settleS}s, measure ${durationS}s with no traffic`);
  console.log(`machine: ${before.cpus} CPUs (${before.cpuModel}), load average ${before.loadavg} at start`);
  console.log(
    `build ${DIST_DIR}, Kafka 127.0.0.1:${KAFKA_PORT}, database ${databaseUrl}, ports ${basePort}..`,
  );

  Platform.checkBuild();
  const kafka = await startFreshKafka();
  // The services' own defaults: the load bench's OUTBOX_POLL_INTERVAL_MS=50 would make an older build poll 4×
  // as often as it does in production (200 ms was its default); a build without that variable ignores it.
  const platform = new Platform(databaseUrl, basePort, `idle-${runTag}`, undefined, {
    OUTBOX_POLL_INTERVAL_MS: '200',
  });
  try {
    const t0 = Date.now();
    await platform.start();
    console.log(`platform ready in ${fmt((Date.now() - t0) / 1000, 1)}s; settling ${settleS}s ...`);
    await sleep(settleS * 1000);

    const monitor = new ProcessMonitor(platform.processGroups({ 'bench (this process)': [process.pid] }));
    const othersBefore = allProcessTicks();
    const startLoad = machine().loadavg;
    monitor.start();
    await sleep(durationS * 1000);
    const usage = monitor.stop();
    const othersAfter = allProcessTicks();
    const endLoad = machine().loadavg;

    const notReady: string[] = [];
    for (const [name, service] of Object.entries(platform.services)) {
      if ((await service.readiness()) !== 200) notReady.push(name);
    }

    console.log(`\nCPU over ${durationS}s of no traffic (% of one core, from /proc/<pid>/stat):`);
    console.log(
      table(
        ['process', '% of a core', 'CPU s', 'RSS MB', 'target'],
        usage.map((u) => [
          u.name,
          fmt(u.cpuPercent, 2),
          fmt(u.cpuSeconds, 2),
          fmt(u.lastRssMb, 0),
          Object.keys(platform.services).includes(u.name)
            ? u.cpuPercent < TARGET_PERCENT
              ? `< ${TARGET_PERCENT} %: ok`
              : `< ${TARGET_PERCENT} %: MISSED`
            : '',
        ]),
      ),
    );
    console.log('  (postgres: every postgres process of the shared server, other users included)');
    console.log(`load average: ${startLoad} at the start of the window, ${endLoad} at its end`);

    const ours = new Set<number>(Object.values(platform.processGroups()()).flat());
    ours.add(process.pid);
    const busiest = [...othersAfter]
      .filter(([pid]) => !ours.has(pid))
      .map(([pid, p]) => ({ pid, name: p.name, ticks: p.ticks - (othersBefore.get(pid)?.ticks ?? p.ticks) }))
      .filter((p) => p.ticks > 0)
      .sort((a, b) => b.ticks - a.ticks)
      .slice(0, 6);
    console.log('busiest other processes in the window (not part of the platform):');
    console.log(
      table(
        ['pid', '% of a core', 'command'],
        busiest.map((p) => [String(p.pid), fmt(p.ticks / durationS, 1), p.name]),
      ),
    );
    if (notReady.length) console.log(`NOT READY at the end: ${notReady.join(', ')}`);
    return notReady.length ? 1 : 0;
  } finally {
    await platform.stop().catch(() => undefined);
    if (!kafka.alreadyRunning) await stopKafka().catch((e: unknown) => console.error(String(e)));
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
