import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { CEB_MESSAGES, type CebMessageStructure } from './ceb-structure';
import { parseCebXml } from './ceb-xml-parser';
import { buildReceiptXml, receiptRootFor } from './receipt-xml';
import { validateCebXml } from './xsd-validator';

const SAMPLES = path.resolve(__dirname, '../../../testing/golden/ceb-samples');
const sample = (file: string): string => readFileSync(path.join(SAMPLES, file), 'utf8');

const RECEIPT_SAMPLES: Record<string, string> = {
  CEB312Message: 'import/CEB312Message.xml',
  CEB412Message: 'import/CEB412Message.xml',
  CEB512Message: 'import/CEB512Message.xml',
  CEB514Message: 'import/CEB514Message.xml',
  CEB622Message: 'import/CEB622Message.xml',
  CEB624Message: 'import/CEB624Message.xml',
  CEB626Message: 'import/CEB626Message.xml',
  CEB712Message: 'import/CEB712Message.xml',
  CEB214Message: 'export/CEB214Message.xml',
  CEB216Message: 'export/CEB216Message.xml',
  CEB304Message: 'export/CEB304Message.xml',
  CEB404Message: 'export/CEB404Message.xml',
  CEB506Message: 'export/CEB506Message.xml',
  CEB508Message: 'export/CEB508Message.xml',
  CEB510Message: 'export/CEB510Message.xml',
  CEB604Message: 'export/CEB604Message.xml',
  CEB606Message: 'export/CEB606Message.xml',
  CEB608Message: 'export/CEB608Message.xml',
  CEB702Message: 'export/CEB702Message.xml',
};

const GUID = '0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D';
const FORMAT_RECEIPT = {
  guid: GUID,
  returnStatus: '-1',
  returnInfo: 'schema 验证不通过 <&> "quoted"',
  returnTime: '20261121093000123',
  oriCopMsgId: '',
  oriMessageType: 'CEB311Message',
  oriBizMessage:
    '<ceb:CEB311Message xmlns:ceb="http://www.chinaport.gov.cn/ceb"><![CDATA[x]]></ceb:CEB311Message>',
};

/**
 * The entries of an official receipt sample, as strings (the builder takes text). The CEB214 sample is off the
 * XSD twice (root `CEB214`, an `appSenderId` the XSD lacks): both are mended here, see docs/ceb-samples.md.
 */
function sampleEntries(root: string): Record<string, string>[] {
  const xml = sample(RECEIPT_SAMPLES[root])
    .replace(/<(\/?)ceb:CEB214([\s>])/g, '<$1ceb:CEB214Message$2')
    .replace(/<ceb:appSenderId>[^<]*<\/ceb:appSenderId>/g, '');
  return parseCebXml(xml).documents.map((d) =>
    Object.fromEntries(Object.entries(d).map(([k, v]) => [k, String(v)])),
  );
}

const receipts = (Object.values(CEB_MESSAGES) as readonly CebMessageStructure[]).filter(
  (m) => m.kind === 'receipt',
);

describe('receiptRootFor', () => {
  it('maps a request type to its receipt root, entry and fields in XSD order', () => {
    expect(receiptRootFor('CEB311')).toEqual({
      root: 'CEB312Message',
      entry: 'OrderReturn',
      fields: ['guid', 'ebpCode', 'ebcCode', 'orderNo', 'returnStatus', 'returnTime', 'returnInfo'],
    });
    expect(receiptRootFor('CEB621Message')).toMatchObject({
      root: 'CEB622Message',
      entry: 'InventoryReturn',
    });
    expect(receiptRootFor('CEB603')).toMatchObject({ root: 'CEB604Message', entry: 'InventoryReturn' });
    expect(receiptRootFor('CEB213')).toMatchObject({ root: 'CEB214Message', entry: 'RefundReturn' });
    expect(receiptRootFor('CEB701')).toMatchObject({ root: 'CEB702Message', entry: 'SummaryReturn' });
  });

  it('has an answer for every declaration of both XSDs', () => {
    const declarations = (Object.values(CEB_MESSAGES) as readonly CebMessageStructure[]).filter(
      (m) => m.kind === 'declaration',
    );
    const roots = declarations.map((d) => receiptRootFor(d.messageType).root);
    expect(roots).toHaveLength(19);
    expect(new Set(roots).size).toBe(19);
  });

  it.each(['CEB312', 'CEB792', 'CEB999', 'OrderHead'])('refuses %s, which has no receipt', (type) => {
    expect(() => receiptRootFor(type)).toThrow(`${type} is not a CEB declaration with a receipt`);
  });
});

describe('buildReceiptXml', () => {
  it('has an official sample (or, for CEB900, a fixture) for every receipt of the XSDs', () => {
    expect([...Object.keys(RECEIPT_SAMPLES), 'CEB900Message'].sort()).toEqual(
      receipts.map((r) => r.rootElement),
    );
  });

  it('builds every receipt type from the official samples, each valid against its XSD and read back unchanged', async () => {
    const built = Object.keys(RECEIPT_SAMPLES).map((root) => ({
      root,
      entries: sampleEntries(root),
      xml: buildReceiptXml(root, sampleEntries(root), { guid: GUID }),
    }));
    built.push({
      root: 'CEB900Message',
      entries: [FORMAT_RECEIPT],
      xml: buildReceiptXml('CEB900Message', [FORMAT_RECEIPT]),
    });
    const verdicts = await Promise.all(built.map((b) => validateCebXml(b.xml)));
    built.forEach((b, i) => {
      expect({ root: b.root, ...verdicts[i] }).toEqual({
        root: b.root,
        valid: true,
        schema: CEB_MESSAGES[b.root as keyof typeof CEB_MESSAGES].schema,
        errors: [],
      });
      const read = parseCebXml(b.xml);
      expect(read.rootElement).toBe(b.root);
      expect(
        read.documents.map((d) => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, String(v)]))),
      ).toEqual(b.entries);
    });
  });

  it('writes the official envelope: namespace, guid, version 1.0, fields in XSD order whatever the input order', () => {
    const xml = buildReceiptXml(
      'CEB312Message',
      [
        {
          returnInfo: '新增申报成功',
          returnTime: '20261121093000123',
          returnStatus: '2',
          orderNo: 'ORD-1',
          ebcCode: '3301960001',
          ebpCode: '3301960002',
          guid: GUID,
        },
      ],
      { guid: GUID },
    );
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<CEB312Message guid="${GUID}" version="1.0" xmlns="http://www.chinaport.gov.cn/ceb">`,
        '\t<OrderReturn>',
        `\t\t<guid>${GUID}</guid>`,
        '\t\t<ebpCode>3301960002</ebpCode>',
        '\t\t<ebcCode>3301960001</ebcCode>',
        '\t\t<orderNo>ORD-1</orderNo>',
        '\t\t<returnStatus>2</returnStatus>',
        '\t\t<returnTime>20261121093000123</returnTime>',
        '\t\t<returnInfo>新增申报成功</returnInfo>',
        '\t</OrderReturn>',
        '</CEB312Message>',
        '',
      ].join('\n'),
    );
  });

  it('generates an upper-case UUID guid when none is given', () => {
    const xml = buildReceiptXml('CEB900Message', [FORMAT_RECEIPT]);
    expect(parseCebXml(xml).guid).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
  });

  it('escapes text so that it reads back exactly, CR included', () => {
    const returnInfo = '退单 <a href="x">&amp;</a> ]]> \'q\' a\r\nb';
    const xml = buildReceiptXml('CEB900Message', [{ ...FORMAT_RECEIPT, returnInfo }]);
    expect(xml).toContain(
      '<returnInfo>退单 &lt;a href="x"&gt;&amp;amp;&lt;/a&gt; ]]&gt; \'q\' a&#13;\nb</returnInfo>',
    );
    expect(parseCebXml(xml).documents[0].returnInfo).toBe(returnInfo);
  });

  it('accepts the short message type for the root', () => {
    expect(buildReceiptXml('CEB900', [FORMAT_RECEIPT], { guid: GUID })).toBe(
      buildReceiptXml('CEB900Message', [FORMAT_RECEIPT], { guid: GUID }),
    );
  });

  it.each([
    ['a request root', 'CEB311Message', [FORMAT_RECEIPT], 'CEB311Message is not a CEB receipt message'],
    ['no entries', 'CEB312Message', [], 'CEB312Message takes 1 to 100 OrderReturn entries'],
    [
      'two entries where one is allowed',
      'CEB900Message',
      [FORMAT_RECEIPT, FORMAT_RECEIPT],
      'CEB900Message takes 1 to 1 MessageReturn entries',
    ],
    [
      'a field not in the XSD',
      'CEB900Message',
      [{ ...FORMAT_RECEIPT, extra: 'x' }],
      'MessageReturn[0] has fields not in the XSD: extra',
    ],
    [
      'a missing mandatory field',
      'CEB900Message',
      [{ ...FORMAT_RECEIPT, returnTime: undefined as unknown as string }],
      'MessageReturn[0].returnTime is mandatory',
    ],
    [
      'a character XML cannot carry',
      'CEB900Message',
      [{ ...FORMAT_RECEIPT, returnInfo: 'a\u0000b' }],
      'U+0000 cannot be written in XML',
    ],
  ])('refuses %s', (_case, root, entries, message) => {
    expect(() => buildReceiptXml(root, entries)).toThrow(message);
  });

  it('refuses more entries than the XSD allows (100) and a guid of the wrong length', () => {
    const entry = sampleEntries('CEB312Message')[0];
    expect(() =>
      buildReceiptXml(
        'CEB312Message',
        Array.from({ length: 101 }, () => entry),
      ),
    ).toThrow('CEB312Message takes 1 to 100 OrderReturn entries');
    expect(() => buildReceiptXml('CEB312Message', [entry], { guid: 'abc' })).toThrow(
      'guid must have 36 characters',
    );
  });
});
