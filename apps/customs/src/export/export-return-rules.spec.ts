import {
  EXPORT_INVENTORY_CANCEL_EXAMPLE,
  EXPORT_INVENTORY_EXAMPLE,
  EXPORT_INVENTORY_INVT_NO,
  EXPORT_REFUND_EXAMPLE,
  type ExportRefund,
} from '@swx/contracts';

import {
  cancelRefusals,
  refundRefusals,
  RETURN_CODES,
  returnDeadline,
  type ReturnCaseState,
} from './export-return-rules';

const head = EXPORT_INVENTORY_EXAMPLE.InventoryHead;
const released: ReturnCaseState = {
  clearance: 'released',
  invtNo: EXPORT_INVENTORY_INVT_NO,
  agentCode: head.agentCode,
  ebcCode: head.ebcCode,
  ebpCode: head.ebpCode,
  sumNo: null,
  releasedAt: new Date('2026-11-21T10:30:00+08:00'),
  hasReturns: false,
};
const codes = (entries: { code: string }[]) => entries.map((e) => e.code);
const refundOf = (mutate: (r: ExportRefund) => void): ExportRefund => {
  const refund = JSON.parse(JSON.stringify(EXPORT_REFUND_EXAMPLE)) as ExportRefund;
  mutate(refund);
  return refund;
};

describe('export cancel (CEB605) against the list', () => {
  const cancel = EXPORT_INVENTORY_CANCEL_EXAMPLE;

  it('withdraws a released or arrived list for its declarant', () => {
    expect(cancelRefusals(released, EXPORT_INVENTORY_EXAMPLE, cancel)).toEqual([]);
    expect(cancelRefusals({ ...released, clearance: 'arrived' }, EXPORT_INVENTORY_EXAMPLE, cancel)).toEqual(
      [],
    );
  });

  it('refuses another declarant, another consignor or another enterprise number', () => {
    const other = { InvtCancel: { ...cancel.InvtCancel, agentCode: '3301989999', copNo: 'OTHER' } };
    const [refusal] = cancelRefusals(released, EXPORT_INVENTORY_EXAMPLE, other);
    expect(refusal.code).toBe(RETURN_CODES.cancelNotDeclarant);
    expect(refusal.message).toContain('3301989999');
    expect(refusal.message).toContain('OTHER');
  });

  it.each([
    ['cancelled', { clearance: 'cancelled' }, '已撤销'],
    ['departed (899)', { clearance: 'closed' }, '已离境结关'],
    ['summarised', { sumNo: '29242026S000000001' }, '已汇总申报'],
    ['with a return', { hasReturns: true }, '已有退货申请'],
    ['not released', { clearance: 'refused' }, '未放行'],
  ] as const)('refuses a list %s', (_name, change, text) => {
    const [refusal] = cancelRefusals({ ...released, ...change }, EXPORT_INVENTORY_EXAMPLE, cancel);
    expect(refusal).toEqual({ code: RETURN_CODES.cancelState, message: expect.stringContaining(text) });
  });
});

describe('the export return window (公告2020年第44号: 1 year from release, China time)', () => {
  it('ends with the China calendar day one year after the day of release', () => {
    expect(returnDeadline(new Date('2026-11-21T10:30:00+08:00')).toISOString()).toBe(
      '2027-11-21T15:59:59.999Z',
    );
    // 23:30 UTC on 20 November is already 21 November in China.
    expect(returnDeadline(new Date('2026-11-20T23:30:00Z')).toISOString()).toBe('2027-11-21T15:59:59.999Z');
    expect(returnDeadline(new Date('2028-02-29T12:00:00+08:00')).toISOString()).toBe(
      '2029-02-28T15:59:59.999Z',
    );
  });

  it('accepts a return on the last day and refuses it the next', () => {
    const lastDay = new Date('2027-11-21T23:59:59+08:00');
    const nextDay = new Date('2027-11-22T00:00:00+08:00');
    expect(refundRefusals(released, EXPORT_INVENTORY_EXAMPLE, EXPORT_REFUND_EXAMPLE, [], lastDay)).toEqual(
      [],
    );
    const [late] = refundRefusals(released, EXPORT_INVENTORY_EXAMPLE, EXPORT_REFUND_EXAMPLE, [], nextDay);
    expect(late).toEqual({
      code: RETURN_CODES.refundTooLate,
      message: expect.stringContaining('放行日期 2026-11-21，期限至 2027-11-21'),
    });
  });
});

describe('export return (CEB213) against the list', () => {
  const at = new Date('2026-12-01T10:00:00+08:00');

  it('accepts the example return of a released, arrived or departed list', () => {
    for (const clearance of ['released', 'arrived', 'closed'] as const) {
      expect(
        refundRefusals({ ...released, clearance }, EXPORT_INVENTORY_EXAMPLE, EXPORT_REFUND_EXAMPLE, [], at),
      ).toEqual([]);
    }
  });

  it('refuses a return of a cancelled or unreleased list, or by another enterprise or platform', () => {
    expect(
      codes(
        refundRefusals(
          { ...released, clearance: 'cancelled' },
          EXPORT_INVENTORY_EXAMPLE,
          EXPORT_REFUND_EXAMPLE,
          [],
          at,
        ),
      ),
    ).toEqual([RETURN_CODES.refundNotReleased]);
    const foreign = refundOf((r) => {
      r.InvtRefundHead.ebcCode = '3301969999';
    });
    expect(codes(refundRefusals(released, EXPORT_INVENTORY_EXAMPLE, foreign, [], at))).toEqual([
      RETURN_CODES.refundNotConsignor,
    ]);
  });

  it('refuses lines the list does not have or declares otherwise', () => {
    const refund = refundOf((r) => {
      r.InvtRefundList.push({ ...r.InvtRefundList[0], gnum: 3 });
      r.InvtRefundList.push({ ...r.InvtRefundList[0], gnum: 2, unit: '011' });
    });
    const refusals = refundRefusals(released, EXPORT_INVENTORY_EXAMPLE, refund, [], at);
    expect(refusals.map((r) => [r.code, r.message])).toEqual([
      [RETURN_CODES.refundLineUnknown, '在原清单中未找到表体序号 3'],
      [RETURN_CODES.refundLineUnknown, '第 2 项 gcode,unit,unit1 与原申报清单不一致'],
    ]);
  });

  it('holds the quantities to what was exported less what other returns took back (decimal-exact)', () => {
    const all = refundOf((r) => {
      r.InvtRefundList[0].qty = '10';
      r.InvtRefundList[0].qty1 = '10';
    });
    expect(refundRefusals(released, EXPORT_INVENTORY_EXAMPLE, all, [], at)).toEqual([]);
    const over = refundOf((r) => {
      r.InvtRefundList[0].qty = '10.00001';
    });
    expect(refundRefusals(released, EXPORT_INVENTORY_EXAMPLE, over, [], at)).toEqual([
      { code: RETURN_CODES.refundOverQuantity, message: '第 1 项退货数量 10.00001 超过原清单 10' },
    ]);
    const earlier = [{ gnum: 1, qty: '8.5', qty1: '8.5' }];
    expect(
      codes(refundRefusals(released, EXPORT_INVENTORY_EXAMPLE, EXPORT_REFUND_EXAMPLE, earlier, at)),
    ).toEqual([RETURN_CODES.refundOverQuantity, RETURN_CODES.refundOverQuantity]);
    const rest = refundOf((r) => {
      r.InvtRefundList[0].qty = '1.5';
      r.InvtRefundList[0].qty1 = '1.5';
    });
    expect(refundRefusals(released, EXPORT_INVENTORY_EXAMPLE, rest, earlier, at)).toEqual([]);
  });
});
