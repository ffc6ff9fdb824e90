import { Controller, HttpCode, HttpStatus, NotFoundException, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';

import { DEMO_ENTERPRISES, demoExportSet, demoImportSet } from '@swx/contracts';

import { Authenticated } from '../auth/auth.guard';
import { GatewayEnv } from '../gateway.env';

export class DemoStep {
  @ApiProperty({ example: 1 })
  step!: number;

  @ApiProperty({ description: 'CEB message type', example: 'CEB311' })
  messageType!: string;

  @ApiProperty({ description: 'Endpoint to POST the document to', example: 'POST /v1/import/orders' })
  endpoint!: string;

  @ApiProperty({
    description: 'Which demo client sends it (Authorize as this one first)',
    example: 'ebp 杭州示范跨境电商平台有限公司 (3301960001)',
  })
  sendAs!: string;

  @ApiProperty({ description: 'Field of this answer holding the document body', example: 'order' })
  body!: string;
}

export class DemoSetResponse {
  @ApiProperty({
    description: 'The new order number all documents of the set share',
    example: 'ORD20261130181500A1B2C3',
  })
  orderNo!: string;

  @ApiProperty({ type: [DemoStep], description: 'What to do with the set, in order' })
  steps!: DemoStep[];

  @ApiProperty({
    description: 'Where the outcome appears',
    example: 'GET /v1/receipts (as the platform or the broker)',
  })
  then!: string;
}

const sender = (key: keyof typeof DEMO_ENTERPRISES): string => {
  const e = DEMO_ENTERPRISES[key];
  return `${e.roles.join('/')} ${e.name} (${e.customsCode})`;
};

/**
 * Local mode only (`DEMO_MODE=true`, set by `npm start` in local mode): fresh, consistent document sets for the
 * console, so that executing the examples makes something happen instead of replaying an earlier declaration.
 */
@ApiTags('demo (local mode)')
@Controller({ path: 'demo', version: '1' })
export class DemoController {
  constructor(private readonly env: GatewayEnv) {}

  private ensureDemoMode(): void {
    if (this.env.DEMO_MODE !== 'true')
      throw new NotFoundException('Demo sets exist only in local mode (DEMO_MODE=true)');
  }

  @Post('import-sets')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: '生成一套新的进口单证 · A fresh import set (order, payment, waybill, list)',
    description:
      '本地演示模式：返回订单、支付单、运单、清单各一份，单号全新且彼此一致（三单对碰可通过）。按 steps 的顺序、' +
      '以各步指明的演示客户端身份提交，随后在 `GET /v1/receipts` 查看回执（清单放行 800）。\n\n' +
      'Local mode: an order, a payment, a waybill and a list with new numbers, consistent with each other. ' +
      'Declare them in the order of `steps`, each as the demo client named (Authorize as it), then read the ' +
      'receipts (`GET /v1/receipts`): the list is released (800) within seconds. Any valid token.',
  })
  @ApiOkResponse({
    type: DemoSetResponse,
    description: 'The set and the steps (documents in `order`, `payment`, `waybill`, `inventory`)',
  })
  @ApiNotFoundResponse({ description: 'Not in local mode' })
  importSet(): DemoSetResponse & ReturnType<typeof demoImportSet> {
    this.ensureDemoMode();
    const set = demoImportSet();
    return {
      ...set,
      steps: [
        {
          step: 1,
          messageType: 'CEB311',
          endpoint: 'POST /v1/import/orders',
          sendAs: sender('platform'),
          body: 'order',
        },
        {
          step: 2,
          messageType: 'CEB411',
          endpoint: 'POST /v1/import/payments',
          sendAs: sender('payment'),
          body: 'payment',
        },
        {
          step: 3,
          messageType: 'CEB511',
          endpoint: 'POST /v1/import/waybills',
          sendAs: sender('logistics'),
          body: 'waybill',
        },
        {
          step: 4,
          messageType: 'CEB621',
          endpoint: 'POST /v1/import/inventories',
          sendAs: sender('agent'),
          body: 'inventory',
        },
      ],
      then: 'GET /v1/receipts as the broker (agent) or the platform (ebp): the list’s 120 then 800 (released)',
    };
  }

  @Post('export-sets')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      '生成一套新的出口单证 · A fresh export set (order, receipt of payment, waybill, list, arrival, departure)',
    description:
      '本地演示模式：出口订单、收款单、运单、清单、运抵单、离境单，单号全新且一致。\n\n' +
      'Local mode: the export documents of one new order, consistent with each other. Declare them in the order ' +
      'of `steps`, each as the demo client named; the list is released (800) after the arrival, and the departure ' +
      'closes it. Any valid token.',
  })
  @ApiOkResponse({ type: DemoSetResponse })
  @ApiNotFoundResponse({ description: 'Not in local mode' })
  exportSet(): DemoSetResponse & ReturnType<typeof demoExportSet> {
    this.ensureDemoMode();
    const set = demoExportSet();
    return {
      ...set,
      steps: [
        {
          step: 1,
          messageType: 'CEB303',
          endpoint: 'POST /v1/export/orders',
          sendAs: sender('platform'),
          body: 'order',
        },
        {
          step: 2,
          messageType: 'CEB403',
          endpoint: 'POST /v1/export/payment-receipts',
          sendAs: sender('seller'),
          body: 'paymentReceipt',
        },
        {
          step: 3,
          messageType: 'CEB505',
          endpoint: 'POST /v1/export/waybills',
          sendAs: sender('logistics'),
          body: 'waybill',
        },
        {
          step: 4,
          messageType: 'CEB603',
          endpoint: 'POST /v1/export/inventories',
          sendAs: sender('agent'),
          body: 'inventory',
        },
        {
          step: 5,
          messageType: 'CEB507',
          endpoint: 'POST /v1/export/arrivals',
          sendAs: sender('logistics'),
          body: 'arrival',
        },
        {
          step: 6,
          messageType: 'CEB509',
          endpoint: 'POST /v1/export/departures',
          sendAs: sender('logistics'),
          body: 'departure',
        },
      ],
      then: 'GET /v1/receipts as the broker (agent) or the platform (ebp): the list’s 120, 800 (released) and 899 after departure',
    };
  }
}
