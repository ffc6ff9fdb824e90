import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One accepted request of a sender, with its body exactly as received (JSON or CEB XML). */
@Entity({ name: 'submission' })
export class Submission {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'message_type', type: 'varchar', length: 10 })
  messageType!: string;

  @Column({ name: 'sender_code', type: 'varchar', length: 18 })
  senderCode!: string;

  @Column({ name: 'client_id', type: 'text' })
  clientId!: string;

  @Column({ name: 'content_type', type: 'text' })
  contentType!: string;

  @Column({ name: 'raw_body', type: 'text' })
  rawBody!: string;

  @Column({ name: 'document_count', type: 'int' })
  documentCount!: number;

  @Column({ name: 'correlation_id', type: 'text' })
  correlationId!: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}

/** One accepted document: the message id receipts refer to. */
@Entity({ name: 'message_log' })
export class MessageLogEntry {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'submission_id', type: 'uuid' })
  submissionId!: string;

  /** Position of the document in its submission (0-based). */
  @Column({ type: 'int' })
  position!: number;

  @Column({ name: 'document_type', type: 'varchar', length: 10 })
  documentType!: string;

  /** The party the document is declared for (its head's party field; see `transmission.ts`). */
  @Column({ name: 'sender_code', type: 'varchar', length: 18 })
  senderCode!: string;

  /** The enterprise that sent it: the party itself or a transmitter the party authorised. */
  @Column({ name: 'transmitter_code', type: 'varchar', length: 18, nullable: true })
  transmitterCode!: string | null;

  @Column({ type: 'text' })
  identity!: string;

  @Column({ name: 'order_key', type: 'text' })
  orderKey!: string;

  @Column({ name: 'app_type', type: 'varchar', length: 1, nullable: true })
  appType!: string | null;

  @Column({ name: 'app_time', type: 'varchar', length: 14, nullable: true })
  appTime!: string | null;

  @Column({ name: 'content_hash', type: 'char', length: 64 })
  contentHash!: string;

  @Column({ type: 'jsonb' })
  document!: object;

  @Column({ name: 'correlation_id', type: 'text' })
  correlationId!: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}
