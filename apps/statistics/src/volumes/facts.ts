import {
  businessTypeOf,
  CURRENCY_RMB,
  dec,
  type ExportInventory,
  type ImportInventory,
  type StatisticsStage,
} from '@swx/contracts';

/** One goods line as statistics counts it: HS code, currency (customs code) and value (Σ totalPrice). */
export interface ListLine {
  gcode: string;
  currency: string;
  value: string;
}

/** What statistics keeps of an inventory list (CEB621 import, CEB603 export): no person data. */
export interface ListFacts {
  flow: 'import' | 'export';
  /** The list's business identity (`ebcCode:orderNo` import, `agentCode:copNo` export), as customs names it. */
  identity: string;
  orderNo: string;
  /** CEB appTime of the declaration version kept (a later change replaces an earlier one). */
  appTime: string;
  tradeMode: string;
  ebpCode: string;
  ebcCode: string;
  agentCode: string;
  logisticsCode: string;
  logisticsNo?: string;
  /** Import: country of departure (起运国); export: destination (运抵国). Customs (JGS-20) code. */
  country: string;
  lines: ListLine[];
}

export function importListFacts(d: ImportInventory): ListFacts {
  const h = d.InventoryHead;
  return {
    flow: 'import',
    identity: `${h.ebcCode}:${h.orderNo}`,
    orderNo: h.orderNo,
    appTime: h.appTime,
    tradeMode: h.tradeMode,
    ebpCode: h.ebpCode,
    ebcCode: h.ebcCode,
    agentCode: h.agentCode,
    logisticsCode: h.logisticsCode,
    logisticsNo: h.logisticsNo,
    country: h.country,
    // Import lists are in RMB (142) by rule; the line currency is what the declarant wrote.
    lines: d.InventoryList.map((l) => ({
      gcode: l.gcode,
      currency: l.currency || h.currency || CURRENCY_RMB,
      value: l.totalPrice,
    })),
  };
}

export function exportListFacts(d: ExportInventory): ListFacts {
  const h = d.InventoryHead;
  return {
    flow: 'export',
    identity: `${h.agentCode}:${h.copNo}`,
    orderNo: h.orderNo,
    appTime: h.appTime,
    tradeMode: h.tradeMode,
    ebpCode: h.ebpCode,
    ebcCode: h.ebcCode,
    agentCode: h.agentCode,
    logisticsCode: h.logisticsCode,
    logisticsNo: h.logisticsNo,
    country: h.country,
    lines: d.InventoryList.map((l) => ({ gcode: l.gcode, currency: l.currency, value: l.totalPrice })),
  };
}

/** Dimensions kept as aggregate rows; the others are derived from `total` (and district from `seller`). */
export const STORED_DIMENSIONS = [
  'total',
  'country',
  'hsChapter',
  'hsHeading',
  'platform',
  'seller',
] as const;
export type StoredDimension = (typeof STORED_DIMENSIONS)[number];

/** One aggregate row's share of a list: +count and +value of one key, in one currency, on one day. */
export interface Contribution {
  stage: StatisticsStage;
  direction: 'import' | 'export';
  day: string;
  tradeMode: string;
  businessType: string;
  dimension: StoredDimension;
  key: string;
  currency: string;
  count: number;
  value: string;
}

export const contributionId = (c: Contribution): string =>
  [c.stage, c.direction, c.day, c.tradeMode, c.businessType, c.dimension, c.key, c.currency].join('|');

/** The key a line has in a dimension (head dimensions give every line the same key). */
function keyOf(facts: ListFacts, line: ListLine, dimension: StoredDimension): string {
  switch (dimension) {
    case 'total':
      return '*';
    case 'country':
      return facts.country;
    case 'hsChapter':
      return line.gcode.slice(0, 2);
    case 'hsHeading':
      return line.gcode.slice(0, 4);
    case 'platform':
      return facts.ebpCode;
    case 'seller':
      return facts.ebcCode;
  }
}

/**
 * What one list adds to the aggregates at the given stages, dated by its release day (China time). In each
 * dimension a list counts once per key, the count on the currency of its first line with that key; values add up
 * per key and currency (converted to CNY when read, with the rates of the day).
 */
export function contributionsOf(
  facts: ListFacts,
  releaseDay: string,
  stages: readonly StatisticsStage[],
): Contribution[] {
  const businessType = businessTypeOf(facts.tradeMode) ?? 'other';
  const out = new Map<string, Contribution>();
  for (const stage of stages) {
    for (const dimension of STORED_DIMENSIONS) {
      const counted = new Set<string>();
      for (const line of facts.lines) {
        const key = keyOf(facts, line, dimension);
        const c: Contribution = {
          stage,
          direction: facts.flow,
          day: releaseDay,
          tradeMode: facts.tradeMode,
          businessType,
          dimension,
          key,
          currency: line.currency,
          count: 0,
          value: '0',
        };
        const id = contributionId(c);
        const row = out.get(id) ?? c;
        if (!counted.has(key)) {
          counted.add(key);
          row.count += 1;
        }
        row.value = dec(row.value).plus(line.value).toString();
        out.set(id, row);
      }
    }
  }
  return [...out.values()];
}

/**
 * The change that takes the aggregates from what was counted to what should be: the counted rows taken back, the
 * wanted ones added, merged per row; rows whose change is nil left out. Sorted by row, so concurrent writers lock
 * aggregate rows in one order.
 */
export function deltaOf(counted: Contribution[], wanted: Contribution[]): Contribution[] {
  const out = new Map<string, Contribution>();
  const add = (c: Contribution, sign: 1 | -1) => {
    const id = contributionId(c);
    const row = out.get(id) ?? { ...c, count: 0, value: '0' };
    row.count += sign * c.count;
    row.value = dec(row.value).plus(dec(c.value).times(sign)).toString();
    out.set(id, row);
  };
  for (const c of counted) add(c, -1);
  for (const c of wanted) add(c, 1);
  return [...out.entries()]
    .filter(([, c]) => c.count !== 0 || !dec(c.value).isZero())
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, c]) => c);
}

/** The state of a list as statistics knows it from the events, in whatever order they came. */
export interface ListState {
  facts: ListFacts | null;
  releasedAt: string | null;
  departed: boolean;
  summarised: boolean;
  reversed: boolean;
}

/** The stages a list counts at now: none until it is both declared and released, none once reversed. */
export function stagesOf(state: ListState): StatisticsStage[] {
  if (!state.facts || !state.releasedAt || state.reversed) return [];
  const stages: StatisticsStage[] = ['released'];
  if (state.facts.flow === 'export' && state.departed) stages.push('departed');
  if (state.facts.flow === 'export' && state.summarised) stages.push('summarised');
  return stages;
}
