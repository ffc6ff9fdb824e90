import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A file the console serves: its bytes and content type, read once. */
export interface Asset {
  body: Buffer;
  contentType: string;
}

/** `relative` looked up from the compiled or the source tree upwards (and in the Docker image's /app). */
export function findUp(relative: string): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`${relative} not found`);
  }
}

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  yaml: 'application/yaml; charset=utf-8',
};

/**
 * The console's files, a fixed list (no path from the request reaches the file system): its page, script and
 * style sheet from `apps/gateway/console/`, Apache ECharts from the installed `echarts` package (nothing from a
 * CDN), and the landing page.
 */
export function loadConsoleAssets(): Map<string, Asset> {
  const dir = findUp(join('apps', 'gateway', 'console'));
  const file = (path: string): Asset => ({
    body: readFileSync(path),
    contentType: TYPES[path.slice(path.lastIndexOf('.') + 1)] ?? 'application/octet-stream',
  });
  return new Map([
    ['landing', file(join(dir, 'landing.html'))],
    ['console', file(join(dir, 'index.html'))],
    ['console.js', file(join(dir, 'console.js'))],
    ['console.css', file(join(dir, 'console.css'))],
    ['echarts.min.js', file(require.resolve('echarts/dist/echarts.min.js'))],
  ]);
}

/** The AsyncAPI document of the event topics (`docs/asyncapi.yaml`), when this installation has it. */
export function loadAsyncApi(): Asset | undefined {
  try {
    return { body: readFileSync(findUp(join('docs', 'asyncapi.yaml'))), contentType: TYPES.yaml };
  } catch {
    return undefined;
  }
}

/**
 * The console's Content-Security-Policy: its own scripts only (no inline script, no eval), its own origin for
 * the API, no frames, no plugins. Inline styles stay allowed: ECharts' tooltips are styled inline.
 */
export const CONSOLE_CSP = [
  `default-src 'self'`,
  `script-src 'self'`,
  `style-src 'self' 'unsafe-inline'`,
  `img-src 'self' data:`,
  `connect-src 'self'`,
  `font-src 'self'`,
  `object-src 'none'`,
  `base-uri 'none'`,
  `form-action 'self'`,
  `frame-ancestors 'none'`,
].join('; ');
