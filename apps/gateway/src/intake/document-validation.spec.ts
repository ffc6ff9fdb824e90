import { EXPORT_DESCRIPTORS, IMPORT_DESCRIPTORS, type DocumentDescriptor } from '@swx/contracts';

import { validateDocument } from './document-validation';

const DESCRIPTORS = [...IMPORT_DESCRIPTORS, ...EXPORT_DESCRIPTORS] as DocumentDescriptor<object>[];

const rulesAt = (descriptor: DocumentDescriptor<object>, plain: unknown) =>
  validateDocument(descriptor, plain).violations.map((v) => `${v.path} ${v.rule}`);

/**
 * Found by the fuzz suite: nested validation validates an array's items instead of the object due there (and `[]`
 * has none), and `@IsOptional()` lets null through as absent; both reached the documents' arithmetic (500) or
 * were accepted. Every document type refuses them with a field error.
 */
describe.each(DESCRIPTORS.map((d) => [d.messageType, d] as const))('%s validation', (_type, descriptor) => {
  const example = descriptor.example as Record<string, unknown>;
  const head = descriptor.headElement;
  const list = Object.keys(example).find((k) => Array.isArray(example[k]));

  it('accepts its example', () => {
    expect(rulesAt(descriptor, example)).toEqual([]);
  });

  it.each([[[]], [[{}]], ['x']])('refuses %p in place of the head', (replacement) => {
    expect(rulesAt(descriptor, { ...example, [head]: replacement })).toContain(`${head} isObject`);
  });

  it('refuses an array in place of a line of a list', () => {
    if (!list) return;
    const lines = example[list] as unknown[];
    expect(rulesAt(descriptor, { ...example, [list]: [[], ...lines.slice(1)] })).toContain(
      `${list}[0] isObject`,
    );
  });

  it('refuses null in any field, optional ones too', () => {
    const fields = Object.keys(example[head] as object);
    for (const field of fields) {
      const plain = { ...example, [head]: { ...(example[head] as object), [field]: null } };
      expect(rulesAt(descriptor, plain)).toEqual([`${head}.${field} notNull`]);
    }
  });
});
