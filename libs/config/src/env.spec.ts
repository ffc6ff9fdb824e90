import { IsInt, Min } from 'class-validator';

import { BaseEnv, envVariableNames, InvalidEnvironmentError, loadEnv } from './env';

class SampleEnv extends BaseEnv {
  @IsInt()
  @Min(1)
  PORT = 3000;
}

describe('loadEnv', () => {
  it('applies defaults that work on a developer machine', () => {
    const env = loadEnv(SampleEnv, {});
    expect(env.PORT).toBe(3000);
    expect(env.KAFKA_BROKERS).toBe('127.0.0.1:9092');
    expect(env.DATABASE_URL).toMatch(/^postgres:\/\//);
  });

  it('coerces numeric variables', () => {
    expect(loadEnv(SampleEnv, { PORT: '4100' }).PORT).toBe(4100);
  });

  it('fails fast naming every bad variable', () => {
    let error: unknown;
    try {
      loadEnv(SampleEnv, { PORT: 'abc', KAFKA_BROKERS: 'nohostport', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidEnvironmentError);
    const message = (error as Error).message;
    expect(message).toContain('PORT="abc"');
    expect(message).toContain('KAFKA_BROKERS="nohostport"');
    expect(message).toContain('DATABASE_URL="mysql://x"');
  });

  it('lists the variables an env class declares, inherited ones included', () => {
    const names = envVariableNames(SampleEnv);
    expect(names).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'KAFKA_BROKERS', 'LOG_LEVEL']));
  });
});
