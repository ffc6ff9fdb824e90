import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

import type { DocumentDescriptor, RuleViolation } from '@swx/contracts';
import { flattenValidationErrors, nestedShapeErrors, nullPaths } from '@swx/platform';

/** At most this many documents in one message, as in the CEB standard (maxOccurs 100). */
export const MAX_DOCUMENTS_PER_MESSAGE = 100;

/** CEB documents nest 3 levels (document, head or line, field); anything far deeper is refused unread. */
export const MAX_NESTING = 16;

function deeperThan(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (limit === 0) return true;
  return Object.values(value).some((v) => deeperThan(v, limit - 1));
}

const prefixed = (prefix: string, path: string) => (prefix ? `${prefix}.${path}` : path);

/**
 * Validates one document with its class (every field, unknown fields refused) and, when the fields are
 * sound, its arithmetic rules. Every violation is returned at once, with its path under `prefix`.
 */
export function validateDocument<T extends object>(
  descriptor: DocumentDescriptor<T>,
  plain: unknown,
  prefix = '',
): { document?: T; violations: RuleViolation[]; warnings?: RuleViolation[] } {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    return {
      violations: [{ path: prefix || '(body)', rule: 'isObject', message: 'a document must be an object' }],
    };
  }
  if (deeperThan(plain, MAX_NESTING)) {
    return {
      violations: [
        {
          path: prefix || '(body)',
          rule: 'maxNesting',
          message: `a document nests at most ${MAX_NESTING} levels`,
        },
      ],
    };
  }
  // No CEB field is nullable (an optional one is left out), and `@IsOptional()` would let null through to the
  // document's arithmetic (500s found by the fuzz suite).
  const nulls = nullPaths(plain).map((path) => ({
    path: prefixed(prefix, path),
    rule: 'notNull',
    message: `${path} must not be null: leave an optional field out instead`,
  }));
  if (nulls.length > 0) return { violations: nulls };
  const document = plainToInstance(descriptor.documentClass, plain);
  const fieldErrors = flattenValidationErrors(
    validateSync(document, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }),
  );
  // An array in place of a head or of a line passes nested validation: refused here (once a place).
  const seen = new Set(fieldErrors.map((e) => `${e.path} ${e.rule}`));
  fieldErrors.push(...nestedShapeErrors(document).filter((e) => !seen.has(`${e.path} ${e.rule}`)));
  if (fieldErrors.length > 0) {
    return { violations: fieldErrors.map((e) => ({ ...e, path: prefixed(prefix, e.path) })) };
  }
  const checked = descriptor.check(document).map((v) => ({ ...v, path: prefixed(prefix, v.path) }));
  // Rules the standard does not state are warnings (docs/ceb-rules.md): returned with the acceptance.
  const violations = checked.filter((v) => v.severity !== 'warning');
  const warnings = checked.filter((v) => v.severity === 'warning');
  return violations.length ? { violations } : { document, violations, warnings };
}

/** A JSON body is one document or an array of 1..100 documents. */
export function documentsOfJsonBody(body: unknown): {
  items: unknown[];
  batch: boolean;
  violations: RuleViolation[];
} {
  if (!Array.isArray(body)) return { items: [body], batch: false, violations: [] };
  if (body.length === 0 || body.length > MAX_DOCUMENTS_PER_MESSAGE) {
    return {
      items: [],
      batch: true,
      violations: [
        {
          path: '(body)',
          rule: 'documentCount',
          message: `a message holds 1 to ${MAX_DOCUMENTS_PER_MESSAGE} documents; this one has ${body.length}`,
        },
      ],
    };
  }
  return { items: body, batch: true, violations: [] };
}
