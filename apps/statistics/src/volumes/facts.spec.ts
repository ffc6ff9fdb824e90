import { EXPORT_INVENTORY_EXAMPLE, IMPORT_INVENTORY_EXAMPLE } from '@swx/contracts';

import {
  type Contribution,
  contributionsOf,
  deltaOf,
  exportListFacts,
  importListFacts,
  type ListFacts,
  type ListState,
  stagesOf,
} from './facts';

const list: ListFacts = {
  flow: 'export',
  identity: 'AGENT00001:COP1',
  orderNo: 'O1',
  appTime: '20261121103000',
  tradeMode: '9810',
  ebpCode: 'PLATFORM01',
  ebcCode: 'SELLER0001',
  agentCode: 'AGENT00001',
  logisticsCode: 'CARRIER001',
  country: '502',
  lines: [
    { gcode: '6109100021', currency: '502', value: '100.10' },
    { gcode: '6109200000', currency: '502', value: '0.20' },
    { gcode: '6912001000', currency: '300', value: '3.00' },
  ],
};

const find = (cs: Contribution[], dimension: string, key: string, currency?: string) =>
  cs.filter((c) => c.dimension === dimension && c.key === key && (!currency || c.currency === currency));

describe('statistics facts', () => {
  it('reads lists without person data, B2B2C from 9810', () => {
    const imported = importListFacts(IMPORT_INVENTORY_EXAMPLE);
    expect(imported).toMatchObject({
      flow: 'import',
      identity: `${IMPORT_INVENTORY_EXAMPLE.InventoryHead.ebcCode}:${IMPORT_INVENTORY_EXAMPLE.InventoryHead.orderNo}`,
    });
    expect(JSON.stringify(imported)).not.toContain(IMPORT_INVENTORY_EXAMPLE.InventoryHead.buyerIdNumber);
    const exported = exportListFacts(EXPORT_INVENTORY_EXAMPLE);
    expect(exported.identity).toBe(
      `${EXPORT_INVENTORY_EXAMPLE.InventoryHead.agentCode}:${EXPORT_INVENTORY_EXAMPLE.InventoryHead.copNo}`,
    );
    expect(exported.lines).toHaveLength(2);
    expect(contributionsOf(list, '2026-11-21', ['released'])[0].businessType).toBe('B2B2C');
  });

  it('counts a list once per key, values per key and currency, exactly', () => {
    const cs = contributionsOf(list, '2026-11-21', ['released']);
    // total: counted once (on the first line's currency), valued per currency.
    expect(find(cs, 'total', '*').map((c) => [c.currency, c.count, c.value])).toEqual([
      ['502', 1, '100.3'],
      ['300', 0, '3'],
    ]);
    // two lines in chapter 61: one list, their values added without floating point.
    expect(find(cs, 'hsChapter', '61').map((c) => [c.count, c.value])).toEqual([[1, '100.3']]);
    expect(find(cs, 'hsHeading', '6109').map((c) => [c.count, c.value])).toEqual([[1, '100.3']]);
    expect(find(cs, 'hsChapter', '69').map((c) => [c.count, c.value])).toEqual([[1, '3']]);
    expect(find(cs, 'country', '502').reduce((n, c) => n + c.count, 0)).toBe(1);
    expect(find(cs, 'seller', 'SELLER0001').reduce((n, c) => n + c.count, 0)).toBe(1);
  });

  it('counts at release only, with departure and summary as later stages of exports; a reversal counts nothing', () => {
    const state: ListState = {
      facts: list,
      releasedAt: null,
      departed: true,
      summarised: true,
      reversed: false,
    };
    expect(stagesOf(state)).toEqual([]);
    expect(stagesOf({ ...state, releasedAt: '2026-11-21T02:00:00Z' })).toEqual([
      'released',
      'departed',
      'summarised',
    ]);
    expect(
      stagesOf({ ...state, releasedAt: '2026-11-21T02:00:00Z', departed: false, summarised: false }),
    ).toEqual(['released']);
    expect(stagesOf({ ...state, releasedAt: '2026-11-21T02:00:00Z', reversed: true })).toEqual([]);
    expect(stagesOf({ ...state, facts: null, releasedAt: '2026-11-21T02:00:00Z' })).toEqual([]);
    const imported = { ...list, flow: 'import' as const };
    expect(stagesOf({ ...state, facts: imported, releasedAt: '2026-11-21T02:00:00Z' })).toEqual(['released']);
  });

  it('takes back exactly what was counted: the delta of a reversal is the negation, of a redelivery nothing', () => {
    const counted = contributionsOf(list, '2026-11-21', ['released', 'departed']);
    expect(deltaOf(counted, counted)).toEqual([]);
    const reversal = deltaOf(counted, []);
    expect(reversal).toHaveLength(counted.length);
    for (const r of reversal) {
      const original = counted.find(
        (c) =>
          c.dimension === r.dimension && c.key === r.key && c.currency === r.currency && c.stage === r.stage,
      )!;
      expect(r.count + original.count).toBe(0);
      expect(r.value).toBe(`-${original.value}`);
    }
    // A change of value before release replaced after counting: only the difference moves.
    const changed = contributionsOf(
      { ...list, lines: [{ ...list.lines[0], value: '100.15' }, ...list.lines.slice(1)] },
      '2026-11-21',
      ['released', 'departed'],
    );
    const delta = deltaOf(counted, changed);
    expect(
      delta.map((d) => [d.stage, d.dimension, d.key, d.count, d.value]).filter((d) => d[1] === 'total'),
    ).toEqual([
      ['departed', 'total', '*', 0, '0.05'],
      ['released', 'total', '*', 0, '0.05'],
    ]);
  });

  it('moves a list to another day as a whole when its release day changes', () => {
    const a = contributionsOf(list, '2026-11-21', ['released']);
    const b = contributionsOf(list, '2026-11-22', ['released']);
    const delta = deltaOf(a, b);
    expect(
      delta.filter((d) => d.dimension === 'total' && d.currency === '502').map((d) => [d.day, d.count]),
    ).toEqual([
      ['2026-11-21', -1],
      ['2026-11-22', 1],
    ]);
  });
});
