import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A document declared to customs, as it arrived; the matching case of its order reads these. */
@Entity({ name: 'declared_document' })
export class DeclaredDocument {
  /** The gateway's message-log id of the document. */
  @PrimaryColumn({ name: 'message_id', type: 'uuid' })
  messageId!: string;

  @Column({ name: 'document_type', type: 'varchar', length: 10 })
  documentType!: string;

  @Column({ name: 'ebp_code', type: 'varchar', length: 18 })
  ebpCode!: string;

  @Column({ name: 'order_no', type: 'varchar', length: 60 })
  orderNo!: string;

  @Column({ name: 'app_type', type: 'char', length: 1 })
  appType!: string;

  @Column({ name: 'app_time', type: 'char', length: 14 })
  appTime!: string;

  @Column({ type: 'jsonb' })
  document!: object;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;
}
