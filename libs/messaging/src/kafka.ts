import { KafkaOptions, Transport } from '@nestjs/microservices';
import { Kafka, logLevel, LogEntry, Partitioners } from 'kafkajs';
import type { Logger } from 'pino';

import { fixKafkajsIdleLoop } from './kafkajs-idle-fix';
import type { MessagingOptions } from './messaging.options';

// Before any client connects: without it every broker connection wakes the process every millisecond.
fixKafkajsIdleLoop();

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** kafkajs client whose own logs go to pino as JSON. */
export function createKafka(clientId: string, brokers: string[], logger?: Logger): Kafka {
  return new Kafka({
    clientId,
    brokers,
    connectionTimeout: 5000,
    retry: { initialRetryTime: 200, retries: 10 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      if (!logger) return;
      const { message, ...extra } = entry.log;
      logger[LEVELS[entry.level] ?? 'info']({ kafka: entry.namespace, ...extra }, message);
    },
  });
}

export const parseBrokers = (list: string): string[] =>
  list
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);

/**
 * `@nestjs/microservices` Kafka transport options for a service's consumer group.
 * Offsets are committed by kafkajs only after a handler resolves; our handlers resolve only after their
 * effect (or the dead-letter record) is durable, so a crash means redelivery, never loss.
 */
export function kafkaTransportOptions(options: MessagingOptions): KafkaOptions {
  return {
    transport: Transport.KAFKA,
    options: {
      postfixId: '',
      client: {
        clientId: `${options.service}-${options.instanceId}`,
        brokers: options.brokers,
        connectionTimeout: 5000,
        retry: { initialRetryTime: 200, retries: 10 },
        logLevel: logLevel.WARN,
      },
      consumer: {
        groupId: options.groupId,
        sessionTimeout: 15000,
        // kafkajs heartbeats from its fetch loop: an idle consumer's loop turns once per maxWaitTimeInMs (a fetch
        // the broker holds until data comes), so it sends one fetch and one heartbeat every 5 s, well inside the
        // session timeout that detects a crashed instance.
        heartbeatInterval: 3000,
        maxWaitTimeInMs: 5000,
        rebalanceTimeout: 30000,
        allowAutoTopicCreation: false,
        retry: { initialRetryTime: 300, retries: 8 },
      },
      subscribe: { fromBeginning: true },
      run: {
        partitionsConsumedConcurrently: options.partitionsConcurrently,
        autoCommit: true,
        autoCommitInterval: 1000,
      },
      producer: { allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner },
    },
  };
}
