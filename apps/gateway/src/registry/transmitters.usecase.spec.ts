import { FieldValidationException } from '@swx/platform';

import { authorisationOf, checkCodes, chinaTime, parseOffsetDateTime } from './transmitters.usecase';

describe('transmitter authorisations: dates in China time, codes checked', () => {
  it('reads ISO 8601 date-times with their offset as instants', () => {
    expect(parseOffsetDateTime('2027-12-31T23:59:59+08:00')?.toISOString()).toBe('2027-12-31T15:59:59.000Z');
    expect(parseOffsetDateTime('2027-12-31T15:59:59Z')?.toISOString()).toBe('2027-12-31T15:59:59.000Z');
    expect(parseOffsetDateTime('2027-01-01T00:00:00.5-05:30')?.toISOString()).toBe(
      '2027-01-01T05:30:00.500Z',
    );
  });

  it('refuses times that do not exist instead of rolling them over', () => {
    for (const text of [
      '2027-02-30T00:00:00+08:00',
      '2027-13-01T00:00:00+08:00',
      '2027-12-31T24:00:00+08:00',
      '2027-12-31T23:60:00+08:00',
      '2027-12-31T23:59:59+15:00',
      '2027-12-31T23:59:59',
      '2027-12-31 23:59:59+08:00',
    ]) {
      expect(parseOffsetDateTime(text)).toBeUndefined();
    }
  });

  it('answers in China time, and says when an authorisation has expired', () => {
    expect(chinaTime(new Date('2027-12-31T15:59:59.900Z'))).toBe('2027-12-31T23:59:59+08:00');
    const row = {
      party_code: '3301980004',
      transmitter_code: '3301987772',
      message_types: ['CEB621'],
      valid_until: new Date('2026-12-01T00:00:00+08:00'),
      granted_at: new Date('2026-11-30T00:00:00Z'),
    };
    expect(authorisationOf(row, new Date('2026-11-30T15:59:59Z'))).toEqual({
      partyCode: '3301980004',
      transmitterCode: '3301987772',
      messageTypes: ['CEB621'],
      validUntil: '2026-12-01T00:00:00+08:00',
      expired: false,
      grantedAt: '2026-11-30T08:00:00+08:00',
    });
    expect(authorisationOf(row, new Date('2026-11-30T16:00:00Z')).expired).toBe(true);
  });

  it('answers 400 naming the parameter for a path code that is no customs code', () => {
    expect(() => checkCodes({ customsCode: '3301980004' })).not.toThrow();
    expect(() => checkCodes({ customsCode: '3301980004', transmitterCode: 'x\u0000' })).toThrow(
      FieldValidationException,
    );
  });
});
