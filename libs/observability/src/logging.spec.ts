import { Writable } from 'node:stream';

import pino from 'pino';

import { runWithCorrelation } from './correlation';
import { loggerOptions, redactPersonalData, scrubLogValue } from './logging';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino(loggerOptions('test', 'info'), stream), lines };
}

describe('JSON logs', () => {
  it('never write buyer id numbers or phone numbers in clear, at any usual depth', () => {
    const { logger, lines } = capture();
    logger.info({
      order: {
        OrderHead: { buyerIdNumber: '110101199003070012', buyerTelephone: '13800000000', buyerName: '张三' },
      },
      payment: { payerIdNumber: '110101199003070012' },
    });
    const line = lines.join('');
    expect(line).not.toContain('110101199003070012');
    expect(line).not.toContain('13800000000');
    expect(line).toContain('张三');
    expect(line).toContain('***');
  });

  it('carry the correlation id of the flow being handled', () => {
    const { logger, lines } = capture();
    runWithCorrelation('corr-42', () => logger.info('inside'));
    logger.info('outside');
    expect(JSON.parse(lines[0]).correlationId).toBe('corr-42');
    expect(JSON.parse(lines[1]).correlationId).toBeUndefined();
    expect(JSON.parse(lines[0]).service).toBe('test');
  });

  it('never write the parameters of a failed SQL statement, nor an ID or phone number in any error field', () => {
    const { logger, lines } = capture();
    const failed = Object.assign(new Error('duplicate key value violates unique constraint "x"'), {
      name: 'QueryFailedError',
      query: 'INSERT INTO gateway.message_log (a, b) VALUES ($1, $2)',
      parameters: ['11010119900307001X', '+86 13912345678'],
      detail: 'Key (buyer_id)=(11010119900307001X) already exists.',
      driverError: { detail: 'Key (buyer_id)=(11010119900307001X) already exists.', code: '23505' },
    });
    logger.error({ err: failed }, 'intake failed for 11010119900307001X, phone 13912345678');
    logger.warn({ error: failed, context: { note: 'call 0571-87654321 or 13800000000' } });
    const text = lines.join('');
    for (const secret of ['11010119900307001X', '13912345678', '0571-87654321', '13800000000']) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toContain('parameters');
    expect(text).toContain('duplicate key value');
    expect(text).toContain('INSERT INTO gateway.message_log');
    expect(JSON.parse(lines[0]).err.driverError.code).toBe('23505');
  });

  it.each([
    ['110101199003070012', '***'],
    ['id 11010119900307001x.', 'id ***.'],
    ['old 110101900307001', 'old ***'],
    ['mobile 13800000000', 'mobile ***'],
    ['+8613800000000', '***'],
    ['tel 057187654321 / 010-12345678', 'tel *** / ***'],
  ])('redact %j', (text, expected) => {
    expect(redactPersonalData(text)).toBe(expected);
  });

  it.each([
    'ORD-2026112100000001',
    '3301960001',
    '20261121093512450',
    '2026-11-21T01:35:12.450Z',
    '6f1c2d9e-8a4b-4c7e-9f10-2b3c4d5e6f70',
    '100.00',
    '1763712000100',
  ])('keep %j (order numbers, codes, times, ids, amounts)', (text) => {
    expect(redactPersonalData(text)).toBe(text);
  });

  it('scrub nested values without changing the original', () => {
    const original = { a: [{ phone: '13800000000' }], when: new Date(0), n: 5 };
    expect(scrubLogValue(original)).toEqual({ a: [{ phone: '***' }], when: new Date(0), n: 5 });
    expect(original.a[0].phone).toBe('13800000000');
  });
});
