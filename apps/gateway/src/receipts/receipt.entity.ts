import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A receipt a service issued for a document, kept for the sender to read. */
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

  @Column({ name: 'return_status', type: 'varchar', length: 4 })
  returnStatus!: string;

  @Column({ name: 'return_time', type: 'char', length: 17 })
  returnTime!: string;

  @Column({ name: 'return_info', type: 'text' })
  returnInfo!: string;

  @Column({ name: 'issued_by', type: 'text' })
  issuedBy!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;
}
