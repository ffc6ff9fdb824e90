/**
 * What customs needs to know, beyond the documents, to let an export list go 清单核放 (release on the list)
 * instead of a full declaration (报关单). The list does not say whether its goods need a licence or carry export
 * duty, so customs keeps these tables; they are code (reviewed, versioned with the service), not environment.
 *
 * - Licence (许可证): a list that names a `licenseNo`, or whose goods fall under a prefix below (arms, explosives,
 *   radioactive and nuclear goods, precursor chemicals, dual-use items…), needs one.
 * - Export duty (出口关税): goods under a prefix below carry export duty in the tariff schedule.
 * - Rebate (出口退税): the list's `statisticsFlag` is the rebate flag. A (简化申报) declares "不涉许可证、不涉出口关税、
 *   不涉及出口退税" (REFERENCE.md 4.6, XSD annotation); B (汇总申报) asks for the lists to be summarised into a
 *   declaration (CEB701 → CEB792), which is what a rebate rests on. Both are released on the list; only B lists
 *   are summarised.
 * Prefixes are HS codes (gcode) of 2, 4, 6 or more digits; the ones below are illustrative, not the official tables.
 */
export interface ExportReleasePolicy {
  /** Single-ticket limit of 清单核放, in RMB (REFERENCE.md 9: 单票 ≤ 5000 元). */
  ticketLimitCny: string;
  licenceHsPrefixes: readonly string[];
  exportDutyHsPrefixes: readonly string[];
}

export const EXPORT_RELEASE_POLICY: ExportReleasePolicy = {
  ticketLimitCny: '5000',
  licenceHsPrefixes: [
    '93', // 武器、弹药
    '2612', // 铀矿砂、钍矿砂
    '2844', // 放射性元素及同位素
    '3601', // 发射药
    '3602', // 配制炸药
    '3603', // 雷管、导火索
    '2939', // 生物碱 (麻黄碱等易制毒)
    '2914', // 酮 (部分易制毒化学品)
  ],
  exportDutyHsPrefixes: [
    '2601', // 铁矿砂
    '2602', // 锰矿砂
    '2603', // 铜矿砂
    '2606', // 铝矿砂
    '2804', // 磷、硅等
    '3102', // 氮肥
    '3105', // 复合肥
    '7202', // 铁合金
    '7403', // 精炼铜
    '7601', // 未锻轧铝
  ],
};

export const hsMatches = (gcode: string, prefixes: readonly string[]): boolean =>
  prefixes.some((prefix) => gcode.startsWith(prefix));
