import type { Caller } from '../internal/internal-call.guard';
import { scanEventId } from './record-scans.usecase';
import { consigneeFor, readerRole } from './read-timeline.usecase';
import type { WaybillRow } from './waybill-timeline';

const row = {
  logistics_no: 'LN1',
  logistics_code: '3301980003',
  ebp_code: '3301960001',
  ebc_code: '3301960002',
  consignee_masked: '张*',
  telephone_masked: '138****0000',
  address_masked: '浙江省杭州市******',
} as WaybillRow;

const enterprise = (code: string, scopes = ['documents:read']): Caller => ({
  kind: 'enterprise',
  clientId: 'c',
  enterpriseCode: code,
  scopes,
});

describe('who reads a waybill timeline, and what of the consignee', () => {
  it('names the carrier, the platform and the seller by their codes; others read nothing', () => {
    expect(readerRole(enterprise('3301980003'), row)).toBe('carrier');
    expect(readerRole(enterprise('3301960001'), row)).toBe('platform');
    expect(readerRole(enterprise('3301960002'), row)).toBe('seller');
    expect(readerRole(enterprise('3301969999'), row)).toBeUndefined();
    expect(readerRole(enterprise('3301980003', ['documents:write']), row)).toBeUndefined();
  });

  it('lets the customs and post regulators and operators read, not other agencies', () => {
    const regulator = (agency: string): Caller => ({
      kind: 'regulator',
      clientId: 'r',
      agency,
      scopes: ['regulator:read'],
    });
    expect(readerRole(regulator('customs'), row)).toBe('regulator');
    expect(readerRole(regulator('post'), row)).toBe('regulator');
    expect(readerRole(regulator('tax'), row)).toBeUndefined();
    expect(readerRole({ kind: 'operator', clientId: 'o', scopes: ['registry:read'] }, row)).toBe('operator');
  });

  it('shows the seller only the masked name, the others name, phone and address masked', () => {
    expect(consigneeFor('seller', row)).toEqual({ name: '张*' });
    for (const role of ['carrier', 'platform', 'regulator', 'operator'] as const)
      expect(consigneeFor(role, row)).toEqual({
        name: '张*',
        telephone: '138****0000',
        address: '浙江省杭州市******',
      });
  });
});

describe('scan ids', () => {
  const scan = { logisticsNo: 'LN1', kind: 'delivered' as const, occurredAt: '2026-11-23T14:30:00+08:00' };

  it("use the carrier's own id when given", () => {
    expect(scanEventId('3301980003', { ...scan, scanId: 'S-1' })).toBe('carrier:3301980003:S-1');
  });

  it('otherwise identify the same instant written in any offset as one scan', () => {
    const a = scanEventId('3301980003', scan);
    expect(scanEventId('3301980003', { ...scan, occurredAt: '2026-11-23T06:30:00Z' })).toBe(a);
    expect(scanEventId('3301980003', { ...scan, place: 'elsewhere' })).not.toBe(a);
    expect(scanEventId('3301980009', scan)).not.toBe(a);
  });
});
