import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on Linux). */
const CLK_TCK = 100;

export interface ProcSample {
  /** utime + stime, in ticks. */
  ticks: number;
  rssKb: number;
}

/** CPU ticks and resident memory of one process from /proc, undefined when it is gone. */
export function sampleProcess(pid: number): ProcSample | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(rest[11]) + Number(rest[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return { ticks, rssKb: rss ? Number(rss[1]) : 0 };
  } catch {
    return undefined;
  }
}

/** Every process whose command name is `postgres` (the server and all its backends and workers). */
export function postgresPids(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/comm`, 'utf8').trim() === 'postgres') pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

interface Tracked {
  first: number;
  last: number;
}

interface GroupState {
  pids: Map<number, Tracked>;
  peakRssKb: number;
  lastRssKb: number;
}

export interface GroupUsage {
  name: string;
  /** Average CPU over the window, in % of one core. */
  cpuPercent: number;
  cpuSeconds: number;
  peakRssMb: number;
  lastRssMb: number;
  processes: number;
}

/**
 * Samples named groups of processes once a second: CPU time used within the window (per pid, from the first
 * to the last sample, so processes that come and go count for the time they were seen) and the peak of the
 * group's summed resident memory.
 */
export class ProcessMonitor {
  private readonly groups = new Map<string, GroupState>();
  private timer?: NodeJS.Timeout;
  private startedAt = 0;
  private stoppedAt = 0;

  constructor(private readonly resolveGroups: () => Record<string, number[]>) {}

  start(intervalMs = 1000): void {
    this.startedAt = Date.now();
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  stop(): GroupUsage[] {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    this.stoppedAt = Date.now();
    const seconds = Math.max(0.001, (this.stoppedAt - this.startedAt) / 1000);
    return [...this.groups.entries()].map(([name, g]) => {
      let ticks = 0;
      for (const t of g.pids.values()) ticks += t.last - t.first;
      const cpuSeconds = ticks / CLK_TCK;
      return {
        name,
        cpuPercent: (cpuSeconds / seconds) * 100,
        cpuSeconds,
        peakRssMb: g.peakRssKb / 1024,
        lastRssMb: g.lastRssKb / 1024,
        processes: g.pids.size,
      };
    });
  }

  private sample(): void {
    for (const [name, pids] of Object.entries(this.resolveGroups())) {
      let group = this.groups.get(name);
      if (!group) {
        group = { pids: new Map(), peakRssKb: 0, lastRssKb: 0 };
        this.groups.set(name, group);
      }
      let rss = 0;
      for (const pid of pids) {
        const s = sampleProcess(pid);
        if (!s) continue;
        rss += s.rssKb;
        const tracked = group.pids.get(pid);
        if (tracked) tracked.last = s.ticks;
        else group.pids.set(pid, { first: s.ticks, last: s.ticks });
      }
      group.lastRssKb = rss;
      group.peakRssKb = Math.max(group.peakRssKb, rss);
    }
  }
}

/** Machine description for the report: nproc, memory, CPU model, load average. */
export function machine(): {
  cpus: number;
  cpuModel: string;
  memTotalGb: number;
  memAvailableGb: number;
  loadavg: string;
} {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? 'unknown';
  const cpus = (cpuinfo.match(/^processor\s*:/gm) ?? []).length;
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(meminfo)?.[1] ?? 0);
  return {
    cpus,
    cpuModel: model,
    memTotalGb: kb('MemTotal') / 1048576,
    memAvailableGb: kb('MemAvailable') / 1048576,
    loadavg: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
  };
}
