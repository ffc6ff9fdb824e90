import { Topics } from './topics';

/** Kafka's `retention.ms` for a topic kept forever. */
export const RETAIN_FOREVER = '-1';

/**
 * The topics the statistics app builds its figures from, in the order its rebuild names them
 * (apps/statistics/src/rebuild): its consumers subscribe to them and its rebuild reads them from their first message.
 */
export const STATISTICS_SOURCE_TOPICS = [
  Topics.ImportInventoryAccepted,
  Topics.ExportInventoryAccepted,
  Topics.ClearanceStatusChanged,
  Topics.ExportSummaryDecided,
  Topics.ForexExchangeRatesPublished,
  Topics.EnterpriseChanged,
  Topics.ExportOrderAccepted,
  Topics.ExportReceiptAccepted,
  Topics.ExportWaybillAccepted,
] as const;

/**
 * Topics whose messages are kept forever (`retention.ms=-1`) instead of the broker's default (7 days): the
 * statistics app rebuilds its figures from their first message (`npm run statistics:rebuild`,
 * apps/statistics/README.md), and a statistics instance joining late catches up from them. Every service applies
 * this when it creates or finds the topics (`ensureTopics`). Other topics keep the broker's default.
 */
export const TOPIC_RETENTION_MS: Readonly<Record<string, string>> = Object.fromEntries(
  STATISTICS_SOURCE_TOPICS.map((t) => [t.name, RETAIN_FOREVER]),
);
