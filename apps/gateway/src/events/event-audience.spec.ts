import { ForbiddenException } from '@nestjs/common';

import { agencyTopics, DEMO_ENTERPRISES, Topics } from '@swx/contracts';
import { FieldValidationException } from '@swx/platform';

import type { Principal } from '../auth/principal';
import { eventAudienceOf, feedTopics, parseTopicList } from './event-audience';
import { enterpriseCodesOf } from './event-feed';

const regulator = (
  agency: Principal['agency'],
  scopes: Principal['scopes'] = ['regulator:read'],
): Principal => ({
  clientId: `reg-${agency}`,
  kind: 'regulator',
  agency,
  roles: [],
  scopes,
  tokenId: 't',
});

describe('event audience', () => {
  it('gives a regulator its agency’s table, and only external topics', () => {
    const tax = eventAudienceOf(regulator('tax'));
    expect(tax.topics).toEqual(agencyTopics('tax').map((t) => t.name));
    expect(tax.topics).not.toContain(Topics.ImportWaybillAccepted.name);
    expect(feedTopics().every((t) => t.audience === 'external')).toBe(true);
    expect(feedTopics().map((t) => t.name)).not.toContain(Topics.TaxAssessmentRequested.name);
  });

  it('narrows to the requested topics, refusing unknown ones (400) and unentitled ones (403)', () => {
    expect(eventAudienceOf(regulator('tax'), [Topics.ImportOrderAccepted.name])).toEqual({
      topics: [Topics.ImportOrderAccepted.name],
    });
    expect(() => eventAudienceOf(regulator('tax'), ['x.external.y.z.v1'])).toThrow(FieldValidationException);
    expect(() => eventAudienceOf(regulator('tax'), [Topics.TaxAssessmentRequested.name])).toThrow(
      FieldValidationException,
    );
    expect(() => eventAudienceOf(regulator('tax'), [Topics.ImportWaybillAccepted.name])).toThrow(
      ForbiddenException,
    );
  });

  it('refuses enterprises, operators and regulators without the read scope', () => {
    const enterprise: Principal = {
      clientId: 'e',
      kind: 'enterprise',
      enterpriseCode: DEMO_ENTERPRISES.platform.customsCode,
      roles: ['ebp'],
      scopes: ['documents:read'],
      tokenId: 't',
    };
    expect(() => eventAudienceOf(enterprise)).toThrow(ForbiddenException);
    expect(() => eventAudienceOf({ ...enterprise, kind: 'operator', scopes: ['registry:read'] })).toThrow(
      ForbiddenException,
    );
    expect(() => eventAudienceOf(regulator('customs', []))).toThrow(ForbiddenException);
  });

  it('parses comma-separated and repeated topic parameters', () => {
    expect(parseTopicList(' a, b ,,c')).toEqual(['a', 'b', 'c']);
    expect(parseTopicList(['a,b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(parseTopicList(undefined)).toEqual([]);
  });
});

describe('a bank’s audience', () => {
  const bank: Principal = {
    clientId: 'bank-BKCHCNBJ330-1',
    kind: 'bank',
    bankCode: 'BKCHCNBJ330',
    roles: [],
    scopes: ['forex:bank'],
    tokenId: 't',
  };

  it('is the forex records, filtered to the bank’s customers, and nothing else', () => {
    expect(eventAudienceOf(bank)).toEqual({
      topics: [Topics.ForexTransactionRecorded.name, Topics.ForexSettlementRecorded.name],
      bankCode: 'BKCHCNBJ330',
    });
    expect(() => eventAudienceOf(bank, [Topics.ClearanceStatusChanged.name])).toThrow(ForbiddenException);
    expect(() => eventAudienceOf({ ...bank, scopes: [] })).toThrow(ForbiddenException);
  });
});

describe('enterprises an event concerns', () => {
  it('collects the customs codes of the payload and of its document', () => {
    expect(
      enterpriseCodesOf({
        enterpriseCode: '3301968AAA',
        orderNo: 'X',
        document: { ebpCode: '3301968BBB', ebcCode: '3301968BBB', currency: '142', payCode: 'not a code' },
      }),
    ).toEqual(['3301968AAA', '3301968BBB']);
    expect(enterpriseCodesOf({ bankCode: 'BKCHCNBJ330', enterpriseCodes: ['3301968CCC', 'x'] })).toEqual([
      '3301968CCC',
    ]);
    expect(enterpriseCodesOf(null)).toEqual([]);
    expect(enterpriseCodesOf({ document: [] })).toEqual([]);
  });
});
