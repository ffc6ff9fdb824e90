import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export const XML_CONTENT_TYPE = /^(application|text)\/xml\b/i;

export const isXml = (contentType: string): boolean => XML_CONTENT_TYPE.test(contentType);

/** CEB XML messages arrive as `application/xml` (or `text/xml`): the body reaches the handler as the text. */
export function registerXmlBody(app: NestFastifyApplication, bodyLimit = 10 * 1024 * 1024): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addContentTypeParser(XML_CONTENT_TYPE, { parseAs: 'string', bodyLimit }, (_request, body, done) =>
      done(null, body),
    );
}
