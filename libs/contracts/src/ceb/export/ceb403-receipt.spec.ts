import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';

import { CEB303, EXPORT_ORDER_EXAMPLE } from './ceb303-order';
import { CASH_PAYMENT, CEB403, EXPORT_RECEIPT_EXAMPLE, ExportReceipt } from './ceb403-receipt';

const names = (errors: ValidationError[], at = ''): string[] =>
  errors.flatMap((e) => [
    ...Object.keys(e.constraints ?? {}).map((c) => `${at}${e.property}.${c}`),
    ...names(e.children ?? [], `${at}${e.property}.`),
  ]);
const errorsOf = (plain: object): string[] =>
  names(
    validateSync(plainToInstance(ExportReceipt, plain), { whitelist: true, forbidNonWhitelisted: true }),
  ).sort();
const example = (): ExportReceipt => structuredClone(EXPORT_RECEIPT_EXAMPLE);

describe('CEB403 ExportReceipt contract', () => {
  it('accepts the example receipt', () => {
    expect(errorsOf(example())).toEqual([]);
  });

  it('is one key, Receipts, as in the XML where the fields sit directly under the document element', () => {
    const { Receipts } = example();
    expect(errorsOf(Receipts)).toEqual(
      expect.arrayContaining([
        'Receipts.isDefined',
        'orderNo.whitelistValidation',
        'charge.whitelistValidation',
      ]),
    );
  });

  it('accepts a cash receipt in another currency, without payment enterprise or transaction number', () => {
    const receipt = example();
    const { payCode: _payCode, payNo: _payNo, ...rest } = receipt.Receipts;
    receipt.Receipts = { ...rest, payName: CASH_PAYMENT, currency: '502', charge: '92.50' };
    expect(errorsOf(receipt)).toEqual([]);
    expect(CEB403.check(receipt)).toEqual([]);
  });

  it('refuses a numeric charge, a currency that is not a JGS-20 code, a malformed accounting date and a short ebcCode', () => {
    const receipt = example();
    Object.assign(receipt.Receipts, {
      charge: 642,
      currency: 'RMB',
      accountingDate: '2026-11-21',
      ebcCode: '3301',
    });
    expect(errorsOf(receipt)).toEqual([
      'Receipts.accountingDate.matches',
      'Receipts.charge.matches',
      'Receipts.currency.matches',
      'Receipts.ebcCode.matches',
    ]);
  });
});

describe('CEB403 rules', () => {
  const rules = (receipt: ExportReceipt) => CEB403.check(receipt).map((v) => `${v.path}:${v.rule}`);

  it('finds nothing wrong with the example', () => {
    expect(CEB403.check(EXPORT_RECEIPT_EXAMPLE)).toEqual([]);
  });

  it('refuses a receipt of nothing', () => {
    const receipt = example();
    receipt.Receipts.charge = '0.00';
    expect(rules(receipt)).toEqual(['Receipts.charge:charge.positive']);
  });

  it('refuses a cash receipt that names a payment enterprise', () => {
    const receipt = example();
    receipt.Receipts.payName = CASH_PAYMENT;
    expect(rules(receipt)).toEqual(['Receipts.payCode:payCode.absentForCash']);
  });
});

describe('CEB403 descriptor', () => {
  it('is sent by the e-commerce enterprise that receives the money, in its own name', () => {
    expect(CEB403).toMatchObject({
      messageType: 'CEB403',
      flow: 'export',
      rootElement: 'CEB403Message',
      documentElement: 'Receipts',
      headElement: 'Receipts',
      repeatedElements: [],
      senderRole: 'ebc',
      senderCodeField: 'ebcCode',
    });
  });

  it('belongs to the example order: same key as the order, identified by ebcCode and order number', () => {
    expect(CEB403.keyOf(EXPORT_RECEIPT_EXAMPLE)).toBe(CEB303.keyOf(EXPORT_ORDER_EXAMPLE));
    expect(CEB403.identityOf(EXPORT_RECEIPT_EXAMPLE)).toBe('3301960002:EXP20261121000001');
    expect(CEB403.versionOf(EXPORT_RECEIPT_EXAMPLE)).toEqual({ appType: '1', appTime: '20261121100500' });
  });

  it('has no personal data (the export receipt names no payer)', () => {
    expect(CEB403.personalDataPaths).toEqual([]);
  });
});
