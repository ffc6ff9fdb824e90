import { Agent, request } from 'node:http';

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A keep-alive HTTP/1.1 client to 127.0.0.1 (cheaper per request than fetch at high rates). */
export class HttpClient {
  private readonly agent: Agent;

  constructor(maxSockets = 128) {
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  request(
    url: string,
    {
      method = 'GET',
      headers = {},
      body,
      timeoutMs = 30_000,
    }: {
      method?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
      timeoutMs?: number;
    } = {},
  ): Promise<HttpResponse> {
    const target = new URL(url);
    if (target.hostname !== '127.0.0.1')
      throw new Error(`the bench only talks to 127.0.0.1, not ${target.hostname}`);
    return new Promise((resolveRes, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: target.port,
          path: `${target.pathname}${target.search}`,
          method,
          agent: this.agent,
          headers:
            body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolveRes({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () =>
        req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })),
      );
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Counts of answers by HTTP status (and network errors by code). */
export class StatusCounter {
  readonly counts = new Map<string, number>();

  add(key: string | number): void {
    const k = String(key);
    this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
  }

  get(key: string | number): number {
    return this.counts.get(String(key)) ?? 0;
  }

  /** Answers that are not 2xx. */
  errors(): [string, number][] {
    return [...this.counts.entries()].filter(([k]) => !/^2\d\d$/.test(k)).sort();
  }

  count(predicate: (key: string) => boolean): number {
    let n = 0;
    for (const [k, v] of this.counts) if (predicate(k)) n += v;
    return n;
  }

  toString(): string {
    const entries = [...this.counts.entries()].sort();
    return entries.length ? entries.map(([k, v]) => `${k}: ${v}`).join(', ') : 'none';
  }
}

export const networkCode = (e: unknown): string =>
  `net:${(e as { code?: string }).code ?? (e as Error).message ?? 'error'}`;
