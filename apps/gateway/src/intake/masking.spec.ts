import { IMPORT_ORDER_EXAMPLE } from '@swx/contracts';

import { maskPaths, maskValue } from './masking';

describe('masking personal data', () => {
  it('keeps the first 3 and last 4 characters of long values', () => {
    expect(maskValue('110101199003070012')).toBe('110***********0012');
    expect(maskValue('13800000000')).toBe('138****0000');
    expect(maskValue('12345678')).toBe('********');
  });

  it('masks the paths of a document, in arrays too, without touching the original', () => {
    const masked = maskPaths(IMPORT_ORDER_EXAMPLE, [
      'OrderHead.buyerIdNumber',
      'OrderHead.consigneeTelephone',
      'OrderList.itemNo',
      'OrderHead.absent',
    ]);
    expect(masked.OrderHead.buyerIdNumber).toBe('110***********0012');
    expect(masked.OrderHead.consigneeTelephone).toBe('138****0000');
    expect(masked.OrderList[0].itemNo).toBe('*'.repeat('SKU-0001'.length));
    expect(masked.OrderHead.buyerName).toBe(IMPORT_ORDER_EXAMPLE.OrderHead.buyerName);
    expect(IMPORT_ORDER_EXAMPLE.OrderHead.buyerIdNumber).toBe('110101199003070012');
  });
});
