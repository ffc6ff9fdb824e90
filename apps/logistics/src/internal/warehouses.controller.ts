import { Body, Controller, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';

import {
  type MovementOutcome,
  StockMovementInput,
  type UtilisationView,
  WarehouseInput,
  type WarehouseStockView,
  type WarehouseView,
} from '@swx/contracts';

import { Warehouses } from '../warehouses/warehouses.usecase';
import { type Caller, CurrentCaller, InternalCallGuard } from './internal-call.guard';

/** Overseas and consolidation warehouses, proxied by the gateway at `/v1/logistics/warehouses...`. */
@ApiExcludeController()
@Controller('internal')
@UseGuards(InternalCallGuard)
export class WarehousesController {
  constructor(private readonly warehouses: Warehouses) {}

  @Put('warehouses')
  register(@CurrentCaller() caller: Caller, @Body() body: WarehouseInput): Promise<WarehouseView> {
    return this.warehouses.register(caller, body);
  }

  @Get('warehouses')
  async list(@CurrentCaller() caller: Caller): Promise<{ items: WarehouseView[] }> {
    return { items: await this.warehouses.list(caller) };
  }

  @Get('warehouse-utilisation')
  utilisation(): Promise<UtilisationView> {
    return this.warehouses.utilisation();
  }

  @Get('warehouses/:warehouseId')
  stock(@CurrentCaller() caller: Caller, @Param('warehouseId') id: string): Promise<WarehouseStockView> {
    return this.warehouses.stock(caller, id);
  }

  @Post('warehouses/:warehouseId/movements')
  @HttpCode(200)
  move(
    @CurrentCaller() caller: Caller,
    @Param('warehouseId') id: string,
    @Body() body: StockMovementInput,
  ): Promise<MovementOutcome> {
    return this.warehouses.move(caller, id, body);
  }
}
