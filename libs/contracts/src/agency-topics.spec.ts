import {
  AGENCY_TOPICS,
  agencyTopics,
  consumerGroupPrefix,
  REGULATOR_AGENCIES,
  topicStem,
} from './agency-topics';
import { allTopics, deadLetterTopic, type TopicDefinition, Topics } from './topics';

const names = (topics: TopicDefinition[]): string[] => topics.map((t) => t.name);

describe('per-agency topic table', () => {
  it('has an entry for each of the seven regulator agencies', () => {
    expect([...REGULATOR_AGENCIES].sort()).toEqual(
      ['commerce', 'credit', 'customs', 'forex', 'market', 'post', 'tax'].sort(),
    );
    expect(Object.keys(AGENCY_TOPICS).sort()).toEqual([...REGULATOR_AGENCIES].sort());
  });

  it('grants only external topics, never an internal or dead-letter topic', () => {
    for (const agency of REGULATOR_AGENCIES) {
      for (const t of agencyTopics(agency)) {
        expect([agency, t.name, t.audience]).toEqual([agency, t.name, 'external']);
        expect(t.name.endsWith('.dlt')).toBe(false);
      }
      expect(names(agencyTopics(agency))).not.toContain(Topics.TaxAssessmentRequested.name);
      expect(names(agencyTopics(agency))).not.toContain(deadLetterTopic(Topics.ImportOrderAccepted.name));
    }
  });

  it('gives customs every external topic, and the other agencies strictly less', () => {
    const external = allTopics().filter((t) => t.audience === 'external');
    expect(names(agencyTopics('customs'))).toEqual(names(external));
    for (const agency of REGULATOR_AGENCIES.filter((a) => a !== 'customs')) {
      expect(agencyTopics(agency).length).toBeLessThan(external.length);
    }
  });

  it('keeps customs-only topics from tax: waybills, match results, receipts', () => {
    const tax = names(agencyTopics('tax'));
    expect(tax).toContain(Topics.ImportOrderAccepted.name);
    expect(tax).toContain(Topics.ImportInventoryAccepted.name);
    expect(tax).toContain(Topics.TaxBillIssued.name);
    expect(tax).not.toContain(Topics.ImportWaybillAccepted.name);
    expect(tax).not.toContain(Topics.MatchResultDecided.name);
    expect(tax).not.toContain(Topics.DocumentReceipt.name);
    expect(names(agencyTopics('post'))).toContain(Topics.ImportWaybillAccepted.name);
    expect(names(agencyTopics('credit'))).toEqual(
      [
        Topics.EnterpriseChanged.name,
        Topics.CreditRatingChanged.name,
        Topics.CreditListEntryChanged.name,
        Topics.ForexVerificationAnomaly.name,
        Topics.LogisticsAnomalyReported.name,
        Topics.RiskCaseConcluded.name,
      ].sort((a, b) => names(allTopics()).indexOf(a) - names(allTopics()).indexOf(b)),
    );
  });

  it('follows new versions of a topic: an entitlement names a topic definition, not a version', () => {
    const v2 = { ...Topics.TaxBillIssued, name: 'tax.external.tax-bill.issued.v2', version: 2 };
    const doc2 = {
      ...Topics.ImportOrderAccepted,
      name: 'gateway.external.import-order.accepted.v2',
      version: 2,
    };
    const waybill2 = { ...Topics.ImportWaybillAccepted, name: 'gateway.external.import-waybill.accepted.v2' };
    const catalogue = [...allTopics(), v2, doc2, waybill2] as TopicDefinition[];
    const tax = names(agencyTopics('tax', catalogue));
    expect(tax).toEqual(expect.arrayContaining([v2.name, doc2.name]));
    expect(tax).not.toContain(waybill2.name);
    expect(topicStem('tax.external.tax-bill.issued.v12')).toBe('tax.external.tax-bill.issued');
  });

  it('gives every client its own consumer-group prefix under its agency', () => {
    expect(consumerGroupPrefix('customs', 'reg-customs-1a2b3c4d')).toBe('customs.reg-customs-1a2b3c4d.');
  });
});
