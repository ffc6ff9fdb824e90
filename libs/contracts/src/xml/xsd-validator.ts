import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';

import { XMLValidator } from 'fast-xml-parser';
import { validateXML, type XMLFileInfo } from 'xmllint-wasm';

import { CEB_MESSAGES, type CebSchema } from './ceb-structure';

export interface XsdError {
  /** Line of the original document (libxml2's line, mapped back when the validator split a line). */
  line?: number;
  /** Column of the element's start tag (or of the syntax error), 1-based. */
  column?: number;
  /** Element path, e.g. `/CEB311Message/Order[2]/OrderList[3]/gnum`; `/@guid` for an attribute. */
  path?: string;
  message: string;
}

export interface XsdResult {
  valid: boolean;
  schema: CebSchema | null;
  errors: XsdError[];
}

export const CEB_XSD_FILES: Readonly<Record<CebSchema, string>> = {
  import: 'ceb-import-202205.xsd',
  export: 'ceb-export-202205.xsd',
};
const XMLDSIG_FILE = 'xmldsig-core-schema.xsd';

const MAX_ERRORS = 100;
const MAX_BATCH_DOCUMENTS = 32;
const MAX_BATCH_CHARS = 8_000_000;
// One xmllint run occupies a core (worker thread); leave one for the event loop.
const MAX_PARALLEL_RUNS = Math.max(1, Math.min(4, availableParallelism() - 1));
// WebAssembly pages of 64 KiB: 512 MiB, enough for a full 100-document message.
const MAX_MEMORY_PAGES = 8192;

const SCHEMA_OF_ROOT: ReadonlyMap<string, CebSchema> = new Map(
  Object.values(CEB_MESSAGES).map((m) => [m.rootElement, m.schema]),
);

/** The directory holding the official XSDs: `libs/contracts/xsd`, from the sources or from a build under dist. */
export function cebXsdDirectory(): string {
  const marker = CEB_XSD_FILES.import;
  const direct = path.resolve(__dirname, '..', '..', 'xsd');
  if (existsSync(path.join(direct, marker))) return direct;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'libs', 'contracts', 'xsd');
    if (existsSync(path.join(candidate, marker))) return candidate;
    if (path.dirname(dir) === dir) break;
  }
  throw new Error(`CEB XSDs not found: expected libs/contracts/xsd/${marker} above ${__dirname}`);
}

interface SchemaTexts {
  schema: Record<CebSchema, XMLFileInfo>;
  xmldsig: XMLFileInfo;
}

let schemaTexts: Promise<SchemaTexts> | undefined;

/** Reads the XSDs once; later calls share the texts. */
function loadSchemas(): Promise<SchemaTexts> {
  schemaTexts ??= (async () => {
    const dir = cebXsdDirectory();
    const read = async (file: string): Promise<XMLFileInfo> => ({
      fileName: file,
      contents: localiseSchema(await fs.readFile(path.join(dir, file), 'utf8')),
    });
    const [imp, exp, xmldsig] = await Promise.all([
      read(CEB_XSD_FILES.import),
      read(CEB_XSD_FILES.export),
      read(XMLDSIG_FILE),
    ]);
    return { schema: { import: imp, export: exp }, xmldsig };
  })();
  schemaTexts.catch(() => (schemaTexts = undefined));
  return schemaTexts;
}

/**
 * Keeps schema loading off the network: the W3C edition of xmldsig-core-schema.xsd declares a DOCTYPE with a
 * remote DTD, and some copies of the CEB XSDs import it by URL. Both are rewritten to the preloaded local file.
 */
export function localiseSchema(text: string): string {
  return text
    .replace(/<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>/, '')
    .replace(/schemaLocation="[^"]*xmldsig-core-schema\.xsd"/g, `schemaLocation="${XMLDSIG_FILE}"`);
}

/**
 * Validates a CEB business message against the import or export XSD, chosen by its root element. Never throws
 * for bad input (malformed XML, unknown root): those come back as `valid: false` with located errors. Rejects
 * only when the validator itself cannot run (XSDs missing, WebAssembly failure).
 */
export async function validateCebXml(xml: string): Promise<XsdResult> {
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) {
    const { msg, line, col } = wellFormed.err;
    return {
      valid: false,
      schema: null,
      errors: [{ line, ...(col ? { column: col } : {}), message: `XML is not well-formed: ${msg}` }],
    };
  }
  const prepared = prepareForLibxml(xml);
  if (prepared.doctype) {
    return {
      valid: false,
      schema: null,
      errors: [
        {
          ...prepared.doctype,
          message: 'DOCTYPE declarations are not allowed in CEB messages (no DTDs, no external entities)',
        },
      ],
    };
  }
  const root = prepared.elements[0];
  if (!root) {
    return {
      valid: false,
      schema: null,
      errors: [{ line: 1, message: 'XML is not well-formed: no root element' }],
    };
  }
  const schema = SCHEMA_OF_ROOT.get(root.local);
  if (!schema) {
    return {
      valid: false,
      schema: null,
      errors: [
        {
          line: root.line,
          column: root.column,
          path: `/${root.local}`,
          message:
            `Unknown root element '${root.local}': not a message of the CEB import or export XSD ` +
            `(expected a CEBnnnMessage element such as CEB311Message or CEB303Message)`,
        },
      ],
    };
  }
  const outcome = await enqueue(schema, prepared.text);
  return { valid: outcome.valid, schema, errors: locateErrors(outcome.errors, prepared) };
}

// ---------------------------------------------------------------------------------------------------------
// Preparing the document: one start tag per line, so that libxml2's line numbers (it reports no columns)
// identify each element even in a minified message. Whitespace between elements is insignificant to the
// validation of element-only content, and the CEB XSDs have no mixed content outside skip-processed xs:any.
// ---------------------------------------------------------------------------------------------------------

interface ElementSpot {
  local: string;
  line: number;
  column: number;
  parent: number;
  key: string;
  index: number;
}

interface PreparedXml {
  text: string;
  elements: ElementSpot[];
  /** Per line of `text` (1-based): the element whose start tag is on it, if any. */
  elementOnLine: Map<number, number>;
  /** Per line of `text` (1-based): the original line it starts on. */
  originalLine: number[];
  siblingTotals: Map<string, number>;
  doctype?: { line: number; column: number };
}

function prepareForLibxml(xml: string): PreparedXml {
  const out: string[] = [];
  const elements: ElementSpot[] = [];
  const elementOnLine = new Map<number, number>();
  const originalLine: number[] = [0, 1];
  const siblingTotals = new Map<string, number>();
  const stack: number[] = [];
  let line = 1;
  let lineStart = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  let outLine = 1;
  let startTagOnOutLine = false;
  let doctype: PreparedXml['doctype'];
  let pos = 0;

  let nextNewline = xml.indexOf('\n');
  const copy = (to: number): void => {
    while (nextNewline !== -1 && nextNewline < to) {
      line++;
      lineStart = nextNewline + 1;
      outLine++;
      originalLine[outLine] = line;
      startTagOnOutLine = false;
      nextNewline = xml.indexOf('\n', lineStart);
    }
    out.push(xml.slice(pos, to));
    pos = to;
  };
  const endOf = (token: string, from: number): number => {
    const at = xml.indexOf(token, from);
    return at === -1 ? xml.length : at + token.length;
  };

  while (pos < xml.length) {
    const lt = xml.indexOf('<', pos);
    if (lt === -1) {
      copy(xml.length);
      break;
    }
    copy(lt);
    if (xml.startsWith('<!--', lt)) copy(endOf('-->', lt + 4));
    else if (xml.startsWith('<![CDATA[', lt)) copy(endOf(']]>', lt + 9));
    else if (xml.startsWith('<?', lt)) {
      const end = endOf('?>', lt + 2);
      const pi = xml.slice(lt, end);
      if (/^<\?xml\s/.test(pi)) {
        // The text reaches xmllint re-encoded as UTF-8, whatever the declaration said.
        out.push(pi.replace(/(\sencoding\s*=\s*)(["'])[^"']*\2/, '$1$2UTF-8$2'));
        pos = end;
      } else copy(end);
    } else if (xml.startsWith('<!', lt)) {
      doctype ??= { line, column: lt - lineStart + 1 };
      copy(tagEnd(xml, lt + 2));
    } else if (xml.startsWith('</', lt)) {
      stack.pop();
      copy(tagEnd(xml, lt + 2));
    } else {
      const name = /^[^\s/>]+/.exec(xml.slice(lt + 1, lt + 200))?.[0];
      if (!name) {
        copy(lt + 1);
        continue;
      }
      if (startTagOnOutLine) {
        out.push('\n');
        outLine++;
        originalLine[outLine] = line;
      }
      const parent = stack.length ? stack[stack.length - 1] : -1;
      const local = name.slice(name.indexOf(':') + 1);
      const key = `${parent}/${local}`;
      const index = (siblingTotals.get(key) ?? 0) + 1;
      siblingTotals.set(key, index);
      const id = elements.push({ local, line, column: lt - lineStart + 1, parent, key, index }) - 1;
      const end = tagEnd(xml, lt + 1);
      const firstOutLine = outLine;
      copy(end);
      for (let l = firstOutLine; l <= outLine; l++) elementOnLine.set(l, id);
      startTagOnOutLine = true;
      if (xml[end - 2] !== '/') stack.push(id);
    }
  }
  return { text: out.join(''), elements, elementOnLine, originalLine, siblingTotals, doctype };
}

/** Index just after the `>` closing the markup that starts before `from`, skipping quoted values and `[...]`. */
function tagEnd(xml: string, from: number): number {
  let quote = '';
  let depth = 0;
  for (let i = from; i < xml.length; i++) {
    const c = xml[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '>' && depth <= 0) return i + 1;
  }
  return xml.length;
}

function elementPath(prepared: PreparedXml, id: number): string {
  const steps: string[] = [];
  for (let i = id; i !== -1; i = prepared.elements[i].parent) {
    const e = prepared.elements[i];
    const repeated = (prepared.siblingTotals.get(e.key) ?? 1) > 1;
    steps.push(repeated ? `${e.local}[${e.index}]` : e.local);
  }
  return `/${steps.reverse().join('/')}`;
}

interface RawError {
  line: number | null;
  message: string;
}

const ELEMENT_IN_MESSAGE = /Element '(?:\{[^}]*\})?([^']+)'(?:, attribute '([^']+)')?/;

function locateErrors(raw: RawError[], prepared: PreparedXml): XsdError[] {
  const located = raw.slice(0, MAX_ERRORS).map((e): XsdError => {
    if (e.line === null) return { message: e.message };
    const id = prepared.elementOnLine.get(e.line);
    const named = ELEMENT_IN_MESSAGE.exec(e.message);
    if (id !== undefined && named && prepared.elements[id].local === named[1]) {
      const spot = prepared.elements[id];
      const attribute = named[2] ? `/@${named[2]}` : '';
      return {
        line: spot.line,
        column: spot.column,
        path: elementPath(prepared, id) + attribute,
        message: e.message,
      };
    }
    return { line: prepared.originalLine[e.line] ?? e.line, message: e.message };
  });
  if (raw.length > MAX_ERRORS) {
    located.push({ message: `${raw.length - MAX_ERRORS} further errors not shown` });
  }
  return located;
}

// ---------------------------------------------------------------------------------------------------------
// Running xmllint. Each run of xmllint-wasm starts a worker thread, instantiates libxml2 and compiles the
// schema: that fixed cost dwarfs the validation itself, so documents waiting for the same schema are
// validated together in one run (xmllint takes several files) while the runs in flight are busy.
// ---------------------------------------------------------------------------------------------------------

interface Outcome {
  valid: boolean;
  errors: RawError[];
}

interface Job {
  schema: CebSchema;
  text: string;
  solo: boolean;
  resolve(outcome: Outcome): void;
  reject(error: Error): void;
}

const waiting: Job[] = [];
let running = 0;

function enqueue(schema: CebSchema, text: string): Promise<Outcome> {
  return new Promise<Outcome>((resolve, reject) => {
    waiting.push({ schema, text, solo: false, resolve, reject });
    pump();
  });
}

function pump(): void {
  while (running < MAX_PARALLEL_RUNS && waiting.length > 0) {
    const first = waiting[0];
    const batch: Job[] = [];
    let chars = 0;
    for (let i = 0; i < waiting.length && batch.length < MAX_BATCH_DOCUMENTS;) {
      const job = waiting[i];
      const fits =
        batch.length === 0 || (!job.solo && !first.solo && chars + job.text.length <= MAX_BATCH_CHARS);
      if (job.schema === first.schema && fits) {
        batch.push(job);
        chars += job.text.length;
        waiting.splice(i, 1);
      } else i++;
      if (first.solo) break;
    }
    running++;
    void run(batch).finally(() => {
      running--;
      pump();
    });
  }
}

async function run(batch: Job[]): Promise<void> {
  let output: string;
  const prefix = `ceb-${randomBytes(6).toString('hex')}-`;
  try {
    const texts = await loadSchemas();
    const schema = batch[0].schema;
    try {
      const result = await validateXML({
        xml: batch.map((job, i) => ({ fileName: `${prefix}${i}.xml`, contents: job.text })),
        schema: texts.schema[schema],
        preload: [texts.xmldsig],
        modifyArguments: (args) => ['--nonet', ...args],
        maxMemoryPages: MAX_MEMORY_PAGES,
      });
      output = result.rawOutput;
    } catch (error) {
      // xmllint ended abnormally; its stderr (in the message) may still hold a verdict for each document.
      output = error instanceof Error ? error.message : String(error);
    }
  } catch (error) {
    for (const job of batch) job.reject(error instanceof Error ? error : new Error(String(error)));
    return;
  }
  const outcomes = readOutput(output, prefix, batch.length);
  batch.forEach((job, i) => {
    const outcome = outcomes[i];
    if (outcome) job.resolve(outcome);
    else if (batch.length > 1) {
      waiting.unshift({ ...job, solo: true });
    } else {
      job.reject(new Error(`CEB XSD validation did not complete: ${output.trim().slice(0, 500)}`));
    }
  });
}

function readOutput(output: string, prefix: string, count: number): (Outcome | undefined)[] {
  const errors: RawError[][] = Array.from({ length: count }, () => []);
  const verdicts: (boolean | undefined)[] = new Array<boolean | undefined>(count).fill(undefined);
  // The prefix is [a-z0-9-] only, random per run: a document cannot forge another's verdict line.
  const located = new RegExp(`^${prefix}(\\d+)\\.xml:(\\d+): (.*)$`);
  const verdict = new RegExp(`^${prefix}(\\d+)\\.xml (validates|fails to validate)$`);
  for (const line of output.split('\n')) {
    const v = verdict.exec(line);
    if (v) {
      verdicts[Number(v[1])] = v[2] === 'validates';
      continue;
    }
    const e = located.exec(line);
    if (e) errors[Number(e[1])]?.push({ line: Number(e[2]), message: e[3] });
  }
  return errors.map((errs, i) => {
    // libxml2 may warn about a document it then validates; the verdict line decides.
    if (verdicts[i] === true) return { valid: true, errors: [] };
    if (verdicts[i] === false || errs.length > 0) {
      return { valid: false, errors: errs.length ? errs : [{ line: null, message: 'fails to validate' }] };
    }
    return undefined;
  });
}
