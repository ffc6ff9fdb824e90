import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

import { EXPORT_DESCRIPTORS, IMPORT_DESCRIPTORS } from '../index';
import type { DocumentDescriptor } from './document-descriptor';

const DESCRIPTORS = [...IMPORT_DESCRIPTORS, ...EXPORT_DESCRIPTORS] as DocumentDescriptor<object>[];

/**
 * Nested validation lets an array through where one object is due (it validates the array's elements, of which
 * `[]` has none): found by the fuzz suite, a `LogisticsHead: []` reached the waybill's arithmetic and answered 500.
 * Every head (any field holding one nested object) must be an object.
 */
describe.each(DESCRIPTORS.map((d) => [d.messageType, d] as const))(
  '%s document shape',
  (_type, descriptor) => {
    const example = descriptor.example as Record<string, unknown>;
    const heads = Object.keys(example).filter((k) => {
      const v = example[k];
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    });

    it('has a head to check', () => expect(heads.length).toBeGreaterThan(0));

    it.each([[], 'x'])('refuses %p in place of each head', (replacement) => {
      for (const head of heads) {
        const errors = validateSync(
          plainToInstance(descriptor.documentClass, { ...example, [head]: replacement }),
        );
        const own = errors.find((e) => e.property === head);
        expect(own?.constraints).toHaveProperty('isObject');
      }
    });
  },
);
