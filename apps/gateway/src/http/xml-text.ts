import { isUtf8 } from 'node:buffer';

import * as iconv from 'iconv-lite';

import { charsetOf, decodeUtf8, StrictJsonError, unstorableText } from './strict-json';

/**
 * The encodings CEB XML arrives in: UTF-8, and the Chinese national encodings enterprise systems on Windows
 * write (GB2312, its superset GBK, and GB18030, the superset of both). Every GB name is decoded with the GB18030
 * decoder: a GB2312 or GBK byte sequence means the same character in GB18030, and systems that write GBK but
 * declare GB2312 are common.
 */
const GB_FAMILY = new Set([
  'gb2312',
  'gbk',
  'gb18030',
  'cp936',
  'x-gbk',
  'euc-cn',
  'csgb2312',
  'windows-936',
]);
const UTF8_NAMES = new Set(['utf-8', 'utf8']);

export const CEB_XML_ENCODINGS = 'UTF-8, GB2312, GBK, GB18030';

export interface DecodedXml {
  text: string;
  /** The encoding the bytes were decoded with, as declared (upper case), e.g. `GBK`; `UTF-8` when undeclared. */
  encoding: string;
}

const refuse = (rule: string, message: string, path = '(body)'): StrictJsonError =>
  new StrictJsonError(400, [{ path, rule, message }]);

/** The `encoding` of the XML declaration, read from the bytes (the declaration itself is ASCII). */
export function declaredXmlEncoding(bytes: Uint8Array): string | undefined {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const head = Buffer.from(bytes.subarray(start, start + 256)).toString('latin1');
  const declaration = /^\s*<\?xml\s[^>]*?\?>/.exec(head)?.[0];
  return declaration
    ? /\sencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/.exec(declaration)?.[1]
    : undefined;
}

const hasNonAscii = (bytes: Uint8Array): boolean => bytes.some((b) => b >= 0x80);

/**
 * Decodes a CEB XML body by the encoding its declaration names (XML 1.0 §4.3.3), or the Content-Type charset
 * when the declaration names none, UTF-8 when neither does. Refuses with a clear reason: an encoding the
 * standard does not use, a declaration and a charset that disagree, bytes that are not in the declared encoding
 * (UTF-8 bytes declared GBK, GBK bytes declared UTF-8), a UTF-16 body, a NUL.
 */
export function decodeXmlBody(bytes: Uint8Array, contentType: string | undefined): DecodedXml {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw refuse(
      'encoding.supported',
      `the body is UTF-16 (byte-order mark); CEB XML is sent in ${CEB_XML_ENCODINGS}`,
    );
  }
  const declared = declaredXmlEncoding(bytes);
  const charset = charsetOf(contentType);
  const name = (declared ?? charset ?? 'UTF-8').toLowerCase();
  const family = (n: string) => (UTF8_NAMES.has(n) ? 'utf-8' : GB_FAMILY.has(n) ? 'gb' : n);
  if (declared && charset && family(declared.toLowerCase()) !== family(charset)) {
    throw refuse(
      'encoding.declarationMatchesCharset',
      `the XML declaration says encoding="${declared}" but the Content-Type says charset=${charset}; they must agree`,
      'Content-Type',
    );
  }
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let text: string;
  if (UTF8_NAMES.has(name)) {
    text = decodeUtf8(bytes, `the XML (declared ${declared ?? 'UTF-8 by default'})`);
  } else if (GB_FAMILY.has(name)) {
    if (hasBom) {
      throw refuse(
        'encoding.matchesBytes',
        `the body starts with a UTF-8 byte-order mark but declares encoding="${declared ?? charset}"`,
      );
    }
    // GB text is almost never valid UTF-8 as well: non-ASCII bytes that all form UTF-8 sequences are UTF-8.
    if (hasNonAscii(bytes) && isUtf8(bytes)) {
      throw refuse(
        'encoding.matchesBytes',
        `the XML declares encoding="${declared ?? charset}" but its bytes are UTF-8; declare encoding="UTF-8" or send GBK bytes`,
      );
    }
    text = iconv.decode(Buffer.from(bytes), 'gb18030');
    const bad = text.indexOf('\uFFFD');
    if (bad !== -1) {
      throw refuse(
        'encoding.matchesBytes',
        `the XML declares encoding="${declared ?? charset}" but character ${bad} is not a ${(declared ?? charset)!.toUpperCase()} byte sequence`,
      );
    }
  } else {
    throw refuse(
      'encoding.supported',
      `encoding "${declared ?? charset}" is not one CEB XML is sent in; use ${CEB_XML_ENCODINGS}`,
      declared ? '(xml declaration)' : 'Content-Type',
    );
  }
  const nul = unstorableText(text, '(body)');
  if (nul) throw new StrictJsonError(400, [{ ...nul, message: 'XML must not contain a NUL character' }]);
  return { text, encoding: (declared ?? charset ?? 'UTF-8').toUpperCase() };
}
