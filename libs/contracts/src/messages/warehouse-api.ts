import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

import { DECIMAL_19_5, ENTERPRISE_CODE } from '../ceb/patterns';

/** 海外仓 (overseas warehouse, export 9810) or 集货仓 (consolidation warehouse before departure). */
export const WAREHOUSE_KINDS = ['overseas', 'consolidation'] as const;
export type WarehouseKind = (typeof WAREHOUSE_KINDS)[number];

export const STOCK_MOVEMENT_KINDS = ['inbound', 'outbound', 'return', 'transfer'] as const;
export type StockMovementKind = (typeof STOCK_MOVEMENT_KINDS)[number];

const CODE = /^[0-9A-Z-]{1,20}$/;

/** `POST /v1/logistics/warehouses`: a warehouse of the calling operator (role `warehouse` or `logistics`). */
export class WarehouseInput {
  @ApiProperty({ description: "The operator's own code of the warehouse (A-Z, 0-9, -)", example: 'LAX-01' })
  @Matches(CODE, { message: 'code must be 1 to 20 upper-case letters, digits or hyphens' })
  code!: string;

  @ApiProperty({ enum: WAREHOUSE_KINDS, example: 'overseas' })
  @IsIn(WAREHOUSE_KINDS)
  kind!: WarehouseKind;

  @ApiProperty({ example: '示范洛杉矶海外仓', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ description: '国家（地区）代码, customs 3-digit code (502 USA)', example: '502' })
  @Matches(/^\d{3}$/, { message: 'country must be a 3-digit customs country code' })
  country!: string;

  @ApiProperty({ example: '1200 E Carson St, Los Angeles, CA', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  address!: string;

  @ApiProperty({ description: 'Capacity in pieces (the unit stock is counted in)', example: 20000 })
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  capacity!: number;
}

/**
 * `POST /v1/logistics/warehouses/{warehouseId}/movements`: goods in or out. An inbound naming the waybill of a
 * 9810 export list takes its quantity and owner from the list when they are not given.
 */
export class StockMovementInput {
  @ApiProperty({
    description: "The operator's id of the movement: sending it again is a no-op",
    example: 'MV-20261123-0001',
  })
  @Matches(/^[\x21-\x7e]{1,60}$/, { message: 'movementId must be 1 to 60 printable ASCII characters' })
  movementId!: string;

  @ApiProperty({
    enum: STOCK_MOVEMENT_KINDS,
    example: 'inbound',
    description: 'inbound (from a 9810 export), outbound (a sale), return, transfer (to `toWarehouseId`)',
  })
  @IsIn(STOCK_MOVEMENT_KINDS)
  kind!: StockMovementKind;

  @ApiPropertyOptional({
    description: 'Pieces (decimal string); from the 9810 list when omitted',
    example: '20',
  })
  @IsOptional()
  @Matches(DECIMAL_19_5, { message: 'quantity must be a decimal string N19,5' })
  quantity?: string;

  @ApiPropertyOptional({
    description: 'Customer who owns the goods (the seller, ebc)',
    example: '3301960002',
  })
  @IsOptional()
  @Matches(ENTERPRISE_CODE)
  ownerCode?: string;

  @ApiPropertyOptional({
    description: 'Waybill of the 9810 export list the goods came with',
    example: 'EXPLN2026112100001',
  })
  @IsOptional()
  @IsString()
  @Length(1, 60)
  logisticsNo?: string;

  @ApiPropertyOptional({
    description: 'Transfers: the receiving warehouse (same operator or another)',
    example: '3301980005-NYC-01',
  })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  toWarehouseId?: string;

  @ApiProperty({ description: 'When (ISO 8601 with offset)', example: '2026-11-25T09:00:00+08:00' })
  @IsISO8601({ strict: true })
  @Matches(/(Z|[+-]\d{2}:\d{2})$/, { message: 'occurredAt must carry its offset (Z or ±hh:mm)' })
  occurredAt!: string;

  @ApiPropertyOptional({
    description: 'Order, list or document reference',
    example: 'EXP20261121000001',
    maxLength: 100,
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  reference?: string;
}

export class WarehouseView {
  @ApiProperty({ example: '3301980005-LAX-01' })
  warehouseId!: string;

  @ApiProperty({ example: '3301980005' })
  operatorCode!: string;

  @ApiProperty({ enum: WAREHOUSE_KINDS, example: 'overseas' })
  kind!: WarehouseKind;

  @ApiProperty({ example: '示范洛杉矶海外仓' })
  name!: string;

  @ApiProperty({ example: '502' })
  country!: string;

  @ApiProperty({ example: '1200 E Carson St, Los Angeles, CA' })
  address!: string;

  @ApiProperty({ example: 20000 })
  capacity!: number;

  @ApiProperty({ example: '1520', description: 'Pieces in stock now' })
  stock!: string;

  @ApiProperty({ example: '0.0760', description: 'stock / capacity, 4 decimals' })
  utilisation!: string;
}

export class WarehouseListView {
  @ApiProperty({ type: [WarehouseView] })
  items!: WarehouseView[];
}

export class OwnerStockView {
  @ApiProperty({ example: '3301960002' })
  ownerCode!: string;

  @ApiProperty({ example: '1520' })
  quantity!: string;
}

export class WarehouseStockView extends WarehouseView {
  @ApiProperty({
    type: [OwnerStockView],
    description: "Stock by customer: the operator's and regulators' view only",
  })
  byOwner!: OwnerStockView[];
}

export class MovementOutcome {
  @ApiProperty({ example: 'MV-20261123-0001' })
  movementId!: string;

  @ApiProperty({ enum: ['recorded', 'duplicate'], example: 'recorded' })
  outcome!: 'recorded' | 'duplicate';

  @ApiProperty({ type: WarehouseStockView })
  warehouse!: WarehouseStockView;
}

/** One row of the shared utilisation view: counts and capacity, never customers. */
export class UtilisationRow {
  @ApiProperty({ example: '3301980005-LAX-01' })
  warehouseId!: string;

  @ApiProperty({ example: '3301980005' })
  operatorCode!: string;

  @ApiProperty({ enum: WAREHOUSE_KINDS, example: 'overseas' })
  kind!: WarehouseKind;

  @ApiProperty({ example: '502' })
  country!: string;

  @ApiProperty({ example: 20000 })
  capacity!: number;

  @ApiProperty({ example: '1520' })
  stock!: string;

  @ApiProperty({ example: '0.0760' })
  utilisation!: string;
}

export class CountryUtilisation {
  @ApiProperty({ example: '502' })
  country!: string;

  @ApiProperty({ example: 3 })
  warehouses!: number;

  @ApiProperty({ example: 60000 })
  capacity!: number;

  @ApiProperty({ example: '15200' })
  stock!: string;

  @ApiProperty({ example: '0.2533' })
  utilisation!: string;
}

export class UtilisationView {
  @ApiProperty({ type: [UtilisationRow] })
  warehouses!: UtilisationRow[];

  @ApiProperty({ type: [CountryUtilisation], description: 'Totals by country, for finding free capacity' })
  byCountry!: CountryUtilisation[];
}
