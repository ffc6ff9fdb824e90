import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { CebXmlParseError, parseCebXml } from './ceb-xml-parser';

const SAMPLES = path.resolve(__dirname, '../../../testing/golden/ceb-samples');
const sample = (file: string): string => readFileSync(path.join(SAMPLES, file), 'utf8');

const NS = 'xmlns="http://www.chinaport.gov.cn/ceb"';
const GUID = '4CDE1CFD-EDED-46B1-946C-B8022E42FC94';

function order(lines: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<CEB311Message guid="${GUID}" version="1.0" ${NS}>
  <Order>
    <OrderHead><orderNo>A1</orderNo><goodsValue>100.10</goodsValue></OrderHead>
    ${lines}
  </Order>
  <BaseTransfer><copCode>1105910159</copCode><note></note></BaseTransfer>
</CEB311Message>`;
}

function parseError(xml: string): CebXmlParseError {
  try {
    parseCebXml(xml);
  } catch (error) {
    if (error instanceof CebXmlParseError) return error;
    throw error;
  }
  throw new Error('expected a CebXmlParseError');
}

describe('parseCebXml', () => {
  it('reads the envelope and one object per document, keyed by child element names', () => {
    const message = parseCebXml(
      order('<OrderList><gnum>1</gnum><price>0.10</price><qty>3</qty></OrderList>'),
    );
    expect(message).toEqual({
      rootElement: 'CEB311Message',
      messageType: 'CEB311',
      guid: GUID,
      version: '1.0',
      baseTransfer: { copCode: '1105910159', note: '' },
      signed: false,
      documents: [
        {
          OrderHead: { orderNo: 'A1', goodsValue: '100.10' },
          OrderList: [{ gnum: 1, price: '0.10', qty: '3' }],
        },
      ],
    });
  });

  it('keeps amounts as the exact text and turns XSD integers into numbers', () => {
    const message = parseCebXml(
      order(
        '<OrderList><gnum> 1 </gnum><price>12345678901234.12345</price></OrderList>' +
          '<OrderList><gnum>+02</gnum><price>0.1</price></OrderList>',
      ),
    );
    const lines = message.documents[0].OrderList as { gnum: unknown; price: unknown }[];
    expect(lines).toEqual([
      { gnum: 1, price: '12345678901234.12345' },
      { gnum: 2, price: '0.1' },
    ]);
  });

  it('reads the ceb: prefix and a default namespace alike, and a UTF-8 BOM', () => {
    const plain = sample('import/CEB312Message.xml');
    const prefixed = plain
      .replace(/<(\/?)(\w+)/g, '<$1ceb:$2')
      .replace('xmlns="http://www.chinaport.gov.cn/ceb"', 'xmlns:ceb="http://www.chinaport.gov.cn/ceb"');
    expect(prefixed).toContain('<ceb:OrderReturn>');
    expect(parseCebXml(`\uFEFF${prefixed}`)).toEqual(parseCebXml(plain));
  });

  it('gives the same result for a minified and an indented document', () => {
    const indented = sample('import/CEB621Message.xml');
    expect(parseCebXml(indented.replace(/>\s+</g, '><'))).toEqual(parseCebXml(indented));
  });

  it('notes the signature without mixing it into the data', () => {
    const message = parseCebXml(sample('import/CEB621Message.xml'));
    expect(message.signed).toBe(true);
    expect(JSON.stringify(message)).not.toContain('SignatureValue');
    expect(Object.keys(message.documents[0])).toEqual(['InventoryHead', 'InventoryList']);
  });

  it('decodes entities and character references once, and keeps CDATA literal', () => {
    const message = parseCebXml(
      `<CEB312Message guid="A&amp;B" version="1.0" ${NS}><OrderReturn>` +
        '<returnInfo>&#20013;&#x6587; &lt;&amp;&gt; &amp;#20013;<![CDATA[&amp;<b>]]></returnInfo>' +
        '</OrderReturn></CEB312Message>',
    );
    expect(message.guid).toBe('A&B');
    expect(message.documents).toEqual([{ returnInfo: '中文 <&> &#20013;&amp;<b>' }]);
  });

  it('parses a receipt with no envelope into flat documents', () => {
    const message = parseCebXml(sample('export/CEB508Message.xml'));
    expect(message.baseTransfer).toBeUndefined();
    expect(message.documents[0]).toMatchObject({ msgSeqNo: 1, returnStatus: '2', billNo: 'B00024204001' });
  });

  it('collapses a repeated identical single element (official export samples repeat BaseTransfer)', () => {
    expect(parseCebXml(sample('export/CEB303Message.xml')).baseTransfer).toEqual({
      copCode: '1105910159',
      copName: '东方物通科技(北京)有限公司',
      dxpMode: 'DXP',
      dxpId: 'DXPLGS0000000001',
      note: 'test',
    });
  });

  it.each([
    [
      'malformed XML',
      '<CEB312Message><a></CEB312Message>',
      /^XML is not well-formed: Expected closing tag 'a'/,
    ],
    ['a DOCTYPE', `<!DOCTYPE x>\n<CEB312Message ${NS}/>`, /^DOCTYPE declarations are not allowed/],
    ['an unknown root', `<CEB999Message ${NS}/>`, /^Unknown root element 'CEB999Message'/],
    ['two roots', `<CEB312Message ${NS}/><CEB312Message ${NS}/>`, /^XML must have exactly one root element$/],
    [
      'a root without namespace',
      '<CEB312Message/>',
      /must be in the namespace http:\/\/www.chinaport.gov.cn\/ceb$/,
    ],
    [
      'another namespace',
      '<CEB312Message xmlns="urn:other"/>',
      /must be in the namespace http:\/\/www.chinaport.gov.cn\/ceb$/,
    ],
    [
      'an undefined entity',
      `<CEB312Message ${NS}><OrderReturn><guid>&nbsp;</guid></OrderReturn></CEB312Message>`,
      /^Undefined entity &nbsp;$/,
    ],
    [
      'a non-XML character reference',
      `<CEB312Message ${NS}><OrderReturn><guid>&#1;</guid></OrderReturn></CEB312Message>`,
      /not an XML character$/,
    ],
    [
      'an unexpected root child',
      `<CEB312Message ${NS}><Order/></CEB312Message>`,
      /^Unexpected element Order in CEB312Message$/,
    ],
  ])('refuses %s', (_case, xml, message) => {
    expect(parseError(xml).message).toMatch(message);
  });

  it('says where a malformed document breaks', () => {
    expect(parseError('<CEB312Message>\n  <a></CEB312Message>').location).toEqual({ line: 2, column: 6 });
  });

  it('refuses a non-integer where the XSD wants an integer, with its path', () => {
    const error = parseError(
      order('<OrderList><gnum>1</gnum></OrderList><OrderList><gnum>1.5</gnum></OrderList>'),
    );
    expect(error.message).toBe("Expected an integer, got '1.5'");
    expect(error.location).toEqual({ path: '/CEB311Message/Order[1]/OrderList[2]/gnum' });
  });

  it('refuses a single element repeated with different content rather than drop data', () => {
    const xml = order('<OrderList><gnum>1</gnum></OrderList>').replace(
      '<OrderHead>',
      '<OrderHead><orderNo>B2</orderNo></OrderHead><OrderHead>',
    );
    const error = parseError(xml);
    expect(error.message).toBe('Element occurs 2 times with different content; the XSD allows one');
    expect(error.location).toEqual({ path: '/CEB311Message/Order[1]/OrderHead' });
  });
});
