import { Writable } from 'node:stream';

import pino from 'pino';

import { runWithCorrelation } from './correlation';
import { loggerOptions } from './logging';

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
});
