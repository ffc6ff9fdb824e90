import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Every document a sender submitted, with its body exactly as received. */
@Entity({ name: 'message_log' })
export class MessageLogEntry {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'document_type', type: 'varchar', length: 10 })
  documentType!: string;

  @Column({ name: 'sender_code', type: 'varchar', length: 18 })
  senderCode!: string;

  @Column({ name: 'ebp_code', type: 'varchar', length: 18 })
  ebpCode!: string;

  @Column({ name: 'order_no', type: 'varchar', length: 60 })
  orderNo!: string;

  @Column({ name: 'content_type', type: 'text' })
  contentType!: string;

  @Column({ name: 'raw_body', type: 'text' })
  rawBody!: string;

  @Column({ name: 'correlation_id', type: 'text' })
  correlationId!: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}
