import { randomUUID } from 'node:crypto';

import { CEB_NAMESPACE, cebMessageStructure, type CebMessageStructure } from './ceb-structure';

export interface ReceiptRoot {
  /** Root element of the receipt message, e.g. `CEB312Message`. */
  root: string;
  /** The repeated entry element, e.g. `OrderReturn`. */
  entry: string;
  /** The entry's child elements in XSD order. */
  fields: string[];
}

/** The receipt answering a declaration: `CEB311` (or `CEB311Message`) → `CEB312Message` / `OrderReturn`. */
export function receiptRootFor(requestMessageType: string): ReceiptRoot {
  const request = structureOf(requestMessageType);
  if (!request?.receiptRoot) {
    throw new Error(`${requestMessageType} is not a CEB declaration with a receipt`);
  }
  const receipt = structureOf(request.receiptRoot) as CebMessageStructure;
  return {
    root: receipt.rootElement,
    entry: receipt.documentElement,
    fields: receipt.fields.map((f) => f.name),
  };
}

/**
 * Builds a receipt message (`CEB312Message`, `CEB622Message`, `CEB900Message`...) in the CEB namespace, one entry
 * element per item of `entries`, fields in XSD order. Throws on an unknown receipt, an unknown or missing
 * mandatory field, too many entries, or text that XML cannot carry.
 */
export function buildReceiptXml(
  receiptRoot: string,
  entries: Record<string, string>[],
  options: { guid?: string } = {},
): string {
  const receipt = structureOf(receiptRoot);
  if (!receipt || receipt.kind !== 'receipt') throw new Error(`${receiptRoot} is not a CEB receipt message`);
  const max = receipt.maxDocuments;
  if (entries.length === 0 || (max !== null && entries.length > max)) {
    throw new Error(
      `${receipt.rootElement} takes 1 to ${max ?? 'any number of'} ${receipt.documentElement} entries`,
    );
  }
  const guid = options.guid ?? randomUUID().toUpperCase();
  if (guid.length !== 36) throw new Error(`guid must have 36 characters: ${guid}`);

  const known = new Set(receipt.fields.map((f) => f.name));
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<${receipt.rootElement} guid="${escapeXml(guid, true)}" version="1.0" xmlns="${CEB_NAMESPACE}">`,
  ];
  entries.forEach((entry, i) => {
    const unknown = Object.keys(entry).filter((k) => !known.has(k));
    if (unknown.length) {
      throw new Error(`${receipt.documentElement}[${i}] has fields not in the XSD: ${unknown.join(', ')}`);
    }
    lines.push(`\t<${receipt.documentElement}>`);
    for (const field of receipt.fields) {
      const value = Object.prototype.hasOwnProperty.call(entry, field.name) ? entry[field.name] : undefined;
      if (value === undefined) {
        if (field.required) throw new Error(`${receipt.documentElement}[${i}].${field.name} is mandatory`);
        continue;
      }
      lines.push(`\t\t<${field.name}>${escapeXml(value, false)}</${field.name}>`);
    }
    lines.push(`\t</${receipt.documentElement}>`);
  });
  lines.push(`</${receipt.rootElement}>`, '');
  return lines.join('\n');
}

function structureOf(messageType: string): CebMessageStructure | undefined {
  return cebMessageStructure(messageType.endsWith('Message') ? messageType : `${messageType}Message`);
}

// XML 1.0 cannot carry these code points at all, not even as character references.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NOT_XML_ALL = new RegExp(NOT_XML.source, 'gu');

/** The text without the code points XML cannot carry (for echoing what a client sent into a receipt). */
export function withoutNonXmlCharacters(text: string): string {
  return text.replace(NOT_XML_ALL, '');
}

function escapeXml(text: string, attribute: boolean): string {
  const bad = NOT_XML.exec(text);
  if (bad) {
    const code = bad[0].codePointAt(0) ?? 0;
    throw new Error(`U+${code.toString(16).toUpperCase().padStart(4, '0')} cannot be written in XML`);
  }
  const escaped = text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
  return attribute ? escaped.replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;') : escaped;
}
