import { isDeepStrictEqual } from 'node:util';

import { XMLParser, XMLValidator } from 'fast-xml-parser';

import { CEB_NAMESPACE, cebMessageStructure, type CebMessageStructure } from './ceb-structure';

export interface CebXmlMessage {
  rootElement: string;
  /** e.g. `CEB311`. */
  messageType: string;
  guid?: string;
  version?: string;
  baseTransfer?: Record<string, string>;
  /** The message carries a `ds:Signature` (not verified here). */
  signed: boolean;
  /** One object per document element under the root, keyed by child element names. */
  documents: Record<string, unknown>[];
}

export class CebXmlParseError extends Error {
  constructor(
    message: string,
    readonly location: { line?: number; column?: number; path?: string } = {},
  ) {
    super(message);
    this.name = 'CebXmlParseError';
  }
}

/** Decodes the five predefined entities and character references in one pass; DOCTYPEs are refused earlier. */
const xmlEntities = {
  decode(text: string): string {
    return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][\w.-]*);/g, (ref: string, body: string) => {
      if (body[0] !== '#') {
        const named = PREDEFINED[body];
        if (named === undefined) throw new CebXmlParseError(`Undefined entity ${ref}`);
        return named;
      }
      const code = body[1] === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (!isXmlChar(code)) throw new CebXmlParseError(`Character reference ${ref} is not an XML character`);
      return String.fromCodePoint(code);
    });
  },
  setExternalEntities(): void {},
  addInputEntities(): void {},
  reset(): void {},
  setXmlVersion(): void {},
};

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  entityDecoder: xmlEntities,
  isArray: (_tag, _path, _leaf, isAttribute) => !isAttribute,
});

type RawNode = string | { [key: string]: RawNode[] | string };

const PROLOG_DOCTYPE = /^\s*(?:<\?[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*)*<!DOCTYPE/;

/**
 * Parses a CEB business message (import or export, request, receipt or notice) into plain data. Text stays a
 * string (amounts never become floats), except elements the XSD types as integers; repeated elements are arrays
 * even when they occur once. Does not validate: run `validateCebXml` first. Throws `CebXmlParseError`.
 */
export function parseCebXml(xml: string): CebXmlMessage {
  const text = xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml;
  if (PROLOG_DOCTYPE.test(text)) {
    throw new CebXmlParseError('DOCTYPE declarations are not allowed in CEB messages');
  }
  const wellFormed = XMLValidator.validate(text);
  if (wellFormed !== true) {
    const { msg, line, col } = wellFormed.err;
    throw new CebXmlParseError(`XML is not well-formed: ${msg}`, { line, ...(col ? { column: col } : {}) });
  }
  let tree: Record<string, RawNode[]>;
  try {
    tree = parser.parse(text) as Record<string, RawNode[]>;
  } catch (error) {
    if (error instanceof CebXmlParseError) throw error;
    throw new CebXmlParseError(
      `XML could not be parsed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const roots = Object.keys(tree);
  if (roots.length !== 1 || tree[roots[0]].length !== 1) {
    throw new CebXmlParseError('XML must have exactly one root element');
  }
  const qualifiedRoot = roots[0];
  const rootElement = localName(qualifiedRoot);
  const root = tree[qualifiedRoot][0];
  const structure = cebMessageStructure(rootElement);
  if (!structure) {
    throw new CebXmlParseError(
      `Unknown root element '${rootElement}': not a message of the CEB import or export XSD`,
      {
        path: `/${rootElement}`,
      },
    );
  }
  const prefix = qualifiedRoot.includes(':') ? qualifiedRoot.slice(0, qualifiedRoot.indexOf(':')) : '';
  // A root parsed as plain text has no attributes, hence no namespace declaration either.
  const namespace = typeof root === 'string' ? undefined : root[prefix ? `@_xmlns:${prefix}` : '@_xmlns'];
  if (typeof root === 'string' || namespace !== CEB_NAMESPACE) {
    throw new CebXmlParseError(`${rootElement} must be in the namespace ${CEB_NAMESPACE}`, {
      path: `/${rootElement}`,
    });
  }
  return readMessage(rootElement, root, structure);
}

function readMessage(
  rootElement: string,
  root: { [key: string]: RawNode[] | string },
  structure: CebMessageStructure,
): CebXmlMessage {
  const message: CebXmlMessage = {
    rootElement,
    messageType: structure.messageType,
    signed: false,
    documents: [],
  };
  const context: Context = {
    repeated: new Set(structure.repeated),
    integers: new Set(structure.integers),
    root: `/${rootElement}`,
  };
  for (const [key, value] of Object.entries(root)) {
    if (key.startsWith('@_')) {
      if (key === '@_guid') message.guid = String(value);
      else if (key === '@_version') message.version = String(value);
      continue;
    }
    if (key === '#text') {
      throw new CebXmlParseError(`${rootElement} has text content`, { path: context.root });
    }
    const nodes = value as RawNode[];
    const name = localName(key);
    if (name === structure.documentElement) {
      message.documents.push(
        ...nodes.map((node, i) => {
          const doc = convert(node, '', `${context.root}/${name}[${i + 1}]`, context);
          return typeof doc === 'object' ? doc : {};
        }),
      );
    } else if (name === 'BaseTransfer') {
      message.baseTransfer = single(
        nodes.map((node) => flat(node, `${context.root}/${name}`)),
        `${context.root}/${name}`,
      );
    } else if (name === 'Signature') {
      message.signed = true;
    } else if (name !== 'BaseSubscribe' && name !== 'ExtendMessage') {
      throw new CebXmlParseError(`Unexpected element ${name} in ${rootElement}`, {
        path: `${context.root}/${name}`,
      });
    }
  }
  return message;
}

interface Context {
  repeated: ReadonlySet<string>;
  integers: ReadonlySet<string>;
  root: string;
}

/** `relative` is the path below the document element, as in the structure table; `where` is for errors. */
function convert(
  node: RawNode,
  relative: string,
  where: string,
  context: Context,
): string | number | Record<string, unknown> {
  if (typeof node === 'string') return context.integers.has(relative) ? integer(node, where) : node;
  const entries: [string, unknown][] = [];
  let text: string | undefined;
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@_')) continue;
    if (key === '#text') {
      text = String(value);
      continue;
    }
    const name = localName(key);
    const childRelative = relative ? `${relative}/${name}` : name;
    const nodes = value as RawNode[];
    const values = nodes.map((child, i) =>
      convert(
        child,
        childRelative,
        nodes.length > 1 ? `${where}/${name}[${i + 1}]` : `${where}/${name}`,
        context,
      ),
    );
    entries.push([name, context.repeated.has(childRelative) ? values : single(values, `${where}/${name}`)]);
  }
  if (entries.length === 0) {
    const value = text ?? '';
    return context.integers.has(relative) ? integer(value, where) : value;
  }
  if (text !== undefined) throw new CebXmlParseError(`Mixed text and element content`, { path: where });
  return Object.fromEntries(entries);
}

function flat(node: RawNode, where: string): Record<string, string> {
  if (typeof node === 'string') return {};
  const entries: [string, string][] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@_')) continue;
    if (key === '#text') throw new CebXmlParseError('Unexpected text', { path: where });
    const name = localName(key);
    const values = (value as RawNode[]).map((v) => {
      if (typeof v !== 'string')
        throw new CebXmlParseError(`${name} must be text`, { path: `${where}/${name}` });
      return v;
    });
    entries.push([name, single(values, `${where}/${name}`)]);
  }
  return Object.fromEntries(entries);
}

/**
 * An element the XSD allows once. The official export samples repeat an identical BaseTransfer, so identical
 * repeats collapse; differing ones would lose data and are refused.
 */
function single<T>(values: T[], where: string): T {
  if (values.slice(1).some((v) => !isDeepStrictEqual(v, values[0]))) {
    throw new CebXmlParseError(
      `Element occurs ${values.length} times with different content; the XSD allows one`,
      {
        path: where,
      },
    );
  }
  return values[0];
}

function integer(text: string, where: string): number {
  const value = /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value)) {
    throw new CebXmlParseError(`Expected an integer, got '${text}'`, { path: where });
  }
  return value;
}

function localName(qualified: string): string {
  return qualified.slice(qualified.indexOf(':') + 1);
}
