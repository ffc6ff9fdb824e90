import type { DocumentDescriptor } from './ceb/document-descriptor';
import { CEB_MESSAGE_TYPES } from './ceb/document-descriptor';
import { EXPORT_DESCRIPTORS } from './ceb/export';
import { IMPORT_DESCRIPTORS } from './ceb/import';
import { orderNoOfIdentity } from './keys';
import type {
  ClearanceStatusChanged,
  MatchResultDecided,
  TaxAssessmentCompleted,
  TaxAssessmentRequested,
} from './messages/clearance';
import type { DocumentAccepted } from './messages/document-accepted';
import type { DocumentReceipt } from './messages/document-receipt';
import type { ExportSummaryResult } from './messages/export-summary';
import type { TaxBillIssued, TaxBillStatusChanged } from './messages/tax-bill';
import {
  allTopics,
  deadLetterTopic,
  documentTopicOf,
  documentTopics,
  orderKey,
  type PayloadOf,
  RETIRED_TOPICS,
  type TopicDefinition,
  Topics,
} from './topics';

const DESCRIPTORS = [...IMPORT_DESCRIPTORS, ...EXPORT_DESCRIPTORS] as unknown as DocumentDescriptor[];

describe('topic catalogue', () => {
  it('names every topic <producer>.<audience>.<entity>.<event>.v<version>', () => {
    for (const t of allTopics()) {
      expect(t.name).toMatch(/^[a-z]+\.(internal|external)\.[a-z0-9-]+\.[a-z-]+\.v\d+$/);
      expect(t.name.startsWith(`${t.producer}.${t.audience}.`)).toBe(true);
      expect(t.name.endsWith(`.v${t.version}`)).toBe(true);
    }
  });

  it('has unique names, message types and payload classes', () => {
    const topics = allTopics();
    expect(new Set(topics.map((t) => t.name)).size).toBe(topics.length);
    expect(new Set(topics.map((t) => t.messageType)).size).toBe(topics.length);
    expect(new Set(topics.map((t) => t.payload)).size).toBe(topics.length);
    expect(new Set(topics.map((t) => t.payload.name)).size).toBe(topics.length);
    for (const t of topics) {
      expect(typeof t.payload).toBe('function');
      expect(t.keyDescription.length).toBeGreaterThan(0);
    }
  });

  it('derives dead-letter topics and order keys', () => {
    expect(deadLetterTopic(Topics.ImportOrderAccepted.name)).toBe(
      'gateway.external.import-order.accepted.v2.dlt',
    );
    expect(orderKey('ORD-1')).toBe('ORD-1');
  });

  it('has one document topic per declarable CEB document type, keyed like the document', () => {
    expect(documentTopics().map((t) => t.documentType)).toEqual(expect.arrayContaining(CEB_MESSAGE_TYPES));
    expect(documentTopics()).toHaveLength(CEB_MESSAGE_TYPES.length);
    for (const d of DESCRIPTORS) {
      const topic = documentTopicOf(d.messageType);
      expect(topic.producer).toBe('gateway');
      // Types with person fields travel tokenised (docs/personal-data.md), on a new topic version.
      const tokenised = d.personFields.length > 0;
      expect(topic.payload.name).toBe(`${tokenised ? 'Tokenised' : ''}${d.documentClass.name}Accepted`);
      expect(topic.version).toBe(tokenised ? 2 : 1);
      const payload = { document: d.example } as DocumentAccepted<object>;
      expect(topic.keyOf(payload)).toBe(d.keyOf(d.example));
    }
    expect(documentTopicOf('CEB505')).toBe(Topics.ExportWaybillAccepted);
    expect(() => documentTopicOf('CEB999' as never)).toThrow(/no topic carries CEB999/);
  });

  it('keys every message of an order by the order number, whatever the payload calls it', () => {
    const key = <P extends object>(
      topic: TopicDefinition<P>,
      payload: Partial<PayloadOf<TopicDefinition<P>>>,
    ) => topic.keyOf(payload as P);
    expect(key(Topics.TaxAssessmentRequested, { orderNo: 'O-1' } as TaxAssessmentRequested)).toBe('O-1');
    expect(
      key(Topics.TaxAssessmentCompleted, { listIdentity: '3301960001:O-2' } as TaxAssessmentCompleted),
    ).toBe('O-2');
    expect(
      key(Topics.ClearanceStatusChanged, {
        orderNo: 'O-3',
        listIdentity: '3301960001:X',
      } as ClearanceStatusChanged),
    ).toBe('O-3');
    expect(key(Topics.MatchResultDecided, { flow: 'import', caseKey: 'O-4' } as MatchResultDecided)).toBe(
      'O-4',
    );
    expect(
      key(Topics.MatchResultDecided, { flow: 'export', caseKey: '3301960001:O-5' } as MatchResultDecided),
    ).toBe('O-5');
    expect(key(Topics.TaxBillIssued, { listIdentity: '3301960001:O-6' } as TaxBillIssued)).toBe('O-6');
    expect(key(Topics.TaxBillStatusChanged, { listIdentity: '3301960001:O-7' } as TaxBillStatusChanged)).toBe(
      'O-7',
    );
    expect(key(Topics.DocumentReceipt, { orderNo: 'O-8', messageId: 'm' } as DocumentReceipt)).toBe('O-8');
    expect(key(Topics.DocumentReceipt, { messageId: 'm-9' } as DocumentReceipt)).toBe('m-9');
    expect(
      key(Topics.ExportSummaryDecided, { agentCode: '3301960002', copNo: 'C-1' } as ExportSummaryResult),
    ).toBe('3301960002:C-1');
    expect(key(Topics.EnterpriseChanged, { customsCode: '3301960001' })).toBe('3301960001');
    expect(key(Topics.CreditRatingChanged, { enterpriseCode: '3301960001' })).toBe('3301960001');
  });

  it('reads the order number of an <enterprise code>:<orderNo> identity', () => {
    expect(orderNoOfIdentity('3301960001:ORD:1')).toBe('ORD:1');
    expect(() => orderNoOfIdentity('ORD-1')).toThrow(/not an <enterprise code>:<orderNo> identity/);
  });
});

describe('retired topic versions', () => {
  it('names only versions no longer in the catalogue, each with its successor', () => {
    const current = new Set(allTopics().map((t) => t.name));
    for (const name of RETIRED_TOPICS) {
      expect(current.has(name)).toBe(false);
      expect(current.has(name.replace(/\.v1$/, '.v2'))).toBe(true);
    }
    expect(RETIRED_TOPICS).toContain('gateway.external.enterprise.changed.v1');
  });
});
