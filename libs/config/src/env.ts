import { plainToInstance } from 'class-transformer';
import {
  getMetadataStorage,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  validateSync,
} from 'class-validator';

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidEnvironmentError';
  }
}

/** Variables every service reads. Defaults work on a developer machine (local PostgreSQL, local Kafka launcher). */
export class BaseEnv {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/single_window';

  @Matches(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, {
    message: 'KAFKA_BROKERS must be a comma-separated list of host:port',
  })
  KAFKA_BROKERS = '127.0.0.1:9092';

  /** Partitions for topics the service creates when they are missing. */
  @IsInt()
  @Min(1)
  @Max(64)
  KAFKA_TOPIC_PARTITIONS = 6;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /**
   * The outbox relay's fallback sweep. It does not poll: a commit that wrote outbox rows wakes it (in the process,
   * and in every other instance through LISTEN/NOTIFY); the sweep is only a safety net.
   */
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  OUTBOX_SWEEP_INTERVAL_MS = 30_000;

  /** How long the relay waits after a wake-up, so that a burst of commits is published as one batch. */
  @IsInt()
  @Min(0)
  @Max(1000)
  OUTBOX_LINGER_MS = 5;

  @IsInt()
  @Min(1)
  @Max(10_000)
  OUTBOX_BATCH_SIZE = 500;

  /** Attempts at a failing message before it is parked on `<topic>.dlt`. */
  @IsInt()
  @Min(1)
  @Max(20)
  CONSUMER_MAX_ATTEMPTS = 4;

  @IsInt()
  @Min(1)
  @Max(60_000)
  CONSUMER_RETRY_BASE_MS = 100;

  /** Most messages of one partition handled in one database transaction (inbox, effects and outbox together). */
  @IsInt()
  @Min(1)
  @Max(10_000)
  CONSUMER_BATCH_SIZE = 500;

  /** Partitions of this instance's assignment handled at the same time, each in its own transactions. */
  @IsInt()
  @Min(1)
  @Max(64)
  CONSUMER_PARTITIONS_CONCURRENTLY = 3;

  @IsOptional()
  @IsString()
  INSTANCE_ID?: string;
}

/** Names of all variables an env class declares (used by the docker-compose consistency test and the README). */
export function envVariableNames(envClass: new () => object): string[] {
  const metas = getMetadataStorage().getTargetValidationMetadatas(envClass, '', true, false);
  return [...new Set(metas.map((m) => m.propertyName))].sort();
}

/** Variables an env class marks `@IsOptional()`: everything else must be set in a deployment. */
export function optionalEnvVariableNames(envClass: new () => object): string[] {
  const metas = getMetadataStorage().getTargetValidationMetadatas(envClass, '', true, false);
  return [
    ...new Set(metas.filter((m) => m.type === 'conditionalValidation').map((m) => m.propertyName)),
  ].sort();
}

/**
 * Reads the environment once, coerces numbers, and fails fast naming each bad variable.
 * Unknown variables are ignored: the process environment holds much more than ours.
 */
export function loadEnv<T extends object>(envClass: new () => T, source: NodeJS.ProcessEnv = process.env): T {
  const names = envVariableNames(envClass);
  const defaults = new envClass() as Record<string, unknown>;
  const raw: Record<string, unknown> = {};
  for (const name of names) {
    const value = source[name];
    if (value === undefined || value === '') continue;
    raw[name] = typeof defaults[name] === 'number' && /^-?\d+$/.test(value) ? Number(value) : value;
  }
  const instance = plainToInstance(envClass, raw, { exposeDefaultValues: true });
  const errors = validateSync(instance, { forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new InvalidEnvironmentError(
      errors.map((e) => {
        const shown = source[e.property] === undefined ? '(unset)' : JSON.stringify(source[e.property]);
        return `${e.property}=${shown}: ${Object.values(e.constraints ?? {}).join('; ')}`;
      }),
    );
  }
  return instance;
}
