// globalSetup runs outside Jest's module mapping, hence the relative import.
import { recreateDatabase } from '../libs/testing/src/database';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const kafka = require('../scripts/kafka.js') as {
  start: () => Promise<unknown>;
  brokers: () => string;
  subscriberBrokers: () => string;
  oauthKeys: () => Promise<{ privateKeyPem: string }>;
};

/**
 * End-to-end tests run against the real broker (started by the project's own launcher unless KAFKA_BROKERS
 * names a cluster) and a fresh PostgreSQL database.
 */
export default async function globalSetup(): Promise<void> {
  await kafka.start();
  process.env.KAFKA_BROKERS = kafka.brokers();
  // The subscribers' listener (SASL/OAUTHBEARER): the gateway signs Kafka tokens with the key the broker trusts.
  process.env.KAFKA_SUBSCRIBER_BROKERS ??= kafka.subscriberBrokers();
  process.env.KAFKA_TOKEN_SIGNING_KEY ??= (await kafka.oauthKeys()).privateKeyPem;
  process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/single_window_test';
  await recreateDatabase(process.env.TEST_DATABASE_URL);
}
