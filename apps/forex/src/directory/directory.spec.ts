import { verifyVolume } from '../verification/total-volume';
import { directoryStatus, nextDirectoryStatus } from './directory';

describe('名录 threshold: receipts or payments below US$200,000 (exclusive)', () => {
  it.each([
    ['199999.99', '199999.99', 'exempt'],
    ['200000.00', '0.00', 'registration-required'],
    ['0.00', '200000.00', 'registration-required'],
    ['150000.00', '150000.00', 'exempt'],
  ])('receipts %s, payments %s → %s', (receipts, payments, status) => {
    expect(directoryStatus(receipts, payments, '200000.00')).toBe(status);
  });

  it('never goes back below within a year once registration is required, even with a raised threshold', () => {
    expect(nextDirectoryStatus('exempt', '199999.99', '0.00', '200000.00')).toBe('exempt');
    expect(nextDirectoryStatus('exempt', '200000.00', '0.00', '200000.00')).toBe('registration-required');
    expect(nextDirectoryStatus('registration-required', '200000.01', '0.00', '500000.00')).toBe(
      'registration-required',
    );
    expect(directoryStatus('200000.01', '0.00', '500000.00')).toBe('exempt');
  });
});

describe('total-volume verification', () => {
  const base = { enterpriseCode: '3301960002', flow: 'export' as const };
  it('reports a deviation beyond the threshold either way, and not at it', () => {
    expect(verifyVolume({ ...base, declaredUsd: '100.00', settledUsd: '79.99' }, '0.2')).toMatchObject({
      anomalous: true,
      deviation: '0.2001',
    });
    expect(verifyVolume({ ...base, declaredUsd: '100.00', settledUsd: '80.00' }, '0.2')).toMatchObject({
      anomalous: false,
      deviation: '0.2000',
    });
    expect(verifyVolume({ ...base, declaredUsd: '100.00', settledUsd: '120.01' }, '0.2')).toMatchObject({
      anomalous: true,
    });
    expect(verifyVolume({ ...base, declaredUsd: '0.00', settledUsd: '5.00' }, '0.2')).toMatchObject({
      anomalous: true,
      deviation: '1.0000',
    });
    expect(verifyVolume({ ...base, declaredUsd: '0.00', settledUsd: '0.00' }, '0.2')).toMatchObject({
      anomalous: false,
    });
  });
});
