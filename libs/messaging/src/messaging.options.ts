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
  outboxPollIntervalMs: number;
  outboxBatchSize: number;
  maxAttempts: number;
  retryBaseMs: number;
  instanceId: string;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
