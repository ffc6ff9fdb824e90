import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';

import { TOPIC_RETENTION_MS } from '../retention';
import { allTopics } from '../topics';
import { asyncApiDocument } from './asyncapi';

describe('AsyncAPI document', () => {
  const document = asyncApiDocument() as {
    channels: Record<
      string,
      { address: string; bindings?: { kafka: { topicConfiguration: { 'retention.ms': number } } } }
    >;
    components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
  };

  it('documents every topic of the catalogue, external and internal', () => {
    const addresses = Object.values(document.channels).map((c) => c.address);
    expect(addresses.sort()).toEqual(
      allTopics()
        .map((t) => t.name)
        .sort(),
    );
  });

  it('describes payloads from the classes consumers validate with', () => {
    const receipt = document.components.schemas.DocumentReceipt;
    expect(Object.keys(receipt.properties ?? {})).toEqual(
      expect.arrayContaining(['messageId', 'documentType', 'returnStatus', 'returnTime', 'returnInfo']),
    );
    expect(document.components.schemas.AssessmentLine).toBeDefined();
    // Transaction e-information pushed with what the pull gives: seller, country, payer, list and departure.
    expect(Object.keys(document.components.schemas.ForexTransactionRecorded.properties ?? {})).toEqual(
      expect.arrayContaining([
        'enterpriseName',
        'country',
        'payerName',
        'payNo',
        'listCopNo',
        'invtNo',
        'logisticsNo',
        'departureCopNo',
        'departedAt',
      ]),
    );
  });

  it('tells the retention of the topics the statistics rebuild reads from their first message', () => {
    const retained = Object.values(document.channels)
      .filter((c) => c.bindings?.kafka.topicConfiguration['retention.ms'] === -1)
      .map((c) => c.address);
    expect(retained.sort()).toEqual(Object.keys(TOPIC_RETENTION_MS).sort());
    expect(retained).toContain('customs.external.clearance-status.changed.v1');
  });

  it('is what docs/asyncapi.yaml holds (regenerate with npm run asyncapi)', () => {
    const committed = parse(readFileSync(join(__dirname, '../../../../docs/asyncapi.yaml'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(document)));
  });
});
