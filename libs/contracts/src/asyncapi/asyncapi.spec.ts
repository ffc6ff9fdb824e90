import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';

import { allTopics } from '../topics';
import { asyncApiDocument } from './asyncapi';

describe('AsyncAPI document', () => {
  const document = asyncApiDocument() as {
    channels: Record<string, { address: string }>;
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
  });

  it('is what docs/asyncapi.yaml holds (regenerate with npm run asyncapi)', () => {
    const committed = parse(readFileSync(join(__dirname, '../../../../docs/asyncapi.yaml'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(document)));
  });
});
