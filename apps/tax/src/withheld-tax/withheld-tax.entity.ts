import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Tax a platform declares it has withheld on an order (CEB311 `taxTotal`, 代扣代缴), kept to reconcile with
 * the assessments of the order's list. Amounts stay decimal strings (PostgreSQL numeric), never JS numbers.
 */
@Entity({ name: 'withheld_tax' })
export class WithheldTax {
  @PrimaryColumn({ name: 'message_id', type: 'uuid' })
  messageId!: string;

  @Column({ name: 'ebp_code', type: 'varchar', length: 18 })
  ebpCode!: string;

  @Column({ name: 'order_no', type: 'varchar', length: 60 })
  orderNo!: string;

  @Column({ name: 'app_time', type: 'char', length: 14 })
  appTime!: string;

  @Column({ name: 'tax_total', type: 'numeric', precision: 19, scale: 5 })
  taxTotal!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;
}
