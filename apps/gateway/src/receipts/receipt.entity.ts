import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A receipt a service issued for a document, kept for the sender to read. The table also has `tx_id` (xid8,
 * the recording transaction), used only by the feed's raw SQL: TypeORM has no xid8 type.
 */
@Entity({ name: 'receipt' })
export class ReceiptRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** Id of the Kafka message that carried the receipt. */
  @Column({ name: 'event_id', type: 'uuid', unique: true })
  eventId!: string;

  @Column({ name: 'message_id', type: 'uuid' })
  messageId!: string;

  @Column({ name: 'document_type', type: 'varchar', length: 10 })
  documentType!: string;

  @Column({ name: 'return_status', type: 'varchar', length: 7 })
  returnStatus!: string;

  @Column({ name: 'return_time', type: 'char', length: 17 })
  returnTime!: string;

  @Column({ name: 'return_info', type: 'text' })
  returnInfo!: string;

  @Column({ name: 'issued_by', type: 'text' })
  issuedBy!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;

  /** Enterprise that sent the answered document (`message_log.sender_code`); null when the log has no such message. */
  @Column({ name: 'sender_code', type: 'varchar', length: 18, nullable: true })
  senderCode!: string | null;

  @Column({ name: 'ebp_code', type: 'varchar', length: 18, nullable: true })
  ebpCode!: string | null;

  @Column({ name: 'order_no', type: 'varchar', length: 60, nullable: true })
  orderNo!: string | null;

  /** `guid` of the answered document, which the CEB return element echoes. */
  @Column({ name: 'document_guid', type: 'varchar', length: 36, nullable: true })
  documentGuid!: string | null;

  /** Head fields of the answered document that CEB return elements carry (ebcCode, copNo, payCode ...). */
  @Column({ name: 'document_keys', type: 'jsonb', default: () => `'{}'` })
  documentKeys!: Record<string, string>;
}
