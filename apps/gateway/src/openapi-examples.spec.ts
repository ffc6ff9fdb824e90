import { validateCebXml } from '@swx/contracts';

import { INTAKE_DOCUMENT_TYPES } from './intake/document-types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- walking a generated OpenAPI document
type Loose = any;
import { addErrorExamples, addXmlExamples, xmlExampleOf } from './openapi-examples';

describe('console examples', () => {
  it.each(INTAKE_DOCUMENT_TYPES.map((t) => [t.descriptor.messageType, t]))(
    'gives %s a complete CEB XML example that the official XSD accepts, sent by the example’s own party',
    async (_type, { descriptor }) => {
      const xml = xmlExampleOf(descriptor as never);
      expect(xml).toContain(`<ceb:${descriptor.rootElement} `);
      const result = await validateCebXml(xml);
      expect(result.errors).toEqual([]);
    },
  );

  it('puts the XML examples on the xml content of each document endpoint and all of them on /v1/ceb-messages', () => {
    const post = (json: object) => ({
      post: { requestBody: { content: { 'application/json': json, 'application/xml': json } } },
    });
    const paths: Record<string, object> = {
      '/v1/ceb-messages': {
        post: { requestBody: { content: { 'application/xml': { schema: { type: 'string' } } } } },
      },
    };
    for (const t of INTAKE_DOCUMENT_TYPES) paths[`/v1/${t.path}`] = post({ schema: { type: 'object' } });
    const document = addXmlExamples({ openapi: '3.0.0', info: { title: 't', version: '1' }, paths } as never);
    const orders = (document.paths['/v1/import/orders'].post as Loose).requestBody.content;
    expect(orders['application/xml'].example).toMatch(/^<\?xml[\s\S]*<ceb:CEB311Message /);
    expect(orders['application/json']).toEqual({ schema: { type: 'object' } });
    const any = (document.paths['/v1/ceb-messages'].post as Loose).requestBody.content['application/xml']
      .examples;
    expect(Object.keys(any)).toHaveLength(INTAKE_DOCUMENT_TYPES.length);
  });

  it('documents every error answer as problem+json unless the operation says otherwise', () => {
    const document = addErrorExamples({
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {
        '/x': {
          get: {
            responses: {
              '200': { description: 'ok' },
              '400': { description: 'bad' },
              '403': { description: 'not yours' },
              '401': { description: 'rfc', content: { 'application/json': {} } },
            },
          },
        },
      },
    } as never);
    const responses = (document.paths['/x'].get as Loose).responses;
    expect(responses['200'].content).toBeUndefined();
    expect(responses['403'].content['application/problem+json'].example).toMatchObject({
      status: 403,
      detail: 'not yours',
    });
    expect(responses['400'].content['application/problem+json'].example.errors[0]).toHaveProperty('rule');
    expect(responses['401'].content).toEqual({ 'application/json': {} });
  });
});
