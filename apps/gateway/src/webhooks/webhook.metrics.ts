import { Counter, Histogram, register } from 'prom-client';

function counter(name: string, help: string, labelNames: string[]): Counter<string> {
  return (register.getSingleMetric(name) as Counter<string>) ?? new Counter({ name, help, labelNames });
}
function histogram(name: string, help: string, labelNames: string[], buckets: number[]): Histogram<string> {
  return (
    (register.getSingleMetric(name) as Histogram<string>) ??
    new Histogram({ name, help, labelNames, buckets })
  );
}

export const WebhookMetrics = {
  /** Outcome of each attempt: `delivered`, `retry` (will be tried again) or `failed` (gave up). */
  attempts: counter('swx_webhook_delivery_attempts_total', 'Webhook delivery attempts, by outcome', [
    'outcome',
  ]),
  attemptDuration: histogram(
    'swx_webhook_delivery_seconds',
    'Time a webhook endpoint took to answer (or to fail)',
    [],
    [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  ),
};
