import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

import {
  CEB311,
  CEB411,
  CEB621,
  maskPersonValue,
  type DocumentDescriptor,
  PERSON_TOKENS,
  samePerson,
  type TopicDefinition,
  Topics,
  valueAt,
} from '@swx/contracts';

import type { GatewayEnv } from '../gateway.env';
import { parsePersonTokenKeys, PersonTokeniser } from './person-tokeniser';

const K1 = 'first-key-0123456789abcdef0123456789';
const K2 = 'second-key-0123456789abcdef0123456789';
const tokeniser = (keys: string) => new PersonTokeniser({ PERSON_TOKEN_KEYS: keys } as GatewayEnv);

describe('PersonTokeniser', () => {
  const t1 = tokeniser(`1:${K1}`);

  it('is stable: one value, one token; pt<version>.<43 base64url characters>', () => {
    const a = t1.tokenList('idNumber', '110101199003070012');
    expect(a).toBe(t1.tokenList('idNumber', '110101199003070012'));
    expect(a).toMatch(/^pt1\.[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(t1.tokenList('idNumber', '110101199003070013'));
  });

  it('tokenises the normalised value: formatting does not change the token, the kind does', () => {
    expect(t1.tokenList('idNumber', ' 11010119900307001x ')).toBe(
      t1.tokenList('idNumber', '11010119900307001X'),
    );
    expect(t1.tokenList('phone', '138-0000 0000')).toBe(t1.tokenList('phone', '13800000000'));
    expect(t1.tokenList('name', '张三')).toBe(t1.tokenList('name', ' 张三 '));
    expect(t1.tokenList('address', '杭州市  西湖区')).toBe(t1.tokenList('address', '杭州市 西湖区'));
    expect(t1.tokenList('name', '13800000000')).not.toBe(t1.tokenList('phone', '13800000000'));
  });

  it('depends on the key: another secret gives another token', () => {
    expect(tokeniser(`1:${K2}`).tokenList('name', '张三')).not.toBe(t1.tokenList('name', '张三'));
  });

  it('keeps comparisons working across a key rotation while both keys are configured', () => {
    const before = t1.tokenList('idNumber', '110101199003070012');
    const during = tokeniser(`2:${K2},1:${K1}`).tokenList('idNumber', '110101199003070012');
    const after = tokeniser(`2:${K2}`).tokenList('idNumber', '110101199003070012');
    expect(during).toMatch(PERSON_TOKENS);
    expect(during.split(' ')).toHaveLength(2);
    expect(during.startsWith('pt2.')).toBe(true);
    expect(samePerson(before, during)).toBe(true);
    expect(samePerson(during, after)).toBe(true);
    expect(samePerson(before, after)).toBe(false);
    expect(samePerson(during, tokeniser(`2:${K2},1:${K1}`).tokenList('idNumber', '110101199003070013'))).toBe(
      false,
    );
  });

  it('refuses malformed key lists', () => {
    expect(() => parsePersonTokenKeys('1:short')).toThrow(/at least 32/);
    expect(() => parsePersonTokenKeys(`x:${K1}`)).toThrow();
    expect(() => parsePersonTokenKeys(`1:${K1},1:${K2}`)).toThrow(/twice/);
    expect(parsePersonTokenKeys(`2:${K2},1:${K1}`).map((k) => k.version)).toEqual([2, 1]);
  });

  it('replaces every person field of a document with a token list and a masked value, and nothing else', () => {
    const { document, masked } = t1.tokeniseDocument(CEB311, CEB311.example);
    for (const { path, kind } of CEB311.personFields) {
      const clear = valueAt(CEB311.example, path) as string;
      expect(valueAt(document, path)).toBe(t1.tokenList(kind, clear));
      expect(masked[path]).toBe(maskPersonValue(kind, clear));
    }
    expect(document.OrderHead.orderNo).toBe(CEB311.example.OrderHead.orderNo);
    expect(CEB311.example.OrderHead.buyerIdNumber).toMatch(/^\d{17}[\dX]$/);
    expect(JSON.stringify({ document, masked })).not.toContain(CEB311.example.OrderHead.buyerIdNumber);
  });

  it('makes payloads the v2 topics validate, and a clear value fails them', () => {
    for (const [descriptor, topic] of [
      [CEB311, Topics.ImportOrderAccepted],
      [CEB411, Topics.ImportPaymentAccepted],
      [CEB621, Topics.ImportInventoryAccepted],
    ] as [DocumentDescriptor, TopicDefinition][]) {
      const base = {
        messageId: '7d3c2f4e-1b2a-4c3d-8e9f-0a1b2c3d4e5f',
        messageType: descriptor.messageType,
        senderCode: '3301960001',
        receivedAt: '2026-11-21T02:00:00.000Z',
      };
      const tokenised = { ...base, ...t1.tokeniseDocument(descriptor, descriptor.example) };
      expect(validateSync(plainToInstance(topic.payload, tokenised))).toEqual([]);
      const clear = { ...base, document: descriptor.example, masked: {} };
      expect(validateSync(plainToInstance(topic.payload, clear))).not.toEqual([]);
    }
  });
});

describe('maskPersonValue', () => {
  it('masks like the REST API: ID numbers and phones keep 3 + 4, names the first character, addresses the district', () => {
    expect(maskPersonValue('idNumber', '110101199003070012')).toBe('110***********0012');
    expect(maskPersonValue('phone', '13812345678')).toBe('138****5678');
    expect(maskPersonValue('name', '张三')).toBe('张*');
    expect(maskPersonValue('name', '欧阳娜娜')).toBe('欧***');
    expect(maskPersonValue('address', '浙江省杭州市西湖区文三路90号')).toBe('浙江省杭州市西湖区***');
    expect(maskPersonValue('address', '上海市浦东新区世纪大道100号')).toBe('上海市浦东新区***');
    expect(maskPersonValue('address', '北京市海淀区中关村大街1号')).toBe('北京市海淀区***');
    expect(maskPersonValue('address', '10 Downing Street')).not.toContain('Downing');
  });
});
