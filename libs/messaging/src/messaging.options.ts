import type { ServiceName } from '@swx/contracts';

export interface MessagingOptions {
  service: ServiceName;
  /** The PostgreSQL schema holding this service's outbox and inbox tables. */
  schema: string;
  brokers: string[];
  /** Consumer group of this service; every instance of the service shares it. */
  groupId: string;
  /** Topics this service consumes; they and their dead-letter topics are created when missing. */
  consumes: string[];
  /** Topics this service publishes; created when missing. */
  produces: string[];
  topicPartitions: number;
  /** The relay's fallback sweep when no commit woke it (commits and NOTIFY wake it at once). */
  outboxSweepIntervalMs: number;
  /** How long the relay waits after a wake-up so that a burst of commits goes out as one batch. */
  outboxLingerMs: number;
  outboxBatchSize: number;
  maxAttempts: number;
  retryBaseMs: number;
  /** Most messages of one partition handled in one transaction. */
  consumerBatchSize: number;
  /** Partitions handled at the same time. */
  partitionsConcurrently: number;
  instanceId: string;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
