import {
  dec,
  type Decimal,
  type ExportInventory,
  type ExportInventoryCancel,
  type ExportRefund,
} from '@swx/contracts';

import type { RuleFailureEntry } from './export-rules';
import type { Clearance } from './export-store';

/**
 * What customs decides on the documents that follow an export release: the list's cancel (CEB605), a return of
 * its goods (CEB213) and the tally of the returned parcel at the supervised site (CEB215).
 *
 * Codes follow the standard's numbering of business errors (-623005 "清单的状态不符合撤单申报要求", -625xxx for
 * import returns, REFERENCE.md 6.2) in the range of each export message; the standard publishes no export table,
 * so the numbers are this platform's and the texts say what the standard requires.
 *
 * - Cancel (撤销申请单): only the list's declarant (申报单位, agentCode, who declared the CEB603) for its own
 *   consignor (ebcCode) and enterprise number (copNo), while the goods are still in the country: a released or
 *   arrived (运抵) list. A departed list is closed (899 结关) and may only come back by a return; a summarised list
 *   is in a declaration (报关单); a list with a return has goods on their way back; a cancelled one is gone.
 * - Return (零售出口退货, 公告2020年第44号): only the list's e-commerce enterprise (ebcCode, the consignor, with the
 *   list's platform), for a released list (800, arrived or departed), within one year of its release in China time,
 *   for lines of that list (gnum, gcode, unit as declared) and at most the quantities exported less those already
 *   taken back by other returns of the list (XSD: "不大于原申报清单申报数量", "不大于原清单法定第一数量").
 * - Tally (退运理货明细单): the parcel (logisticsCode + logisticsNo, and invtNo when given) of an accepted return
 *   that has not been tallied yet.
 */
export const RETURN_CODES = {
  cancelUnknownList: '-605001',
  cancelNotDeclarant: '-605002',
  cancelState: '-605005',
  cancelDelete: '-605009',
  refundUnknownList: '-213001',
  refundNotConsignor: '-213002',
  refundNotReleased: '-213003',
  refundTooLate: '-213004',
  refundLineUnknown: '-213005',
  refundOverQuantity: '-213006',
  refundNotFound: '-213009',
  refundDuplicate: '-213010',
  tallyNoReturn: '-215001',
  tallyDelete: '-215009',
} as const;

/** The state of a case that the cancel and return rules look at. */
export interface ReturnCaseState {
  clearance: Clearance;
  invtNo: string;
  agentCode: string | null;
  ebcCode: string | null;
  ebpCode: string;
  sumNo: string | null;
  releasedAt: Date | null;
  /** Whether accepted (or tallied) returns of the list exist. */
  hasReturns: boolean;
}

const entry = (code: string, message: string): RuleFailureEntry => ({ code, message });

/** Why a cancel of a known list is refused; empty when customs withdraws the list. */
export function cancelRefusals(
  state: ReturnCaseState,
  list: ExportInventory,
  cancel: ExportInventoryCancel,
): RuleFailureEntry[] {
  const c = cancel.InvtCancel;
  const head = list.InventoryHead;
  const mismatches = [
    c.agentCode !== state.agentCode ? `申报单位 ${c.agentCode} ≠ 清单申报单位 ${state.agentCode}` : '',
    c.ebcCode !== state.ebcCode ? `收发货人 ${c.ebcCode} ≠ 清单收发货人 ${state.ebcCode}` : '',
    c.copNo !== head.copNo ? `企业内部编号 ${c.copNo} ≠ 清单 ${head.copNo}` : '',
  ].filter(Boolean);
  if (mismatches.length > 0) {
    return [entry(RETURN_CODES.cancelNotDeclarant, `撤销申请单与原清单不一致: ${mismatches.join('; ')}`)];
  }
  const why =
    state.clearance === 'cancelled'
      ? `清单 ${state.invtNo} 已撤销`
      : state.clearance === 'closed'
        ? `清单 ${state.invtNo} 已离境结关，撤销不再可能，请申报退货`
        : state.sumNo
          ? `清单 ${state.invtNo} 已汇总申报 (${state.sumNo})`
          : state.hasReturns
            ? `清单 ${state.invtNo} 已有退货申请`
            : !['released', 'arrived'].includes(state.clearance)
              ? `清单 ${state.invtNo} 未放行`
              : '';
  return why ? [entry(RETURN_CODES.cancelState, `清单的状态不符合撤单申报要求: ${why}`)] : [];
}

const CHINA_OFFSET_MS = 8 * 3600_000;

/**
 * The last instant a return of a list released at `releasedAt` may be received: the end of the China calendar
 * day one year after the day of release (出口放行之日起1年内). A release on 29 February has its anniversary on
 * 28 February.
 */
export function returnDeadline(releasedAt: Date): Date {
  const china = new Date(releasedAt.getTime() + CHINA_OFFSET_MS);
  const year = china.getUTCFullYear() + 1;
  const month = china.getUTCMonth();
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(china.getUTCDate(), lastDay);
  return new Date(Date.UTC(year, month, day + 1) - CHINA_OFFSET_MS - 1);
}

/** `YYYY-MM-DD` of an instant in China time, for receipts. */
export const chinaDate = (at: Date): string =>
  new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);

/** One line a return takes back: quantities as decimal strings. */
export interface ReturnedLine {
  gnum: number;
  qty: string;
  qty1: string;
}

/**
 * Why a return is refused against its list; empty when customs accepts it. `earlier` are the lines of the list's
 * other returns still standing (accepted or tallied); `receivedAt` is when the single window received it.
 */
export function refundRefusals(
  state: ReturnCaseState,
  list: ExportInventory,
  refund: ExportRefund,
  earlier: ReturnedLine[],
  receivedAt: Date,
): RuleFailureEntry[] {
  const h = refund.InvtRefundHead;
  const parties = [
    h.ebcCode !== state.ebcCode ? `电商企业 ${h.ebcCode} ≠ 清单收发货人 ${state.ebcCode}` : '',
    h.ebpCode !== state.ebpCode ? `电商平台 ${h.ebpCode} ≠ 清单电商平台 ${state.ebpCode}` : '',
  ].filter(Boolean);
  if (parties.length > 0) {
    return [entry(RETURN_CODES.refundNotConsignor, `退货申请单与原清单不一致: ${parties.join('; ')}`)];
  }
  if (!['released', 'arrived', 'closed'].includes(state.clearance) || !state.releasedAt) {
    const why = state.clearance === 'cancelled' ? '已撤销' : '未放行';
    return [entry(RETURN_CODES.refundNotReleased, `原出口清单 ${state.invtNo} ${why}，不能申请退货`)];
  }
  const deadline = returnDeadline(state.releasedAt);
  if (receivedAt.getTime() > deadline.getTime()) {
    return [
      entry(
        RETURN_CODES.refundTooLate,
        `超过出口放行之日起1年的退货期限: 放行日期 ${chinaDate(state.releasedAt)}，期限至 ${chinaDate(deadline)}`,
      ),
    ];
  }
  const failures: RuleFailureEntry[] = [];
  const taken = (gnum: number, field: 'qty' | 'qty1'): Decimal =>
    earlier.filter((l) => l.gnum === gnum).reduce((acc, l) => acc.plus(l[field]), dec(0));
  for (const line of refund.InvtRefundList) {
    const exported = list.InventoryList.find((l) => l.gnum === line.gnum);
    if (!exported) {
      failures.push(entry(RETURN_CODES.refundLineUnknown, `在原清单中未找到表体序号 ${line.gnum}`));
      continue;
    }
    const differing = [
      line.gcode !== exported.gcode ? 'gcode' : '',
      line.unit !== exported.unit ? 'unit' : '',
      line.unit1 !== exported.unit1 ? 'unit1' : '',
    ].filter(Boolean);
    if (differing.length > 0) {
      failures.push(
        entry(RETURN_CODES.refundLineUnknown, `第 ${line.gnum} 项 ${differing.join(',')} 与原申报清单不一致`),
      );
      continue;
    }
    for (const field of ['qty', 'qty1'] as const) {
      const before = taken(line.gnum, field);
      if (before.plus(line[field]).greaterThan(exported[field])) {
        failures.push(
          entry(
            RETURN_CODES.refundOverQuantity,
            `第 ${line.gnum} 项退货${field === 'qty' ? '数量' : '法定数量'} ${line[field]} 超过原清单 ${exported[field]}` +
              (before.isZero() ? '' : `（已退 ${before.toString()}）`),
          ),
        );
      }
    }
  }
  return failures;
}
