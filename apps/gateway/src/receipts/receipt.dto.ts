import { ApiProperty } from '@nestjs/swagger';

import { CebStatus } from '@swx/contracts';

/** A receipt as the sender reads it, by pull (`/v1/.../receipts`) or push (webhook body). */
export class ReceiptDto {
  @ApiProperty({
    description: 'Id of the answered document: the `messageId` of the 202 answer to its submission',
    format: 'uuid',
    example: '0b7e8f5c-3c1a-4d51-9a55-6f0f7a2f1c3e',
  })
  messageId!: string;

  @ApiProperty({ description: 'CEB message type of the answered document', example: 'CEB311' })
  documentType!: string;

  @ApiProperty({
    description: "Order number of the answered document (the platform's order number)",
    example: 'ORD20261121000001',
    nullable: true,
    type: String,
  })
  orderNo!: string | null;

  @ApiProperty({
    description:
      'CEB `returnStatus` (REFERENCE 6.1): 2 申报中 declaring, 3 sent to customs, 4 sending failed, 100 退单 refused, ' +
      '120 入库 accepted, 300 manual review, 399 审结 concluded, 500 inspection, 800 放行 released, 899 结关 closed; ' +
      'negative values are processing errors',
    enum: Object.values(CebStatus),
    example: CebStatus.Declaring,
  })
  returnStatus!: string;

  @ApiProperty({
    description: 'CEB `returnTime`: when the agency issued it, YYYYMMDDhhmmssSSS in China Standard Time',
    example: '20261121093512345',
  })
  returnTime!: string;

  @ApiProperty({
    description: 'CEB `returnInfo`: remarks, e.g. the reason of a refusal',
    example: '电子口岸申报中',
  })
  returnInfo!: string;

  @ApiProperty({ description: 'Service that issued the receipt', example: 'customs' })
  issuedBy!: string;

  @ApiProperty({
    description: 'When the single window recorded the receipt',
    format: 'date-time',
    example: '2026-11-21T01:35:12.400Z',
  })
  recordedAt!: string;
}

/** The columns of `gateway.receipt` that reading back needs, as raw SQL returns them. */
export interface ReceiptRow {
  id: string;
  tx_id: string;
  message_id: string;
  document_type: string;
  order_no: string | null;
  ebp_code: string | null;
  sender_code: string | null;
  document_guid: string | null;
  document_keys: Record<string, string>;
  return_status: string;
  return_time: string;
  return_info: string;
  issued_by: string;
  recorded_at: Date;
}

export const RECEIPT_COLUMNS = `r.id, r.tx_id::text AS tx_id, r.message_id, r.document_type, r.order_no, r.ebp_code,
  r.sender_code, r.document_guid, r.document_keys, r.return_status, r.return_time, r.return_info, r.issued_by,
  r.recorded_at`;

export function toReceiptDto(row: ReceiptRow): ReceiptDto {
  return {
    messageId: row.message_id,
    documentType: row.document_type,
    orderNo: row.order_no,
    returnStatus: row.return_status,
    returnTime: row.return_time,
    returnInfo: row.return_info,
    issuedBy: row.issued_by,
    recordedAt: new Date(row.recorded_at).toISOString(),
  };
}
