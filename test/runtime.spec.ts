import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const ROOT = join(__dirname, '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** The supported Node.js LTS major, as pinned in .nvmrc. */
const LTS = Number(read('.nvmrc').trim());

/** PATH without the project's own runtime, so `node` is the machine's (whatever version it is). */
function machinePath(): string {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !dir.includes(join('.cache', 'node')))
    .join(delimiter);
}

describe('Node.js runtime', () => {
  it('pins one LTS major everywhere: .nvmrc, .node-version, engines, the Docker image', () => {
    expect(LTS).toBeGreaterThanOrEqual(24);
    expect(read('.node-version').trim()).toBe(String(LTS));
    const pkg = JSON.parse(read('package.json')) as {
      engines: { node: string };
      devDependencies: Record<string, string>;
    };
    expect(pkg.engines.node).toBe(`>=${LTS} <${LTS + 1}`);
    expect(pkg.devDependencies['@types/node']).toMatch(new RegExp(`^\\^${LTS}\\.`));
    const images = [...read('Dockerfile').matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image).toMatch(new RegExp(`^node:${LTS}-`));
  });

  it('runs project code on the LTS even when the machine node is another version, passing the exit status', () => {
    const dir = mkdtempSync(join(tmpdir(), 'swx-runtime-'));
    const script = join(dir, 'probe.js');
    writeFileSync(
      script,
      'process.stdout.write(JSON.stringify({ version: process.version, args: process.argv.slice(2) })); process.exitCode = 3;',
    );
    const run = spawnSync('node', [join(ROOT, 'scripts', 'lts.js'), script, 'a', 'b c'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, PATH: machinePath() },
      timeout: 120_000,
    });
    expect(run.status).toBe(3);
    const seen = JSON.parse(run.stdout) as { version: string; args: string[] };
    expect(seen.version).toMatch(new RegExp(`^v${LTS}\\.`));
    expect(seen.args).toEqual(['a', 'b c']);
  });
});
