import { readFileSync } from 'node:fs';
import * as path from 'node:path';

import { CEB_MESSAGES, CEB_NAMESPACE, cebMessageStructure, type CebMessageStructure } from './ceb-structure';

const XSD = path.resolve(__dirname, '../../xsd');
const GENERATOR = path.resolve(__dirname, '../../../../scripts/gen-ceb-structure.js');

const messages = Object.values(CEB_MESSAGES) as readonly CebMessageStructure[];

function rootsDeclaredIn(file: string): string[] {
  const text = readFileSync(path.join(XSD, file), 'utf8');
  return [...text.matchAll(/^\t<xs:element name="(CEB\d{3}Message)">/gm)].map((m) => m[1]);
}

describe('CEB structure table', () => {
  it('is what scripts/gen-ceb-structure.js reads from the XSDs today', () => {
    const generator = jest.requireActual<{ messages(): { namespace: string; list: CebMessageStructure[] } }>(
      GENERATOR,
    );
    const { namespace, list } = generator.messages();
    expect(namespace).toBe(CEB_NAMESPACE);
    expect(Object.fromEntries(list.map((m) => [m.rootElement, m]))).toEqual(CEB_MESSAGES);
  });

  it('covers every message root of both XSDs, requests and receipts', () => {
    const imp = rootsDeclaredIn('ceb-import-202205.xsd');
    const exp = rootsDeclaredIn('ceb-export-202205.xsd');
    expect(imp).toHaveLength(19);
    expect(exp).toHaveLength(23);
    expect(messages.filter((m) => m.schema === 'import').map((m) => m.rootElement)).toEqual([...imp].sort());
    expect(messages.filter((m) => m.schema === 'export').map((m) => m.rootElement)).toEqual([...exp].sort());
  });

  it('describes CEB311: orders with repeated lines and an integer line number', () => {
    expect(cebMessageStructure('CEB311Message')).toMatchObject({
      messageType: 'CEB311',
      schema: 'import',
      kind: 'declaration',
      documentElement: 'Order',
      maxDocuments: 100,
      fields: [
        { name: 'OrderHead', required: true, type: 'complex' },
        { name: 'OrderList', required: true, maxOccurs: 99, type: 'complex' },
      ],
      repeated: ['OrderList'],
      integers: ['OrderList/gnum'],
      receiptRoot: 'CEB312Message',
    });
  });

  it('finds integers typed by restriction as well as by type (packNo, msgSeqNo)', () => {
    expect(CEB_MESSAGES.CEB511Message.integers).toEqual(['LogisticsHead/packNo']);
    expect(CEB_MESSAGES.CEB505Message.integers).toEqual(['packNo']);
    expect(CEB_MESSAGES.CEB508Message.integers).toEqual(['msgSeqNo']);
  });

  it('pairs every declaration with the receipt numbered after it', () => {
    const declarations = messages.filter((m) => m.kind === 'declaration');
    expect(declarations).toHaveLength(19);
    expect(messages.filter((m) => m.kind === 'receipt')).toHaveLength(20);
    for (const d of declarations) {
      const receipt = cebMessageStructure(d.receiptRoot ?? '');
      expect(receipt).toMatchObject({ kind: 'receipt', schema: d.schema });
      expect(receipt?.documentElement).toMatch(/Return$/);
    }
  });

  it('marks what customs issues as notices and knows the format receipt CEB900', () => {
    expect(messages.filter((m) => m.kind === 'notice').map((m) => m.messageType)).toEqual([
      'CEB792',
      'CEB816',
      'CEB818',
    ]);
    expect(CEB_MESSAGES.CEB900Message).toMatchObject({ kind: 'receipt', documentElement: 'MessageReturn' });
    expect(CEB_MESSAGES.CEB711Message.maxDocuments).toBe(1);
    expect(CEB_MESSAGES.CEB816Message.maxDocuments).toBeNull();
  });

  it('returns undefined for anything that is not a message root', () => {
    expect(cebMessageStructure('OrderHead')).toBeUndefined();
    expect(cebMessageStructure('toString')).toBeUndefined();
  });
});
