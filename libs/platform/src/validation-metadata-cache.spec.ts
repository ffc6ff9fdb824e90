import 'reflect-metadata';

import { plainToInstance, Type } from 'class-transformer';
import {
  getMetadataStorage,
  IsInt,
  IsString,
  MaxLength,
  Min,
  validateSync,
  ValidateNested,
} from 'class-validator';

import { memoizeValidationMetadata } from './validation-metadata-cache';

class Base {
  @IsString()
  @MaxLength(4)
  code!: string;
}

class Item {
  @IsInt()
  @Min(1)
  qty!: number;
}

class Order extends Base {
  @ValidateNested({ each: true })
  @Type(() => Item)
  items!: Item[];
}

const errorsOf = (plain: object) =>
  validateSync(plainToInstance(Order, plain), { forbidUnknownValues: true }).map((e) => ({
    property: e.property,
    constraints: e.constraints,
    children: e.children?.map((c) => c.children?.map((cc) => cc.constraints)),
  }));

describe('memoizeValidationMetadata', () => {
  const storage = getMetadataStorage();
  const bad = { code: 'TOO-LONG', items: [{ qty: 1 }, { qty: 0 }, { qty: 'x' }] };
  const good = { code: 'A1', items: [{ qty: 2 }] };
  // What class-validator answers on its own, before the lookup is memoized.
  const before = { bad: errorsOf(bad), good: errorsOf(good) };
  const lookup = jest.spyOn(storage, 'getTargetValidationMetadatas');

  beforeAll(() => memoizeValidationMetadata(storage));

  it('gives the same answers, inherited and nested rules included', () => {
    expect(before.good).toEqual([]);
    expect(before.bad).toHaveLength(2); // code (inherited), items (nested)
    expect(errorsOf(bad)).toEqual(before.bad);
    expect(errorsOf(good)).toEqual(before.good);
  });

  it("resolves a class's rules once per set of arguments, not once per validated object", () => {
    lookup.mockClear();
    // 50 orders of 3 items: Order and Item were resolved by the previous test, and are not resolved again.
    for (let i = 0; i < 50; i++) errorsOf(bad);
    expect(lookup).toHaveBeenCalledTimes(0);
    memoizeValidationMetadata(storage); // a second call changes nothing
    validateSync(plainToInstance(Order, good), { always: true }); // other arguments: resolved once more
    validateSync(plainToInstance(Order, good), { always: true });
    expect(lookup.mock.calls.map((c) => c[0])).toEqual([Order, Item]);
  });

  it('sees a rule registered after a lookup (a class defined later extending a resolved one)', () => {
    expect(errorsOf(good)).toEqual([]);
    class Stricter extends Order {
      @IsString()
      note!: string;
    }
    const errors = validateSync(plainToInstance(Stricter, good));
    expect(errors.map((e) => e.property)).toEqual(['note']);
    // The parent's own answer is unchanged by its subclass.
    expect(errorsOf(good)).toEqual([]);
  });
});
