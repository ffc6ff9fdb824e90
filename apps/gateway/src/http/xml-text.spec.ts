import * as iconv from 'iconv-lite';

import { StrictJsonError } from './strict-json';
import { decodeXmlBody, declaredXmlEncoding } from './xml-text';

const xml = (encoding: string | undefined, text = '张三') =>
  `<?xml version="1.0"${encoding ? ` encoding="${encoding}"` : ''}?>\n<ceb:CEB311Message><buyerName>${text}</buyerName></ceb:CEB311Message>`;
const refusal = (fn: () => unknown): StrictJsonError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof StrictJsonError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('decodeXmlBody', () => {
  it.each(['GB2312', 'GBK', 'GB18030', 'gbk'])('decodes %s bytes by the declaration', (encoding) => {
    const decoded = decodeXmlBody(
      iconv.encode(xml(encoding, '张三 䶮'.slice(0, encoding === 'GB2312' ? 2 : 4)), 'gb18030'),
      'application/xml',
    );
    expect(decoded.text).toContain(encoding === 'GB2312' ? '张三' : '张三 䶮');
    expect(decoded.encoding).toBe(encoding.toUpperCase());
  });

  it('decodes UTF-8, declared or not, with or without a BOM', () => {
    expect(decodeXmlBody(Buffer.from(xml('UTF-8')), 'application/xml').text).toContain('张三');
    expect(decodeXmlBody(Buffer.from(xml(undefined)), 'text/xml').encoding).toBe('UTF-8');
    expect(decodeXmlBody(Buffer.from(`\uFEFF${xml('utf-8')}`), undefined).text).toContain('张三');
  });

  it('takes the Content-Type charset when the declaration names none', () => {
    expect(decodeXmlBody(iconv.encode(xml(undefined), 'gbk'), 'application/xml; charset=GBK').text).toContain(
      '张三',
    );
  });

  it('refuses bytes that are not in the declared encoding', () => {
    expect(
      refusal(() => decodeXmlBody(iconv.encode(xml('UTF-8'), 'gbk'), 'application/xml')).errors[0].rule,
    ).toBe('encoding.utf8');
    expect(refusal(() => decodeXmlBody(Buffer.from(xml('GBK')), 'application/xml')).errors[0]).toMatchObject({
      rule: 'encoding.matchesBytes',
    });
    expect(
      refusal(() => decodeXmlBody(Buffer.from(`\uFEFF${xml('GBK', 'abc')}`), undefined)).errors[0].rule,
    ).toBe('encoding.matchesBytes');
  });

  it('refuses a declaration and a charset that disagree, unknown encodings, UTF-16 and NUL', () => {
    expect(
      refusal(() => decodeXmlBody(Buffer.from(xml('UTF-8')), 'application/xml; charset=gbk')).errors[0].rule,
    ).toBe('encoding.declarationMatchesCharset');
    expect(refusal(() => decodeXmlBody(Buffer.from(xml('Big5', 'abc')), undefined)).errors[0].rule).toBe(
      'encoding.supported',
    );
    expect(
      refusal(() => decodeXmlBody(Buffer.from(`\uFEFF${xml(undefined)}`, 'utf16le'), undefined)).errors[0]
        .rule,
    ).toBe('encoding.supported');
    expect(
      refusal(() => decodeXmlBody(Buffer.from(xml('UTF-8', 'a\u0000b')), undefined)).errors[0].rule,
    ).toBe('text.noNul');
  });

  it('reads the declared encoding from the bytes', () => {
    expect(
      declaredXmlEncoding(Buffer.from(`<?xml version='1.0' encoding='GB18030' standalone="yes"?><a/>`)),
    ).toBe('GB18030');
    expect(declaredXmlEncoding(Buffer.from('<a encoding="GBK"/>'))).toBeUndefined();
  });
});
