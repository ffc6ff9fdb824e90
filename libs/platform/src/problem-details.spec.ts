import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

import { ImportOrder } from '@swx/contracts';
import { importOrder } from '@swx/testing';

import { flattenValidationErrors } from './problem-details';

describe('flattenValidationErrors', () => {
  it('lists every error with a path into nested objects and arrays and its rule code', () => {
    const order = importOrder();
    const plain = {
      ...order,
      OrderHead: { ...order.OrderHead, currency: '502' },
      OrderList: [order.OrderList[0], { ...order.OrderList[0], qty: 'two' }],
    };
    const errors = flattenValidationErrors(validateSync(plainToInstance(ImportOrder, plain)));
    expect(errors).toEqual([
      {
        path: 'OrderHead.currency',
        rule: 'isIn',
        message: 'currency must be one of the following values: 142',
      },
      { path: 'OrderList[1].qty', rule: 'matches', message: 'qty must be a decimal string N19,5' },
    ]);
  });
});
