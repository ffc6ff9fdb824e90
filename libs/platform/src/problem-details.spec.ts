import { plainToInstance } from 'class-transformer';
import { IsInt, IsOptional, IsString, Min, validateSync } from 'class-validator';

import { ImportOrder } from '@swx/contracts';
import { importOrder } from '@swx/testing';

import {
  FieldValidationException,
  flattenValidationErrors,
  nestedShapeErrors,
  nullPaths,
  platformValidationPipe,
  QueryInteger,
} from './problem-details';

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

describe('the platform validation pipe', () => {
  class Hook {
    @IsString()
    url!: string;

    @IsOptional()
    @IsString()
    description?: string;
  }
  const pipe = platformValidationPipe();
  const asBody = { type: 'body', metatype: Hook } as const;

  it('refuses null in an optional field (which @IsOptional would let through) with a field error', async () => {
    const refused = await pipe
      .transform({ url: 'https://a.example', description: null }, asBody)
      .catch((e) => e);
    expect(refused).toBeInstanceOf(FieldValidationException);
    expect((refused as FieldValidationException).errors).toEqual([
      {
        path: 'description',
        rule: 'notNull',
        message: 'description must not be null: leave an optional field out instead',
      },
    ]);
  });

  it('lets a body without nulls through to its class, and leaves untyped bodies to their own checks', async () => {
    await expect(pipe.transform({ url: 'https://a.example' }, asBody)).resolves.toBeInstanceOf(Hook);
    await expect(pipe.transform({ x: null }, { type: 'body', metatype: Object })).resolves.toEqual({
      x: null,
    });
    // A form body (fastify's parser) has no prototype.
    const form = Object.assign(Object.create(null) as object, { grant_type: 'client_credentials' });
    await expect(pipe.transform(form, { type: 'body', metatype: Object })).resolves.toBe(form);
  });

  it('names every null, in nested objects and arrays', () => {
    expect(nullPaths({ a: null, b: [1, null], c: { d: null } })).toEqual(['a', 'b[1]', 'c.d']);
    expect(nullPaths(null)).toEqual(['(body)']);
  });
});

describe('QueryInteger', () => {
  class Page {
    @IsOptional()
    @QueryInteger()
    @IsInt()
    @Min(1)
    limit?: number;
  }
  const pipe = platformValidationPipe();
  const asQuery = { type: 'query', metatype: Page } as const;

  it('reads decimal digits as a number', async () => {
    await expect(pipe.transform({ limit: '20' }, asQuery)).resolves.toEqual({ limit: 20 });
  });

  it.each(['0x10', '1e2', ' ', '', '1.5', 'abc'])(
    'refuses %p, which Number() would have read',
    async (limit) => {
      await expect(pipe.transform({ limit }, asQuery)).rejects.toBeInstanceOf(FieldValidationException);
    },
  );
});

describe('nestedShapeErrors', () => {
  it('finds an array where nested validation expects one object: a head, or a line of a list', () => {
    const order = importOrder();
    const lineAsArray = plainToInstance(ImportOrder, { ...order, OrderList: [[], order.OrderList[0]] });
    // Nested validation alone lets both through: it validates the items of an array, and [] has none.
    expect(validateSync(lineAsArray)).toEqual([]);
    expect(nestedShapeErrors(lineAsArray)).toEqual([
      { path: 'OrderList[0]', rule: 'isObject', message: 'OrderList[0] must be an object' },
    ]);
    expect(nestedShapeErrors(plainToInstance(ImportOrder, order))).toEqual([]);
  });

  it('is applied by the validation pipe to class-typed bodies', async () => {
    const pipe = platformValidationPipe();
    const order = importOrder();
    const refused = await pipe
      .transform({ ...order, OrderList: [[]] }, { type: 'body', metatype: ImportOrder })
      .catch((e: unknown) => e);
    expect((refused as FieldValidationException).errors).toEqual([
      { path: 'OrderList[0]', rule: 'isObject', message: 'OrderList[0] must be an object' },
    ]);
  });
});
