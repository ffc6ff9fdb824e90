import { Topics } from './topics';

/** Kafka's `retention.ms` for a topic kept forever. */
export const RETAIN_FOREVER = '-1';

/**
 * Topics whose messages are kept forever (`retention.ms=-1`) instead of the broker's default (7 days): the
 * statistics app rebuilds its figures from their first message (`npm run statistics:rebuild`,
 * apps/statistics/README.md), and a statistics instance joining late catches up from them. Every service applies
 * this when it creates or finds the topics (`ensureTopics`). Other topics keep the broker's default.
 */
export const TOPIC_RETENTION_MS: Readonly<Record<string, string>> = Object.fromEntries(
  [
    Topics.ImportInventoryAccepted,
    Topics.ExportInventoryAccepted,
    Topics.ExportOrderAccepted,
    Topics.ExportReceiptAccepted,
    Topics.ExportWaybillAccepted,
    Topics.ClearanceStatusChanged,
    Topics.ExportSummaryDecided,
    Topics.ForexExchangeRatesPublished,
    Topics.EnterpriseChanged,
  ].map((t) => [t.name, RETAIN_FOREVER]),
);
