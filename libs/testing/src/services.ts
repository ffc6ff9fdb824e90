import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One entry of services.json, with the paths its name implies (repository-relative TypeScript sources). */
export interface ListedService {
  readonly name: string;
  readonly port: number;
  readonly schema: string;
  /** Export name of the service's env class in `envModule`. */
  readonly envClass: string;
  /** `apps/<name>` */
  readonly dir: string;
  /** `apps/<name>/src/main.ts` */
  readonly main: string;
  /** `apps/<name>/src/migrate.ts` */
  readonly migrate: string;
  /** `apps/<name>/src/<name>.definition.ts`, exporting `<name in camelCase>Definition` */
  readonly definitionModule: string;
  /** `apps/<name>/src/<name>.env.ts`, exporting `envClass` */
  readonly envModule: string;
  /** Every file the service folder must hold (the four above). */
  readonly sourceFiles: readonly string[];
}

/** scripts/services.js, the one reader of services.json (plain Node: the scripts use it before any build). */
interface ServicesScript {
  LIST_FILE: string;
  SOURCE_FILES: readonly string[];
  parseServices(json: unknown, source?: string): readonly ListedService[];
  readServices(file?: string): readonly ListedService[];
  findService(name: string, services?: readonly ListedService[]): ListedService;
  compiled(distDir: string, sourcePath: string): string;
  envPrefix(name: string): string;
  serviceUrlVariable(name: string): string;
  portVariable(name: string): string;
  nestCliConfig(services: readonly ListedService[], current: NestCliConfig): NestCliConfig;
  nestCliText(config: NestCliConfig): string;
}

export interface NestCliConfig {
  root?: string;
  sourceRoot?: string;
  projects?: Record<string, { type: string; root: string; entryFile: string; sourceRoot: string }>;
  [key: string]: unknown;
}

/** The repository root: the nearest folder above this file with services.json (also from the bench's build). */
function findRoot(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'services.json')) && existsSync(join(dir, 'scripts', 'services.js'))) return dir;
  }
  throw new Error(`no services.json above ${from}`);
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const servicesScript = require(join(findRoot(__dirname), 'scripts', 'services.js')) as ServicesScript;

/** Every service of the platform, in the order of services.json (the gateway first). */
export const SERVICES: readonly ListedService[] = servicesScript.readServices();

/** A name listed in services.json; launchers check it (`listedService`) before they start anything. */
export type ServiceName = string;

/** The entry of a listed service; throws naming the listed ones for any other name. */
export const listedService = (name: ServiceName): ListedService => servicesScript.findService(name, SERVICES);

/** Where a service's source file lands in a compiled build (`apps/tax/src/main.ts` → `<dist>/apps/tax/src/main.js`). */
export const compiledPath = (distDir: string, sourcePath: string): string =>
  servicesScript.compiled(distDir, sourcePath);

/** The variable through which one service reaches another over HTTP, e.g. `TAX_SERVICE_URL`. */
export const serviceUrlVariable = (name: ServiceName): string => servicesScript.serviceUrlVariable(name);
