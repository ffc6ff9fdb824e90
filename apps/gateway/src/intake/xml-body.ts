import type { NestFastifyApplication } from '@nestjs/platform-fastify';

import { bodyRefusal } from '../http/body-errors';
import { decodeXmlBody } from '../http/xml-text';

export const XML_CONTENT_TYPE = /^(application|text)\/xml\b/i;

export const isXml = (contentType: string): boolean => XML_CONTENT_TYPE.test(contentType);

interface RawBodyRequest {
  rawBody?: Buffer;
  headers: Record<string, string | string[] | undefined>;
  xmlEncoding?: string;
}

/**
 * CEB XML messages arrive as `application/xml` (or `text/xml`) in UTF-8 or a GB encoding named by the XML
 * declaration: the body is read as bytes, decoded by what it declares (refused with the reason when the bytes
 * are not that), and reaches the handler as text. The bytes stay on the request as `rawBody`, so an
 * `Idempotency-Key` is checked against what the client sent, for XML as for JSON.
 */
export function registerXmlBody(app: NestFastifyApplication, bodyLimit = 10 * 1024 * 1024): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addContentTypeParser(XML_CONTENT_TYPE, { parseAs: 'buffer', bodyLimit }, (request, body, done) => {
      const raw = request as unknown as RawBodyRequest;
      raw.rawBody = body as Buffer;
      try {
        const decoded = decodeXmlBody(body as Buffer, String(raw.headers['content-type'] ?? ''));
        raw.xmlEncoding = decoded.encoding;
        done(null, decoded.text);
      } catch (error) {
        done(bodyRefusal(error), undefined);
      }
    });
}
