import {
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import Decimal from 'decimal.js';
import { DataSource, EntityManager } from 'typeorm';

import type {
  MovementOutcome,
  StockMovementInput,
  UtilisationView,
  WarehouseInput,
  WarehouseStockView,
  WarehouseView,
} from '@swx/contracts';

import type { Caller } from '../internal/internal-call.guard';
import { retryOnConflict } from '../shared/retry';

interface WarehouseRow {
  warehouse_id: string;
  operator_code: string;
  kind: WarehouseView['kind'];
  name: string;
  country: string;
  address: string;
  capacity: number;
  stock: string;
}

/** Regulators who see every warehouse and its customers: customs, post, commerce (海外仓 statistics). */
const REGULATORS = new Set(['customs', 'post', 'commerce']);

const seesAll = (c: Caller): boolean =>
  (c.kind === 'operator' && c.scopes.includes('registry:read')) ||
  (c.kind === 'regulator' && c.scopes.includes('regulator:read') && REGULATORS.has(c.agency ?? ''));

/** Stock with no trailing zeros, e.g. `1520`, `12.5`. */
const amount = (value: Decimal.Value): string => new Decimal(value).toFixed();
const ratio = (stock: Decimal.Value, capacity: number): string =>
  new Decimal(stock).div(capacity).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4);

export const viewOf = (w: WarehouseRow): WarehouseView => ({
  warehouseId: w.warehouse_id,
  operatorCode: w.operator_code,
  kind: w.kind,
  name: w.name,
  country: w.country,
  address: w.address,
  capacity: w.capacity,
  stock: amount(w.stock),
  utilisation: ratio(w.stock, w.capacity),
});

/**
 * Overseas and consolidation warehouses (海外仓、集货仓): operators register theirs and move stock (inbound from
 * 9810 export lists, outbound sales, returns, transfers to any registered warehouse). Each movement is recorded
 * once per warehouse and movement id under the warehouse's row lock, so stock never goes below zero and a
 * resent movement changes nothing. Utilisation is shared across operators as counts and capacity only.
 */
@Injectable()
export class Warehouses {
  constructor(private readonly dataSource: DataSource) {}

  async register(caller: Caller, input: WarehouseInput): Promise<WarehouseView> {
    const operator = this.operatorOf(caller);
    const id = `${operator}-${input.code}`;
    const rows: WarehouseRow[] = await this.dataSource.query(
      `INSERT INTO "logistics"."warehouse" (warehouse_id, operator_code, kind, name, country, address, capacity)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (warehouse_id) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name,
         country = EXCLUDED.country, address = EXCLUDED.address, capacity = EXCLUDED.capacity, updated_at = now()
       RETURNING *`,
      [id, operator, input.kind, input.name, input.country, input.address, input.capacity],
    );
    return viewOf(rows[0]);
  }

  async list(caller: Caller): Promise<WarehouseView[]> {
    const rows: WarehouseRow[] = seesAll(caller)
      ? await this.dataSource.query(`SELECT * FROM "logistics"."warehouse" ORDER BY warehouse_id`)
      : await this.dataSource.query(
          `SELECT * FROM "logistics"."warehouse" WHERE operator_code = $1 ORDER BY warehouse_id`,
          [this.readerOf(caller)],
        );
    return rows.map(viewOf);
  }

  async stock(caller: Caller, warehouseId: string): Promise<WarehouseStockView> {
    return this.dataSource.transaction(async (manager) => {
      const row = await this.find(manager, warehouseId, false);
      if (!row || (!seesAll(caller) && this.readerOf(caller) !== row.operator_code))
        throw new NotFoundException(`No warehouse ${warehouseId} among those this client may read`);
      return this.stockView(manager, row);
    });
  }

  async move(caller: Caller, warehouseId: string, input: StockMovementInput): Promise<MovementOutcome> {
    const operator = this.operatorOf(caller);
    return retryOnConflict(() => this.moveOnce(operator, warehouseId, input));
  }

  private moveOnce(
    operator: string,
    warehouseId: string,
    input: StockMovementInput,
  ): Promise<MovementOutcome> {
    return this.dataSource.transaction(async (manager) => {
      let quantity = input.quantity;
      let owner = input.ownerCode;
      if (input.logisticsNo && (quantity === undefined || owner === undefined)) {
        const [list] = (await manager.query(
          `SELECT ebc_code, quantity FROM "logistics"."export_list_9810" WHERE logistics_no = $1`,
          [input.logisticsNo],
        )) as { ebc_code: string; quantity: string }[];
        if (!list)
          throw new UnprocessableEntityException(
            `no 9810 export list carries waybill ${input.logisticsNo}: give quantity and ownerCode`,
          );
        quantity ??= amount(list.quantity);
        owner ??= list.ebc_code;
      }
      if (quantity === undefined || owner === undefined)
        throw new UnprocessableEntityException(
          'quantity and ownerCode are required (or the waybill of a 9810 list)',
        );
      if (new Decimal(quantity).lte(0))
        throw new UnprocessableEntityException('quantity must be more than 0');
      if (input.kind === 'transfer' && (!input.toWarehouseId || input.toWarehouseId === warehouseId))
        throw new UnprocessableEntityException('a transfer names another warehouse in toWarehouseId');

      // Both warehouses of a transfer are locked in id order, so two transfers between them cannot deadlock.
      const ids = [warehouseId, ...(input.kind === 'transfer' ? [input.toWarehouseId!] : [])].sort();
      const locked = new Map<string, WarehouseRow>();
      for (const id of ids) {
        const row = await this.find(manager, id, true);
        if (row) locked.set(id, row);
      }
      const source = locked.get(warehouseId);
      if (!source || source.operator_code !== operator)
        throw new NotFoundException(`No warehouse ${warehouseId} of this operator`);
      const target = input.kind === 'transfer' ? locked.get(input.toWarehouseId!) : undefined;
      if (input.kind === 'transfer' && !target)
        throw new UnprocessableEntityException(`no warehouse ${input.toWarehouseId} is registered`);

      const [existing] = (await manager.query(
        `SELECT kind, delta, owner_code FROM "logistics"."stock_movement" WHERE warehouse_id = $1 AND movement_id = $2`,
        [warehouseId, input.movementId],
      )) as { kind: string; delta: string; owner_code: string }[];
      const delta =
        input.kind === 'outbound' || input.kind === 'transfer'
          ? new Decimal(quantity).neg()
          : new Decimal(quantity);
      if (existing) {
        if (
          existing.kind !== input.kind ||
          !new Decimal(existing.delta).eq(delta) ||
          existing.owner_code !== owner
        )
          throw new ConflictException(`movement ${input.movementId} was recorded with other values`);
        return {
          movementId: input.movementId,
          outcome: 'duplicate',
          warehouse: await this.stockView(manager, source),
        };
      }
      if (input.kind === 'inbound' && input.logisticsNo) await this.firstInbound(manager, input.logisticsNo);
      await this.apply(manager, source, input, delta, owner, operator, target?.warehouse_id);
      if (target) await this.apply(manager, target, input, delta.neg(), owner, operator, source.warehouse_id);
      const after = (await this.find(manager, warehouseId, false))!;
      return {
        movementId: input.movementId,
        outcome: 'recorded',
        warehouse: await this.stockView(manager, after),
      };
    });
  }

  async utilisation(): Promise<UtilisationView> {
    const rows: WarehouseRow[] = await this.dataSource.query(
      `SELECT * FROM "logistics"."warehouse" ORDER BY country, warehouse_id`,
    );
    const byCountry = new Map<string, { warehouses: number; capacity: number; stock: Decimal }>();
    for (const r of rows) {
      const c = byCountry.get(r.country) ?? { warehouses: 0, capacity: 0, stock: new Decimal(0) };
      byCountry.set(r.country, {
        warehouses: c.warehouses + 1,
        capacity: c.capacity + r.capacity,
        stock: c.stock.plus(r.stock),
      });
    }
    return {
      warehouses: rows.map((r) => ({
        warehouseId: r.warehouse_id,
        operatorCode: r.operator_code,
        kind: r.kind,
        country: r.country,
        capacity: r.capacity,
        stock: amount(r.stock),
        utilisation: ratio(r.stock, r.capacity),
      })),
      byCountry: [...byCountry.entries()].map(([country, c]) => ({
        country,
        warehouses: c.warehouses,
        capacity: c.capacity,
        stock: amount(c.stock),
        utilisation: ratio(c.stock, c.capacity),
      })),
    };
  }

  private async apply(
    manager: EntityManager,
    warehouse: WarehouseRow,
    input: StockMovementInput,
    delta: Decimal,
    owner: string,
    recordedBy: string,
    counterpart: string | undefined,
  ): Promise<void> {
    const stock = new Decimal(warehouse.stock).plus(delta);
    if (stock.lt(0))
      throw new UnprocessableEntityException(
        `warehouse ${warehouse.warehouse_id} holds ${amount(warehouse.stock)} pieces, fewer than ${amount(delta.neg())}`,
      );
    const [ownerRow] = (await manager.query(
      `SELECT quantity FROM "logistics"."warehouse_owner_stock" WHERE warehouse_id = $1 AND owner_code = $2`,
      [warehouse.warehouse_id, owner],
    )) as { quantity: string }[];
    const ownerStock = new Decimal(ownerRow?.quantity ?? 0).plus(delta);
    if (ownerStock.lt(0))
      throw new UnprocessableEntityException(
        `warehouse ${warehouse.warehouse_id} holds ${amount(ownerRow?.quantity ?? 0)} pieces of ${owner}, fewer than ${amount(delta.neg())}`,
      );
    await manager.query(
      `INSERT INTO "logistics"."stock_movement"
         (warehouse_id, movement_id, kind, delta, owner_code, logistics_no, counterpart_id, reference, occurred_at, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        warehouse.warehouse_id,
        input.movementId,
        input.kind,
        delta.toFixed(),
        owner,
        input.logisticsNo ?? null,
        counterpart ?? null,
        input.reference ?? null,
        input.occurredAt,
        recordedBy,
      ],
    );
    await manager.query(
      `INSERT INTO "logistics"."warehouse_owner_stock" (warehouse_id, owner_code, quantity) VALUES ($1, $2, $3)
       ON CONFLICT (warehouse_id, owner_code) DO UPDATE SET quantity = EXCLUDED.quantity`,
      [warehouse.warehouse_id, owner, ownerStock.toFixed()],
    );
    await manager.query(
      `UPDATE "logistics"."warehouse" SET stock = $2, updated_at = now() WHERE warehouse_id = $1`,
      [warehouse.warehouse_id, stock.toFixed()],
    );
    warehouse.stock = stock.toFixed();
  }

  /**
   * A waybill's goods are taken into stock once, in whichever warehouse: a second inbound naming it (another
   * movement id, here or elsewhere) would count the 9810 export twice. Goods that come back after a sale come in
   * as a `return`, and goods that move on as a `transfer`, never as a new inbound. The waybill's advisory lock
   * makes two inbounds of it on two instances wait for each other.
   */
  private async firstInbound(manager: EntityManager, logisticsNo: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
      `logistics:inbound:${logisticsNo}`,
    ]);
    const [earlier] = (await manager.query(
      `SELECT warehouse_id, movement_id FROM "logistics"."stock_movement"
        WHERE logistics_no = $1 AND kind = 'inbound' LIMIT 1`,
      [logisticsNo],
    )) as { warehouse_id: string; movement_id: string }[];
    if (earlier)
      throw new ConflictException(
        `waybill ${logisticsNo} was taken into stock already (movement ${earlier.movement_id} in warehouse ` +
          `${earlier.warehouse_id}): goods that come back are a return, goods that move on a transfer`,
      );
  }

  private async stockView(manager: EntityManager, row: WarehouseRow): Promise<WarehouseStockView> {
    const owners: { owner_code: string; quantity: string }[] = await manager.query(
      `SELECT owner_code, quantity FROM "logistics"."warehouse_owner_stock"
        WHERE warehouse_id = $1 AND quantity > 0 ORDER BY owner_code`,
      [row.warehouse_id],
    );
    return {
      ...viewOf(row),
      byOwner: owners.map((o) => ({ ownerCode: o.owner_code, quantity: amount(o.quantity) })),
    };
  }

  private async find(manager: EntityManager, id: string, lock: boolean): Promise<WarehouseRow | undefined> {
    const [row] = (await manager.query(
      `SELECT * FROM "logistics"."warehouse" WHERE warehouse_id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    )) as WarehouseRow[];
    return row;
  }

  /** The enterprise that operates warehouses: a `documents:write` enterprise client. */
  private operatorOf(caller: Caller): string {
    if (caller.kind !== 'enterprise' || !caller.enterpriseCode || !caller.scopes.includes('documents:write'))
      throw new ForbiddenException('warehouses are registered and moved by their operating enterprise');
    return caller.enterpriseCode;
  }

  private readerOf(caller: Caller): string {
    if (caller.kind !== 'enterprise' || !caller.enterpriseCode || !caller.scopes.includes('documents:read'))
      throw new ForbiddenException('this caller may not read warehouses');
    return caller.enterpriseCode;
  }
}
