import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { REPO_ROOT } from './platform';

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  idleMs: number;
  top: { name: string; selfMs: number; percent: number }[];
  byPackage: { name: string; selfMs: number; percent: number }[];
}

/** Where a function lives: an npm package, node internals, or a repository file. */
function packageOf(url: string): string {
  if (!url) return '(native/V8)';
  if (url.startsWith('node:')) return 'node:internals';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  const path = url.replace(/^file:\/\//, '');
  const ours = /\/(apps\/[^/]+|libs\/[^/]+)\//.exec(path);
  return ours ? ours[1] : relative(REPO_ROOT, path) || url;
}

/** Self time per function (and per package) of a V8 `.cpuprofile` written by `node --cpu-prof`. */
export function summariseProfile(file: string, topN = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const perFunction = new Map<string, number>();
  const perPackage = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    total += us;
    if (functionName === '(idle)') idle += us;
    const where = url
      ? `${url.replace(/^file:\/\//, '').replace(`${REPO_ROOT}/`, '')}:${lineNumber + 1}`
      : '';
    const name = `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
    perFunction.set(name, (perFunction.get(name) ?? 0) + us);
    const pkg =
      functionName === '(idle)' ? '(idle)' : functionName === '(garbage collector)' ? '(gc)' : packageOf(url);
    perPackage.set(pkg, (perPackage.get(pkg) ?? 0) + us);
  }
  const busy = Math.max(1, total - idle);
  const rank = (m: Map<string, number>) =>
    [...m.entries()]
      .filter(([name]) => !name.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, topN)
      .map(([name, us]) => ({ name, selfMs: us / 1000, percent: (us / busy) * 100 }));
  return {
    file,
    totalMs: total / 1000,
    idleMs: idle / 1000,
    top: rank(perFunction),
    byPackage: rank(perPackage),
  };
}

/** Every profile in `dir`, grouped by service (file names start with the service name). */
export function summariseProfiles(dir: string): Map<string, ProfileSummary[]> {
  const out = new Map<string, ProfileSummary[]>();
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  } catch {
    return out;
  }
  for (const f of files.sort()) {
    const service = f.split('-')[0];
    const list = out.get(service) ?? [];
    list.push(summariseProfile(join(dir, f)));
    out.set(service, list);
  }
  return out;
}
