import type { ClearanceStatusChanged, MatchResultDecided } from '@swx/contracts';

import { loadScoringModel } from '../rating/scoring-model';
import {
  anomalyFacts,
  clearanceFacts,
  ebcOf,
  matchFacts,
  registryFacts,
  riskFacts,
  shortfallFacts,
} from './event-facts';

const model = loadScoringModel();
const AT = '2026-11-30T10:00:00.000Z';

describe('facts of consumed events', () => {
  it('records an import refusal by rule against the order (its enterprise comes with the refused list)', () => {
    const failed: MatchResultDecided = {
      caseKey: 'ORD1',
      flow: 'import',
      outcome: 'failed',
      failures: [{ code: '1325', message: '支付金额与订单不符' }],
      decidedAt: AT,
    };
    const { record } = matchFacts(model, failed);
    expect(record).toEqual([
      expect.objectContaining({
        id: 'customs:match:import:ORD1',
        subjectCode: null,
        orderNo: 'ORD1',
        kind: 'customs.matchRefused',
        severity: 'medium',
        status: 'active',
        expiresAt: '2027-11-30T10:00:00.000Z',
      }),
    ]);
    expect(record[0].reason).toContain('1325');
    expect(
      matchFacts(model, { ...failed, caseKey: '3301960001:E1', flow: 'export' }).record[0],
    ).toMatchObject({
      subjectCode: '3301960001',
      orderNo: 'E1',
    });
  });

  it('reverses the refusal when the corrected documents pass, and ignores incomplete cases', () => {
    const passed: MatchResultDecided = {
      caseKey: 'ORD1',
      flow: 'import',
      outcome: 'passed',
      failures: [],
      decidedAt: AT,
    };
    expect(matchFacts(model, passed)).toEqual({
      record: [],
      reverse: [
        {
          ids: ['customs:match:import:ORD1'],
          version: AT,
          reason: 'the documents were corrected and passed',
        },
      ],
    });
    expect(matchFacts(model, { ...passed, outcome: 'incomplete' })).toEqual({ record: [], reverse: [] });
  });

  it('counts a detention against the list’s enterprise, lifted by a later release; a return after release is low', () => {
    const base: ClearanceStatusChanged = {
      event: 'detained',
      flow: 'import',
      listMessageId: '0b7e8f5c-3c1a-4d51-9a55-6f0f7a2f1c3e',
      listIdentity: '3301960002:ORD2',
      orderNo: 'ORD2',
      returnStatus: '501',
      returnInfo: '[Code:501;Desc:扣留]',
      occurredAt: AT,
    };
    expect(clearanceFacts(model, base).record[0]).toMatchObject({
      id: 'customs:detained:3301960002:ORD2',
      subjectCode: '3301960002',
      kind: 'customs.inspectionDetained',
      severity: 'high',
    });
    expect(clearanceFacts(model, { ...base, event: 'released', returnStatus: '800' }).reverse[0].ids).toEqual(
      ['customs:detained:3301960002:ORD2'],
    );
    expect(clearanceFacts(model, { ...base, event: 'returned' }).record[0]).toMatchObject({
      severity: 'low',
    });
    expect(clearanceFacts(model, { ...base, event: 'matched' })).toEqual({ record: [], reverse: [] });
  });

  it('files an export list’s return under its e-commerce enterprise, not the agent its identity starts with', () => {
    const returned: ClearanceStatusChanged = {
      event: 'returned',
      flow: 'export',
      listMessageId: '0b7e8f5c-3c1a-4d51-9a55-6f0f7a2f1c3e',
      listIdentity: '3301980004:COP-E-1',
      orderNo: 'EXP1',
      ebcCode: '3301960002',
      returnStatus: '800',
      returnInfo: '[Code:2600;Desc:退货完成]',
      occurredAt: AT,
    };
    expect(clearanceFacts(model, returned).record).toEqual([
      expect.objectContaining({
        id: 'customs:returned:3301980004:COP-E-1',
        subjectCode: '3301960002',
        kind: 'customs.returnedAfterRelease',
      }),
    ]);
    expect(ebcOf(returned)).toBe('3301960002');
    // An export event from before the field names no enterprise: nothing is filed against the agent.
    const { ebcCode: _omitted, ...older } = returned;
    expect(ebcOf(older)).toBeUndefined();
    expect(clearanceFacts(model, older)).toEqual({ record: [], reverse: [] });
    // An import list's identity starts with its enterprise.
    expect(ebcOf({ flow: 'import', listIdentity: '3301960002:ORD2' })).toBe('3301960002');
  });

  it('keeps one fact per anomaly id, withdrawn as a reversal; a false positive clears a risk case', () => {
    const anomaly = {
      anomalyId: 'no-scan:YT1',
      status: 'withdrawn' as const,
      enterpriseCode: '3301980003',
      kind: 'logistics.noScanAfterRelease',
      severity: 'medium' as const,
      occurredAt: AT,
      reason: 'late scan arrived',
      evidence: ['YT1'],
    };
    expect(anomalyFacts(model, 'logistics', anomaly).record[0]).toMatchObject({
      id: 'logistics:no-scan:YT1',
      status: 'reversed',
      reversalReason: expect.stringContaining('withdrawn'),
    });
    const risk = riskFacts(model, {
      caseId: 'c1',
      enterpriseCode: '3301960001',
      ruleCode: 'risk.orderSplitting',
      grade: 'orange',
      outcome: 'falsePositive',
      concludedAt: AT,
      reason: 'reviewed',
    });
    expect(risk.record[0]).toMatchObject({ id: 'risk:c1', severity: 'high', status: 'reversed' });
  });

  it('counts a registry suspension while it lasts', () => {
    const e = {
      change: 'suspended',
      customsCode: '3301960001',
      kind: 'enterprise',
      name: '示范',
      roles: ['ebp'],
      contacts: [],
      status: 'suspended',
      suspensionReason: '虚假备案',
      version: 3,
      registeredAt: AT,
      updatedAt: AT,
    } as unknown as Parameters<typeof registryFacts>[1];
    expect(registryFacts(model, e).record[0]).toMatchObject({
      id: 'registry:suspended:3301960001',
      expiresAt: null,
    });
    expect(registryFacts(model, { ...e, status: 'active' }).reverse[0].ids).toEqual([
      'registry:suspended:3301960001',
    ]);
  });

  it('records a guarantee shortfall against the guarantor, once per request; other answers are no facts', () => {
    const held = {
      requestId: '5b7c2f10-8a0e-4f43-9d7e-3c1b2a4d5e6f',
      listMessageId: '0b7e8f5c-3c1a-4d51-9a55-6f0f7a2f1c3e',
      listIdentity: '3301960002:ORD3',
      outcome: 'guarantee-insufficient' as const,
      assureCode: '3301960001',
      message: '担保企业[3301960001]担保余额[100.00]不足以担保本清单税款[207.53]',
      dutiableValue: '900.00',
      customsTax: '0.00',
      valueAddedTax: '96.35',
      consumptionTax: '111.18',
      taxTotal: '207.53',
      lines: [],
    };
    expect(shortfallFacts(model, held, AT).record).toEqual([
      expect.objectContaining({
        id: 'tax:shortfall:5b7c2f10-8a0e-4f43-9d7e-3c1b2a4d5e6f',
        subjectCode: '3301960001',
        kind: 'tax.guaranteeShortfall',
        severity: 'low',
      }),
    ]);
    expect(shortfallFacts(model, { ...held, outcome: 'assessed' }, AT)).toEqual({ record: [], reverse: [] });
    expect(shortfallFacts(model, { ...held, assureCode: undefined }, AT)).toEqual({
      record: [],
      reverse: [],
    });
  });
});
