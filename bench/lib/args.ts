/** Minimal `--name value` / `--flag` parser for the bench scripts (no dependency). */
export class Args {
  private readonly values = new Map<string, string>();
  private readonly flags = new Set<string>();

  constructor(argv: string[], booleanFlags: string[]) {
    for (let i = 0; i < argv.length; i++) {
      const arg = argv[i];
      if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"`);
      const [name, inline] = arg.slice(2).split('=', 2);
      if (booleanFlags.includes(name)) {
        this.flags.add(name);
      } else if (inline !== undefined) {
        this.values.set(name, inline);
      } else {
        const next = argv[i + 1];
        if (next === undefined || next.startsWith('--')) throw new Error(`--${name} needs a value`);
        this.values.set(name, next);
        i++;
      }
    }
  }

  flag(name: string): boolean {
    return this.flags.has(name);
  }

  number(name: string, def: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number {
    const raw = this.values.get(name);
    if (raw === undefined) return def;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max)
      throw new Error(`--${name} must be a number in ${min}..${max}`);
    return n;
  }

  choice<T extends string>(name: string, choices: readonly T[], def: T): T {
    const raw = this.values.get(name) ?? def;
    if (!(choices as readonly string[]).includes(raw)) {
      throw new Error(`--${name} must be one of ${choices.join(', ')}`);
    }
    return raw as T;
  }

  string(name: string, def: string): string {
    return this.values.get(name) ?? def;
  }

  unknown(known: string[]): string[] {
    return [...this.values.keys(), ...this.flags].filter((k) => !known.includes(k));
  }
}
