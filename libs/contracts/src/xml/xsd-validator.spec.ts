import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { cebXsdDirectory, localiseSchema, validateCebXml } from './xsd-validator';

const SAMPLES = path.resolve(__dirname, '../../../testing/golden/ceb-samples');
const sample = (file: string): string => readFileSync(path.join(SAMPLES, file), 'utf8');

const ORDER_311 = sample('import/CEB311Message.xml');
const RECEIPT_312 = sample('import/CEB312Message.xml');
const ORDER_303 = sample('export/CEB303Message.xml');
const GBK_DOC = ORDER_311.replace('encoding="UTF-8"', 'encoding="GBK"');
const CEB = '{http://www.chinaport.gov.cn/ceb}';

describe('validateCebXml', () => {
  it('finds the XSDs shipped in libs/contracts/xsd', () => {
    expect(cebXsdDirectory()).toBe(path.resolve(__dirname, '../../xsd'));
  });

  it('accepts a valid import message and a valid export receipt, choosing the schema by root element', async () => {
    const [imp, exp] = await Promise.all([
      validateCebXml(ORDER_311),
      validateCebXml(sample('export/CEB304Message.xml')),
    ]);
    expect(imp).toEqual({ valid: true, schema: 'import', errors: [] });
    expect(exp).toEqual({ valid: true, schema: 'export', errors: [] });
  });

  it('reports a malformed document with line and column, without running the schema', async () => {
    const result = await validateCebXml(RECEIPT_312.replace('</orderNo>', '</orderNoX>'));
    expect(result).toEqual({
      valid: false,
      schema: null,
      errors: [
        {
          line: 7,
          column: 40,
          message:
            "XML is not well-formed: Expected closing tag 'orderNo' (opened in line 7, col 9) instead of closing tag 'orderNoX'.",
        },
      ],
    });
  });

  it('reports empty input and plain text as not well-formed', async () => {
    const [empty, text] = await Promise.all([validateCebXml(''), validateCebXml('hello')]);
    expect(empty.errors).toEqual([{ line: 1, message: 'XML is not well-formed: Start tag expected.' }]);
    expect(text.errors).toEqual([
      { line: 1, column: 1, message: "XML is not well-formed: char 'h' is not expected." },
    ]);
  });

  it('reports an unknown root element', async () => {
    const result = await validateCebXml(
      '<?xml version="1.0"?>\n<ceb:Foo xmlns:ceb="http://www.chinaport.gov.cn/ceb"/>',
    );
    expect(result).toEqual({
      valid: false,
      schema: null,
      errors: [
        {
          line: 2,
          column: 1,
          path: '/Foo',
          message:
            "Unknown root element 'Foo': not a message of the CEB import or export XSD " +
            '(expected a CEBnnnMessage element such as CEB311Message or CEB303Message)',
        },
      ],
    });
  });

  it('refuses a DOCTYPE (no DTDs, no external entities)', async () => {
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "http://example.com/x">]>\n${RECEIPT_312.replace(/^<\?xml[^>]*>\s*/, '')}`;
    const result = await validateCebXml(xml);
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual([
      {
        line: 2,
        column: 1,
        message: 'DOCTYPE declarations are not allowed in CEB messages (no DTDs, no external entities)',
      },
    ]);
  });

  it('locates schema errors by line, column and path, even in a minified document', async () => {
    const minified = ORDER_311.replace(/>\s+</g, '><');
    const broken = minified
      .replace('<ceb:appType>1</ceb:appType>', '')
      .replace(/<ceb:gnum>2<\/ceb:gnum>/g, '<ceb:gnum>x</ceb:gnum>');
    const result = await validateCebXml(broken);
    expect(result.valid).toBe(false);
    expect(result.schema).toBe('import');
    expect(result.errors[0]).toEqual({
      line: 2,
      column: 147,
      path: '/CEB311Message/Order[1]/OrderHead/appTime',
      message: `Schemas validity error : Element '${CEB}appTime': This element is not expected. Expected is ( ${CEB}appType ).`,
    });
    expect(result.errors.slice(1).map((e) => e.path)).toEqual(
      [1, 2, 3, 4, 5, 6].map((i) => `/CEB311Message/Order[${i}]/OrderList[2]/gnum`),
    );
    expect(result.errors[1].message).toBe(
      `Schemas validity error : Element '${CEB}gnum': 'x' is not a valid value of the atomic type 'xs:int'.`,
    );
  });

  it('locates attribute errors', async () => {
    const result = await validateCebXml(
      RECEIPT_312.replace('guid="4CDE1CFD-EDED-46B1-946C-B8022E42FC94"', 'guid="short"'),
    );
    expect(result.errors).toEqual([
      {
        line: 2,
        column: 1,
        path: '/CEB312Message/@guid',
        message:
          `Schemas validity error : Element '${CEB}CEB312Message', attribute 'guid': [facet 'length'] ` +
          "The value 'short' has a length of '5'; this differs from the allowed length of '36'.",
      },
    ]);
  });

  it('rejects a known root outside the CEB namespace', async () => {
    const result = await validateCebXml(RECEIPT_312.replace(' xmlns="http://www.chinaport.gov.cn/ceb"', ''));
    expect(result).toEqual({
      valid: false,
      schema: 'import',
      errors: [
        {
          line: 2,
          column: 1,
          path: '/CEB312Message',
          message:
            "Schemas validity error : Element 'CEB312Message': No matching global declaration available for the validation root.",
        },
      ],
    });
  });

  it("reports libxml2's own parser errors (undefined entity, invalid character) with their line", async () => {
    const [entity, control] = await Promise.all([
      validateCebXml(RECEIPT_312.replace('<returnInfo>', '<returnInfo>&nope;')),
      validateCebXml(RECEIPT_312.replace('<returnInfo>', '<returnInfo>\u0001')),
    ]);
    expect(entity.errors).toEqual([{ line: 10, message: "parser error : Entity 'nope' not defined" }]);
    expect(control.errors).toEqual([{ line: 10, message: 'parser error : PCDATA invalid Char value 1' }]);
  });

  it('validates a string whose declaration names another encoding (the text is already decoded)', async () => {
    await expect(validateCebXml(GBK_DOC)).resolves.toEqual({ valid: true, schema: 'import', errors: [] });
  });

  it('gives each of many concurrent documents its own verdict', async () => {
    const invalid312 = RECEIPT_312.replace('<returnStatus>2</returnStatus>', '<returnStatus></returnStatus>');
    const docs = [
      ORDER_311,
      invalid312,
      ORDER_303,
      RECEIPT_312,
      invalid312,
      sample('export/CEB606Message.xml'),
    ];
    const results = await Promise.all(docs.map((d) => validateCebXml(d)));
    expect(results.map((r) => [r.valid, r.schema])).toEqual([
      [true, 'import'],
      [false, 'import'],
      [false, 'export'],
      [true, 'import'],
      [false, 'import'],
      [true, 'export'],
    ]);
    expect(results[1].errors).toEqual([
      {
        line: 8,
        column: 9,
        path: '/CEB312Message/OrderReturn[1]/returnStatus',
        message:
          `Schemas validity error : Element '${CEB}returnStatus': [facet 'minLength'] ` +
          "The value has a length of '0'; this underruns the allowed minimum length of '1'.",
      },
    ]);
    expect(results[4].errors).toEqual(results[1].errors);
  });

  it('keeps schema loading local: drops a DOCTYPE and points remote xmldsig imports at the preloaded file', () => {
    const w3c =
      '<?xml version="1.0" encoding="utf-8"?>\n' +
      '<!DOCTYPE schema PUBLIC "-//W3C//DTD XMLSchema 200102//EN" "http://www.w3.org/2001/XMLSchema.dtd" [\n' +
      '  <!ATTLIST schema xmlns:ds CDATA #FIXED "http://www.w3.org/2000/09/xmldsig#">\n' +
      "  <!ENTITY dsig 'http://www.w3.org/2000/09/xmldsig#'>\n]>\n<schema/>";
    expect(localiseSchema(w3c)).toBe('<?xml version="1.0" encoding="utf-8"?>\n\n<schema/>');
    expect(
      localiseSchema(
        '<xs:import namespace="http://www.w3.org/2000/09/xmldsig#" schemaLocation="http://www.w3.org/TR/xmldsig-core/xmldsig-core-schema.xsd"/>',
      ),
    ).toBe(
      '<xs:import namespace="http://www.w3.org/2000/09/xmldsig#" schemaLocation="xmldsig-core-schema.xsd"/>',
    );
  });
});
