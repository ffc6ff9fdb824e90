import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

import { IMPORT_ORDER_EXAMPLE } from './ceb311-order';
import { CEB411, IMPORT_PAYMENT_EXAMPLE, ImportPayment } from './ceb411-payment';

const flatten = (errors: ValidationError[], prefix = ''): string[] =>
  errors.flatMap((e) => [
    ...Object.keys(e.constraints ?? {}).map((c) => `${prefix}${e.property}:${c}`),
    ...flatten(e.children ?? [], `${prefix}${e.property}.`),
  ]);
const errorsOf = (plain: unknown): string[] =>
  flatten(
    validateSync(plainToInstance(ImportPayment, plain), { whitelist: true, forbidNonWhitelisted: true }),
  );
const withHead = (fields: Record<string, unknown>): unknown => ({
  PaymentHead: { ...IMPORT_PAYMENT_EXAMPLE.PaymentHead, ...fields },
});
const valueAt = (document: object, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], document);

describe('CEB411 ImportPayment contract', () => {
  it('accepts the example', () => {
    expect(errorsOf(IMPORT_PAYMENT_EXAMPLE)).toEqual([]);
  });

  it('keeps amountPaid a decimal string: no JS number, at most 5 decimals', () => {
    expect(errorsOf(withHead({ amountPaid: 233.28 }))).toEqual(['PaymentHead.amountPaid:matches']);
    expect(errorsOf(withHead({ amountPaid: '233.281234' }))).toEqual(['PaymentHead.amountPaid:matches']);
    expect(errorsOf(withHead({ amountPaid: '233.28123' }))).toEqual([]);
  });

  it('requires RMB, the id card, known appType/appStatus and well-formed codes and times', () => {
    const errors = errorsOf(
      withHead({
        currency: '502',
        payerIdType: '2',
        appType: '4',
        appStatus: '3',
        payCode: '4403169d3w',
        guid: IMPORT_PAYMENT_EXAMPLE.PaymentHead.guid.toLowerCase(),
        payTime: '2026-11-21 09:25:00',
      }),
    );
    expect(errors.sort()).toEqual(
      [
        'PaymentHead.currency:isIn',
        'PaymentHead.payerIdType:isIn',
        'PaymentHead.appType:isIn',
        'PaymentHead.appStatus:isIn',
        'PaymentHead.payCode:matches',
        'PaymentHead.guid:matches',
        'PaymentHead.payTime:matches',
      ].sort(),
    );
  });

  it('holds the XSD lengths', () => {
    expect(
      errorsOf(withHead({ payTransactionId: 'P'.repeat(61), telephone: '1'.repeat(61) })).sort(),
    ).toEqual(['PaymentHead.payTransactionId:isLength', 'PaymentHead.telephone:maxLength']);
    expect(errorsOf(withHead({ payTransactionId: 'P'.repeat(60), telephone: '1'.repeat(60) }))).toEqual([]);
  });

  it('requires the mandatory fields and the head, accepts without the optional ones, refuses unknown fields', () => {
    const head: Record<string, unknown> = { ...IMPORT_PAYMENT_EXAMPLE.PaymentHead };
    delete head.payerName;
    delete head.telephone;
    expect(errorsOf({ PaymentHead: head }).sort()).toEqual([
      'PaymentHead.payerName:isLength',
      'PaymentHead.payerName:isString',
    ]);
    expect(errorsOf({})).toEqual(['PaymentHead:isDefined']);
    expect(errorsOf(withHead({ payerPhone: '1' }))).toEqual(['PaymentHead.payerPhone:whitelistValidation']);
  });
});

describe('CEB411 rules', () => {
  it('finds nothing wrong with the example', () => {
    expect(CEB411.check(IMPORT_PAYMENT_EXAMPLE)).toEqual([]);
  });

  it('refuses a payment time later than the report time, accepts the same second', () => {
    const payment = structuredClone(IMPORT_PAYMENT_EXAMPLE);
    payment.PaymentHead.payTime = '20261121093101';
    expect(CEB411.check(payment)).toEqual([
      expect.objectContaining({ path: 'PaymentHead.payTime', rule: 'payTime.notAfterAppTime' }),
    ]);
    payment.PaymentHead.payTime = payment.PaymentHead.appTime;
    expect(CEB411.check(payment)).toEqual([]);
  });
});

describe('CEB411 descriptor', () => {
  it('is sent by the payment company, keyed by order, identified by payCode and transaction id', () => {
    expect(CEB411).toMatchObject({
      rootElement: 'CEB411Message',
      documentElement: 'Payment',
      headElement: 'PaymentHead',
      senderRole: 'pay',
      senderCodeField: 'payCode',
    });
    expect(valueAt(IMPORT_PAYMENT_EXAMPLE, `${CEB411.headElement}.${CEB411.senderCodeField}`)).toBe(
      '4403169D3W',
    );
    expect(CEB411.keyOf(IMPORT_PAYMENT_EXAMPLE)).toBe('ORD20261121000001');
    expect(CEB411.identityOf(IMPORT_PAYMENT_EXAMPLE)).toBe('4403169D3W:PAY20261121000001');
    expect(CEB411.versionOf(IMPORT_PAYMENT_EXAMPLE)).toEqual({ appType: '1', appTime: '20261121093100' });
  });

  it('names the payer id number and telephone as personal data', () => {
    expect(CEB411.personalDataPaths).toEqual(['PaymentHead.payerIdNumber', 'PaymentHead.telephone']);
    for (const path of CEB411.personalDataPaths) {
      expect(typeof valueAt(IMPORT_PAYMENT_EXAMPLE, path)).toBe('string');
    }
  });

  it('pays the example order: same order, platform, payment company, transaction, amount and person', () => {
    const order = IMPORT_ORDER_EXAMPLE.OrderHead;
    const payment = IMPORT_PAYMENT_EXAMPLE.PaymentHead;
    expect(payment).toMatchObject({
      orderNo: order.orderNo,
      ebpCode: order.ebpCode,
      ebpName: order.ebpName,
      payCode: order.payCode,
      payName: order.payName,
      payTransactionId: order.payTransactionId,
      amountPaid: order.acturalPaid,
      payerName: order.buyerName,
      payerIdType: order.buyerIdType,
      payerIdNumber: order.buyerIdNumber,
    });
    expect(payment.payTime <= order.appTime).toBe(true);
  });
});
