import { QueryFailedError } from 'typeorm';

import { isInfrastructureError, PoisonMessageError } from './errors';

describe('isInfrastructureError', () => {
  it('recognises a database or broker that is away', () => {
    expect(
      isInfrastructureError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    ).toBe(true);
    expect(isInfrastructureError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isInfrastructureError(Object.assign(new Error('x'), { name: 'KafkaJSConnectionError' }))).toBe(
      true,
    );
    const adminShutdown = new QueryFailedError(
      'SELECT 1',
      [],
      Object.assign(new Error('terminating'), { code: '57P01' }),
    );
    expect(isInfrastructureError(adminShutdown)).toBe(true);
  });

  it('treats errors of the message itself as the message’s fault', () => {
    expect(isInfrastructureError(new PoisonMessageError('bad'))).toBe(false);
    const duplicate = new QueryFailedError(
      'INSERT',
      [],
      Object.assign(new Error('duplicate key'), { code: '23505' }),
    );
    expect(isInfrastructureError(duplicate)).toBe(false);
    expect(isInfrastructureError(undefined)).toBe(false);
  });
});
