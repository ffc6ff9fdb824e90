import { createServer, Server } from 'node:http';

import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { collectDefaultMetrics, Counter, Gauge, Histogram, register } from 'prom-client';

let defaultsCollected = false;

/** Process-wide metrics; every service exposes them at `/metrics` in the Prometheus text format. */
export function initMetrics(service: string): void {
  if (defaultsCollected) return;
  register.setDefaultLabels({ service });
  // The event-loop delay histogram samples every 100 ms, not every 10 ms: an idle service stays idle.
  collectDefaultMetrics({ eventLoopMonitoringPrecision: 100 });
  defaultsCollected = true;
}

function counter(name: string, help: string, labelNames: string[]): Counter<string> {
  return (register.getSingleMetric(name) as Counter<string>) ?? new Counter({ name, help, labelNames });
}
function histogram(name: string, help: string, labelNames: string[], buckets: number[]): Histogram<string> {
  return (
    (register.getSingleMetric(name) as Histogram<string>) ??
    new Histogram({ name, help, labelNames, buckets })
  );
}
function gauge(name: string, help: string, labelNames: string[]): Gauge<string> {
  return (register.getSingleMetric(name) as Gauge<string>) ?? new Gauge({ name, help, labelNames });
}

const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const Metrics = {
  messagesConsumed: counter('swx_messages_consumed_total', 'Kafka messages handled, by topic and outcome', [
    'topic',
    'outcome',
  ]),
  messageHandling: histogram(
    'swx_message_handling_seconds',
    'Time to handle one Kafka message, retries included',
    ['topic'],
    LATENCY_BUCKETS,
  ),
  messagesPublished: counter(
    'swx_messages_published_total',
    'Messages published to Kafka by the outbox relay',
    ['topic'],
  ),
  outboxPending: gauge('swx_outbox_pending', 'Outbox rows not yet published', []),
  consumerLag: gauge('swx_consumer_lag', 'Messages behind the end of each subscribed topic partition', [
    'group',
    'topic',
    'partition',
  ]),
  httpRequests: histogram(
    'swx_http_request_seconds',
    'HTTP request duration',
    ['method', 'route', 'status'],
    LATENCY_BUCKETS,
  ),
};

@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('Content-Type', register.contentType)
  scrape(): Promise<string> {
    return register.metrics();
  }
}

/**
 * `/metrics` on a listener of its own (METRICS_PORT), for the Prometheus scraper on the internal network, away
 * from the service's public port. Answers 404 to everything else.
 */
export async function startMetricsServer(host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    register.metrics().then(
      (text) => res.writeHead(200, { 'content-type': register.contentType }).end(text),
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
