import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

import { cebMessageStructure, type CebMessageStructure } from './ceb-structure';
import { CebXmlParseError, parseCebXml, type CebXmlMessage } from './ceb-xml-parser';
import { validateCebXml, type XsdError, type XsdResult } from './xsd-validator';

/** The official 202205 sample messages, byte-exact copies (see docs/ceb-samples.md). */
const SAMPLES = path.resolve(__dirname, '../../../testing/golden/ceb-samples');

const CEB = '{http://www.chinaport.gov.cn/ceb}';
const DS = '{http://www.w3.org/2000/09/xmldsig#}';

const VALID_IMPORT: XsdResult = { valid: true, schema: 'import', errors: [] };
const VALID_EXPORT: XsdResult = { valid: true, schema: 'export', errors: [] };

/** Export declarations whose sample carries BaseTransfer twice; the XSD allows it once. */
function secondBaseTransfer(root: string, line: number): XsdResult {
  return {
    valid: false,
    schema: 'export',
    errors: [
      {
        line,
        column: 2,
        path: `/${root}/BaseTransfer[2]`,
        message:
          `Schemas validity error : Element '${CEB}BaseTransfer': This element is not expected. ` +
          `Expected is one of ( ${CEB}BaseSubscribe, ${DS}Signature, ${CEB}ExtendMessage ).`,
      },
    ],
  };
}

/** CEB792: every SummaryResultList lacks the mandatory gseqno that the XSD puts before gnum. */
const CEB792_ERRORS: XsdError[] = Array.from({ length: 10 }, (_, result) =>
  [0, 1].map((list) => ({
    line: 26 + 32 * result + 6 * list,
    column: 4,
    path: `/CEB792Message/SummaryResult[${result + 1}]/SummaryResultList[${list + 1}]/gnum`,
    message: `Schemas validity error : Element '${CEB}gnum': This element is not expected. Expected is ( ${CEB}gseqno ).`,
  })),
).flat();

const VERDICTS: Record<string, XsdResult> = {
  'import/CEB311Message.xml': VALID_IMPORT,
  'import/CEB312Message.xml': VALID_IMPORT,
  'import/CEB411Message.xml': VALID_IMPORT,
  'import/CEB412Message.xml': VALID_IMPORT,
  'import/CEB511Message.xml': VALID_IMPORT,
  'import/CEB512Message.xml': VALID_IMPORT,
  'import/CEB513Message.xml': VALID_IMPORT,
  'import/CEB514Message.xml': VALID_IMPORT,
  'import/CEB621Message.xml': VALID_IMPORT,
  'import/CEB622Message.xml': VALID_IMPORT,
  'import/CEB623Message.xml': VALID_IMPORT,
  'import/CEB624Message.xml': VALID_IMPORT,
  'import/CEB625Message.xml': VALID_IMPORT,
  'import/CEB626Message.xml': VALID_IMPORT,
  'import/CEB711Message.xml': VALID_IMPORT,
  'import/CEB712Message.xml': VALID_IMPORT,
  'export/CEB213Message.xml': VALID_EXPORT,
  'export/CEB214Message.xml': {
    valid: false,
    schema: null,
    errors: [
      {
        line: 3,
        column: 1,
        path: '/CEB214',
        message:
          "Unknown root element 'CEB214': not a message of the CEB import or export XSD " +
          '(expected a CEBnnnMessage element such as CEB311Message or CEB303Message)',
      },
    ],
  },
  'export/CEB215Message.xml': VALID_EXPORT,
  'export/CEB216Message.xml': VALID_EXPORT,
  'export/CEB303Message.xml': secondBaseTransfer('CEB303Message', 321),
  'export/CEB304Message.xml': VALID_EXPORT,
  'export/CEB403Message.xml': secondBaseTransfer('CEB403Message', 191),
  'export/CEB404Message.xml': VALID_EXPORT,
  'export/CEB505Message.xml': secondBaseTransfer('CEB505Message', 201),
  'export/CEB506Message.xml': VALID_EXPORT,
  'export/CEB507Message.xml': secondBaseTransfer('CEB507Message', 411),
  'export/CEB508Message.xml': VALID_EXPORT,
  'export/CEB509Message.xml': secondBaseTransfer('CEB509Message', 271),
  'export/CEB510Message.xml': VALID_EXPORT,
  'export/CEB603Message.xml': secondBaseTransfer('CEB603Message', 721),
  'export/CEB604Message.xml': VALID_EXPORT,
  'export/CEB605Message.xml': secondBaseTransfer('CEB605Message', 161),
  'export/CEB606Message.xml': VALID_EXPORT,
  'export/CEB607Message.xml': secondBaseTransfer('CEB607Message', 311),
  'export/CEB608Message.xml': VALID_EXPORT,
  'export/CEB701Message.xml': VALID_EXPORT,
  'export/CEB702Message.xml': VALID_EXPORT,
  'export/CEB792Message.xml': { valid: false, schema: 'export', errors: CEB792_ERRORS },
};

const files = ['import', 'export'].flatMap((dir) =>
  readdirSync(path.join(SAMPLES, dir))
    .filter((f) => f.endsWith('.xml'))
    .map((f) => `${dir}/${f}`),
);
const text = (file: string): string => readFileSync(path.join(SAMPLES, file), 'utf8');

describe('official CEB samples', () => {
  const results = new Map<string, XsdResult>();

  beforeAll(async () => {
    const verdicts = await Promise.all(files.map((f) => validateCebXml(text(f))));
    files.forEach((f, i) => results.set(f, verdicts[i]));
  });

  it('are all listed here: 16 import and 23 export samples', () => {
    expect(files.sort()).toEqual(Object.keys(VERDICTS).sort());
    expect(files.filter((f) => f.startsWith('import/'))).toHaveLength(16);
  });

  it.each(Object.entries(VERDICTS))('%s: XSD verdict', (file, verdict) => {
    expect(results.get(file)).toEqual(verdict);
  });

  it.each(files.filter((f) => !f.endsWith('CEB214Message.xml')))('%s: parses', (file) => {
    const xml = text(file);
    const message = parseCebXml(xml);
    const root = path.basename(file, '.xml');
    const structure = cebMessageStructure(root) as CebMessageStructure;
    expect(message.rootElement).toBe(root);
    expect(message.messageType).toBe(structure.messageType);
    expect(message.signed).toBe(xml.includes(':Signature'));
    const documents = xml.match(new RegExp(`<(ceb:)?${structure.documentElement}>`, 'g')) ?? [];
    expect(message.documents).toHaveLength(documents.length);
    expect(message.baseTransfer === undefined).toBe(!structure.envelope.includes('BaseTransfer'));
  });

  it('CEB214 (root element CEB214, not CEB214Message) is refused by the parser too', () => {
    expect(() => parseCebXml(text('export/CEB214Message.xml'))).toThrow(
      new CebXmlParseError("Unknown root element 'CEB214': not a message of the CEB import or export XSD"),
    );
  });

  describe('parsed shape', () => {
    it('CEB311: 6 orders of 2 lines, amounts as the XML text, gnum as numbers, signed', () => {
      const message = parseCebXml(text('import/CEB311Message.xml'));
      expect(message).toMatchObject<Partial<CebXmlMessage>>({
        rootElement: 'CEB311Message',
        messageType: 'CEB311',
        guid: '4CDE1CFD-EDED-46B1-946C-B8022E42FC94',
        version: '1.0',
        signed: true,
        baseTransfer: {
          copCode: '1101180326',
          copName: '物流企业',
          dxpMode: 'DXP',
          dxpId: 'EXP2016522002580001',
          note: 'test',
        },
      });
      expect(message.documents).toHaveLength(6);
      const [first] = message.documents as {
        OrderHead: Record<string, unknown>;
        OrderList: Record<string, unknown>[];
      }[];
      expect(first.OrderHead).toMatchObject({
        orderNo: 'order20160321116421002',
        goodsValue: '14000',
        freight: '5000',
        discount: '0',
        taxTotal: '50',
        acturalPaid: '19050',
        consignee: '焦洪宇',
      });
      expect(first.OrderList).toEqual([
        expect.objectContaining({ gnum: 1, qty: '100', price: '20', totalPrice: '2000', note: '' }),
        expect.objectContaining({ gnum: 2, qty: '200', price: '10', totalPrice: '12000' }),
      ]);
      for (const doc of message.documents) {
        expect(Object.keys(doc)).toEqual(['OrderHead', 'OrderList']);
      }
    });

    it('CEB621: 10 lists, packNo and gnum as numbers, the rest text', () => {
      const message = parseCebXml(text('import/CEB621Message.xml'));
      expect(message.documents).toHaveLength(10);
      expect(message.documents[0]).toMatchObject({
        InventoryHead: { invtNo: '', packNo: 6000, grossWeight: '4000', freight: '500', tradeMode: '9610' },
        InventoryList: [
          { gnum: 1, gcode: '8541401000', qty: '100', price: '20', totalPrice: '20' },
          { gnum: 2, qty: '200', price: '60', totalPrice: '12' },
        ],
      });
    });

    it('CEB303 (export): a 19,5 amount survives as text, where a float would round it', () => {
      const message = parseCebXml(text('export/CEB303Message.xml'));
      const head = (message.documents[0] as { OrderHead: { goodsValue: string } }).OrderHead;
      expect(head.goodsValue).toBe('12345678912345.12345');
      expect(String(Number(head.goodsValue))).not.toBe(head.goodsValue);
    });

    it('CEB622: receipts are flat documents of text', () => {
      const message = parseCebXml(text('import/CEB622Message.xml'));
      expect(message.signed).toBe(false);
      expect(message.baseTransfer).toBeUndefined();
      expect(message.documents[0]).toEqual({
        guid: '4CDE1CFD-EDED-46B1-946C-B8022E42FC94',
        customsCode: '1501',
        ebpCode: '1105910159',
        ebcCode: '1105910159',
        agentCode: '1105980159',
        copNo: 'cop2016032211000',
        preNo: 'B20160512000001882',
        returnStatus: '1',
        returnTime: '20160512102646001',
        returnInfo: '暂存',
      });
    });

    it('CEB792: result lists are arrays, with the sample gnum read as numbers', () => {
      const message = parseCebXml(text('export/CEB792Message.xml'));
      expect(message.documents[0]).toMatchObject({
        SummaryResultHead: { msgCount: 1, msgSeqNo: 1, grossWeight: '12345678912345.12345' },
        SummaryResultList: [
          { invtNo: 'Invt20180507000001', gnum: 1 },
          { invtNo: 'Invt20180507000001', gnum: 2 },
        ],
      });
    });
  });
});
