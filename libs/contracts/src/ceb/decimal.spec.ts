import { dec, money, sameAmount, sum } from './decimal';

describe('CEB decimal arithmetic', () => {
  it('is exact where JS floats are not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(dec('0.1').plus('0.2').toString()).toBe('0.3');
    expect(sum(['19.99', '0.01', '100.10']).toString()).toBe('120.1');
  });

  it('rounds half up to 2 places', () => {
    expect(money('2.345')).toBe('2.35');
    expect(money('2.344999')).toBe('2.34');
    expect(money('-2.345')).toBe('-2.35');
    expect(money('1')).toBe('1.00');
  });

  it('compares amounts at 2 places', () => {
    expect(sameAmount('233.28', '233.28000')).toBe(true);
    expect(sameAmount('233.284', '233.28')).toBe(true);
    expect(sameAmount('233.285', '233.28')).toBe(false);
  });
});
