import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Param,
  Post,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';

import {
  EXAMPLE_LOGISTICS_NO,
  MovementOutcome,
  StockMovementInput,
  TrackingEventsRequest,
  TrackingEventsResponse,
  UtilisationView,
  WarehouseInput,
  WarehouseListView,
  WarehouseStockView,
  WarehouseView,
  WaybillTimelineView,
} from '@swx/contracts';

import { Authenticated } from '../auth/auth.guard';
import { CurrentPrincipal, Principal, Scopes } from '../auth/principal';
import { LogisticsClient } from './logistics-client';

/** A waybill number in a path: what the standard allows (C..60), nothing that could leave the path segment. */
const LOGISTICS_NO = /^[\x21-\x7e]{1,60}$/;
/** A warehouse id: the operator's code, a hyphen, its own code of the warehouse. */
const WAREHOUSE_ID = /^[0-9A-Z-]{1,40}$/;

function checked(value: string, pattern: RegExp, what: string): string {
  if (!pattern.test(value)) throw new BadRequestException(`${what} is not well formed`);
  return value;
}

/**
 * Parcel tracking through the single access point (物流状态查询和跟踪): carriers report scans; the carrier, the
 * order's platform and seller, and the customs and post regulators read one timeline per waybill, built from the
 * declarations (CEB511/513, CEB505/507/509, CEB711, CEB607), customs' release and inspection, and the scans.
 */
@ApiTags('logistics')
@Controller({ path: 'logistics', version: '1' })
export class LogisticsQueriesController {
  constructor(private readonly logistics: LogisticsClient) {}

  @Post('tracking-events')
  @HttpCode(200)
  @Authenticated(Scopes.DocumentsWrite)
  @ApiOperation({
    summary:
      'Report carrier scans (picked up, departed, arrived, released, out for delivery, delivered, exception, returned)',
    description:
      'A logistics enterprise (role `logistics`) reports up to 500 scans of its waybills, each with its own time ' +
      '(ISO 8601 with offset), place and carrier. Each lands once on its waybill timeline, sorted by its own time ' +
      'whatever order scans come in: a scan sent again (same `scanId`, or without one the same waybill, kind, ' +
      'time, place and carrier) answers `duplicate` and changes nothing. A waybill declared by another carrier ' +
      'answers `refused`. A scan after release withdraws a no-scan anomaly.',
  })
  @ApiOkResponse({ type: TrackingEventsResponse })
  @ApiBadRequestResponse({
    description: 'Every field error at once (problem+json), e.g. `events[0].occurredAt`',
  })
  track(@CurrentPrincipal() principal: Principal, @Body() body: TrackingEventsRequest): Promise<unknown> {
    if (principal.kind !== 'enterprise' || !principal.roles.includes('logistics'))
      throw new ForbiddenException('only logistics enterprises report tracking events');
    return this.logistics.call(principal, 'POST', '/internal/tracking-events', body);
  }

  @Get('waybills/:logisticsNo/timeline')
  @Authenticated(Scopes.DocumentsRead, Scopes.RegulatorRead, Scopes.RegistryRead)
  @ApiOperation({
    summary: "One waybill's timeline: declarations, arrival, release, departure, scans, delivery",
    description:
      'Readable by the waybill’s carrier, the order’s platform and seller, the customs and post regulators and ' +
      'operators; anyone else gets 404. Events are in the order of their own times (China time). The consignee ' +
      'is shown masked, by role: name, phone and address for the carrier, platform and regulators, the name only ' +
      'for the seller.',
  })
  @ApiParam({ name: 'logisticsNo', example: EXAMPLE_LOGISTICS_NO })
  @ApiOkResponse({ type: WaybillTimelineView })
  @ApiNotFoundResponse({ description: 'No such waybill among those this client may read' })
  timeline(
    @CurrentPrincipal() principal: Principal,
    @Param('logisticsNo') logisticsNo: string,
  ): Promise<unknown> {
    const no = checked(logisticsNo, LOGISTICS_NO, 'logisticsNo');
    return this.logistics.call(principal, 'GET', `/internal/waybills/${encodeURIComponent(no)}/timeline`);
  }

  @Post('warehouses')
  @Authenticated(Scopes.DocumentsWrite)
  @ApiOperation({
    summary: 'Register (or update) an overseas or consolidation warehouse of the calling operator',
    description:
      'An enterprise in the `warehouse` or `logistics` role registers its warehouses (海外仓 for 9810 exports, ' +
      '集货仓 before departure): country, address and capacity in pieces. The id is `<operator code>-<code>`; ' +
      'registering the same code again updates it.',
  })
  @ApiCreatedResponse({ type: WarehouseView })
  registerWarehouse(
    @CurrentPrincipal() principal: Principal,
    @Body() body: WarehouseInput,
  ): Promise<unknown> {
    if (
      principal.kind !== 'enterprise' ||
      !principal.roles.some((r) => r === 'warehouse' || r === 'logistics')
    )
      throw new ForbiddenException('only warehouse or logistics enterprises register warehouses');
    return this.logistics.call(principal, 'PUT', '/internal/warehouses', body);
  }

  @Get('warehouses')
  @Authenticated(Scopes.DocumentsRead, Scopes.RegulatorRead, Scopes.RegistryRead)
  @ApiOperation({
    summary: 'Warehouses with stock and utilisation: own ones for operators, all for regulators',
  })
  @ApiOkResponse({ type: WarehouseListView })
  warehouses(@CurrentPrincipal() principal: Principal): Promise<unknown> {
    return this.logistics.call(principal, 'GET', '/internal/warehouses');
  }

  @Get('warehouse-utilisation')
  @Authenticated(Scopes.DocumentsRead, Scopes.RegulatorRead, Scopes.RegistryRead)
  @ApiOperation({
    summary: 'Utilisation of every registered warehouse, shared across operators (加强海外仓信息汇总共享)',
    description:
      'Capacity, stock and utilisation per warehouse and per country, for every operator: counts only, no ' +
      "customers, so an operator finds free capacity without seeing another operator's clients.",
  })
  @ApiOkResponse({ type: UtilisationView })
  utilisation(@CurrentPrincipal() principal: Principal): Promise<unknown> {
    return this.logistics.call(principal, 'GET', '/internal/warehouse-utilisation');
  }

  @Get('warehouses/:warehouseId')
  @Authenticated(Scopes.DocumentsRead, Scopes.RegulatorRead, Scopes.RegistryRead)
  @ApiOperation({ summary: "One warehouse's stock by customer: its operator, regulators and operators only" })
  @ApiParam({ name: 'warehouseId', example: '3301980005-LAX-01' })
  @ApiOkResponse({ type: WarehouseStockView })
  @ApiNotFoundResponse({ description: 'No such warehouse among those this client may read' })
  warehouse(
    @CurrentPrincipal() principal: Principal,
    @Param('warehouseId') warehouseId: string,
  ): Promise<unknown> {
    const id = checked(warehouseId, WAREHOUSE_ID, 'warehouseId');
    return this.logistics.call(principal, 'GET', `/internal/warehouses/${encodeURIComponent(id)}`);
  }

  @Post('warehouses/:warehouseId/movements')
  @HttpCode(200)
  @Authenticated(Scopes.DocumentsWrite)
  @ApiOperation({
    summary: 'Move stock: inbound from a 9810 export, outbound sale, return, transfer to another warehouse',
    description:
      'By the warehouse operator. An inbound naming the waybill (`logisticsNo`) of a 9810 export list takes ' +
      'its quantity and owner from the list. A transfer lowers this warehouse and raises `toWarehouseId` (any ' +
      'operator: 多仓联动). Stock never goes below zero (422); the same `movementId` again is a no-op ' +
      '(`duplicate`), with other values a 409. A waybill is taken in once: a second inbound naming it, under ' +
      'another movementId or in another warehouse, is a 409 (goods that come back are a `return`).',
  })
  @ApiParam({ name: 'warehouseId', example: '3301980005-LAX-01' })
  @ApiOkResponse({ type: MovementOutcome })
  @ApiNotFoundResponse({ description: 'No such warehouse of this operator' })
  @ApiConflictResponse({
    description:
      'The movementId was recorded with other values, or (inbound) the waybill was taken into stock already',
  })
  @ApiUnprocessableEntityResponse({ description: 'Stock would go below zero, or the 9810 list is unknown' })
  move(
    @CurrentPrincipal() principal: Principal,
    @Param('warehouseId') warehouseId: string,
    @Body() body: StockMovementInput,
  ): Promise<unknown> {
    const id = checked(warehouseId, WAREHOUSE_ID, 'warehouseId');
    if (
      principal.kind !== 'enterprise' ||
      !principal.roles.some((r) => r === 'warehouse' || r === 'logistics')
    )
      throw new ForbiddenException('only warehouse or logistics enterprises move stock');
    return this.logistics.call(
      principal,
      'POST',
      `/internal/warehouses/${encodeURIComponent(id)}/movements`,
      body,
    );
  }
}
