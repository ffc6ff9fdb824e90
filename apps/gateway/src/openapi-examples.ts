import { HttpStatus } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';

import { cebXmlMessage, type DocumentDescriptor } from '@swx/contracts';

import { INTAKE_DOCUMENT_TYPES } from './intake/document-types';

type Operation = {
  requestBody?: {
    content?: Record<string, { schema?: object; example?: string; examples?: Record<string, unknown> }>;
  };
  responses?: Record<string, { description?: string; content?: Record<string, unknown> }>;
};

/** The sender of a descriptor's example: the party whose code it declares in (BaseTransfer.copCode). */
function senderOf(descriptor: DocumentDescriptor): string {
  const example = descriptor.example as Record<string, Record<string, unknown>>;
  const head = example[descriptor.headElement] ?? example;
  return String(head[descriptor.senderCodeField]);
}

/** The complete CEB XML message of a descriptor's example document, valid against the official XSD. */
export function xmlExampleOf(descriptor: DocumentDescriptor): string {
  return cebXmlMessage(descriptor, [descriptor.example as object], senderOf(descriptor));
}

/**
 * Every document endpoint's `application/xml` body gets its own example, the complete CEB message of the JSON
 * example (the console would otherwise render the JSON example as `<notagname/>`), and `/v1/ceb-messages` one
 * per declaration message. The placeholder signature is accepted with a warning where SIGNATURE_MODE is
 * `sandbox` (local mode); in `enforce` a real sender signs (docs/ceb-signatures.md).
 */
export function addXmlExamples(document: OpenAPIObject): OpenAPIObject {
  const all: Record<string, { summary: string; value: string }> = {};
  for (const { descriptor, path } of INTAKE_DOCUMENT_TYPES) {
    const d = descriptor as unknown as DocumentDescriptor;
    const example = { summary: `${d.rootElement}: ${d.title}`, value: xmlExampleOf(d) };
    all[d.rootElement] = example;
    const operation = document.paths[`/v1/${path}`]?.post as Operation | undefined;
    const content = operation?.requestBody?.content;
    if (content?.['application/xml']) {
      // `example`, not `examples`: the console computes the body when the content type is switched, before it has
      // picked an entry of `examples`, and keeps what it computed then.
      content['application/xml'] = { schema: { type: 'string' }, example: example.value };
    }
  }
  const messages = (document.paths['/v1/ceb-messages']?.post as Operation | undefined)?.requestBody?.content;
  if (messages?.['application/xml']) messages['application/xml'].examples = all;
  return document;
}

const title = (status: number): string =>
  HttpStatus[status]?.toString().replace(/_/g, ' ').toLowerCase() ?? 'error';

/**
 * Every error answer the console lists gets an `application/problem+json` example (the shape every refusal
 * has), unless the operation documents its own content (the token endpoint's RFC 6749 errors, CEB XML answers).
 * A 400 shows the located field errors.
 */
export function addErrorExamples(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const operation of Object.values(item) as Operation[]) {
      for (const [code, response] of Object.entries(operation.responses ?? {})) {
        const status = Number(code);
        if (!(status >= 400) || response.content) continue;
        response.content = {
          'application/problem+json': {
            example: {
              type: `https://single-window.local/problems/${status}`,
              title: title(status),
              status,
              detail: response.description ?? title(status),
              instance: path,
              ...(status === 400 && {
                errors: [
                  {
                    path: 'OrderHead.orderNo',
                    rule: 'maxLength',
                    message: 'orderNo must be at most 60 characters',
                  },
                ],
              }),
            },
          },
        };
      }
    }
  }
  return document;
}
