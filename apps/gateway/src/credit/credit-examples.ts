/**
 * The Swagger example of a credit file: a clean file (85, B) with a court judgement of medium severity, rated as
 * the scoring model in force rates it (credit-examples.spec.ts checks it against the model's `rate`).
 */
export const FILE_EXAMPLE = {
  enterpriseCode: '3301968AAA',
  kind: 'enterprise',
  name: '示范跨境电商有限公司',
  level: 'D',
  rating: {
    score: '45.00',
    modelVersion: '2026.1',
    reason: 'score 45.00 → D (model 2026.1); deductions: court judgement −40.00',
    explanation: {
      modelVersion: '2026.1',
      baseScore: 85,
      score: '45.00',
      thresholds: { A: 90, B: 70, C: 50 },
      scoreLevel: 'D',
      deductions: [
        {
          factId: 'regulator:0a4c7d8e-1f2b-4c3d-8e9f-0a1b2c3d4e5f',
          kind: 'regulator.courtJudgement',
          source: 'credit',
          severity: 'medium',
          occurredAt: '2026-11-30T02:00:00.000Z',
          expiresAt: '2031-11-29T02:00:00.000Z',
          points: '40.00',
          reason: '(2026)浙01民初88号：合同欺诈',
        },
      ],
      capped: [],
      floors: [],
      caps: [],
      lists: [],
      level: 'D',
    },
    ratedAt: '2026-11-30T02:00:00.000Z',
    nextReviewAt: '2031-11-29T02:00:00.000Z',
  },
  facts: [
    {
      id: 'regulator:0a4c7d8e-1f2b-4c3d-8e9f-0a1b2c3d4e5f',
      source: 'credit',
      kind: 'regulator.courtJudgement',
      severity: 'medium',
      occurredAt: '2026-11-30T02:00:00.000Z',
      expiresAt: '2031-11-29T02:00:00.000Z',
      status: 'active',
      reason: '(2026)浙01民初88号：合同欺诈',
      evidence: ['(2026)浙01民初88号'],
      recordedBy: '王明 (HZ-CR-0107) [credit/reg-credit-1]',
      reversalReason: null,
      recordedAt: '2026-11-30T02:00:00.000Z',
    },
  ],
  listEntries: [],
  appeals: [],
  howToAppeal: 'Appeal: POST /v1/credit/appeals {"target":"fact"|"list-entry","targetId":…,"grounds":…}',
};
