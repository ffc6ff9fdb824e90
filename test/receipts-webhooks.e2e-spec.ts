import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';

import { Kafka, logLevel, Partitioners } from 'kafkajs';

import {
  cebReturnTime,
  CebStatus,
  createEnvelope,
  DEMO_ENTERPRISES,
  DocumentReceipt,
  orderKey,
  Topics,
} from '@swx/contracts';
import { importOrder, mintToken, queryRows, recreateDatabase, ServiceProcess, waitFor } from '@swx/testing';

const PLATFORM = DEMO_ENTERPRISES.platform.customsCode;
const ownerToken = mintToken({
  kind: 'enterprise',
  ent: PLATFORM,
  roles: ['ebp'],
  scopes: ['documents:write', 'documents:read', 'webhooks:manage'],
});
const otherToken = mintToken({
  kind: 'enterprise',
  ent: '3301969999',
  roles: ['ebp'],
  scopes: ['documents:read', 'webhooks:manage'],
});
const regulatorToken = mintToken({ kind: 'regulator', agency: 'customs', scopes: ['regulator:read'] });
const writeOnlyToken = mintToken({
  kind: 'enterprise',
  ent: PLATFORM,
  roles: ['ebp'],
  scopes: ['documents:write'],
});

const MAX_ATTEMPTS = 4;
const RETRY_BASE_MS = 400;
/** The failing subscriber is also slow: a delivery pool that waited for it would hold the good one back. */
const FAILING_DELAY_MS = 1200;

interface ReceiptJson {
  messageId: string;
  documentType: string;
  orderNo: string | null;
  returnStatus: string;
  returnTime: string;
  returnInfo: string;
  issuedBy: string;
  recordedAt: string;
}
interface FeedJson {
  receipts: ReceiptJson[];
  nextCursor: string;
  hasMore: boolean;
}
interface DeliveryJson {
  id: string;
  status: string;
  attempts: number;
  receipt: ReceiptJson;
  log: {
    attempt: number;
    attemptedAt: string;
    durationMs: number;
    httpStatus: number | null;
    error: string | null;
    outcome: string;
  }[];
}
interface Hit {
  at: number;
  headers: IncomingHttpHeaders;
  body: string;
  signatureValid: boolean;
}

/** A subscriber endpoint on a local port: records every request; answers `status` after `delayMs`. */
async function subscriber(port: number, answer: (hit: Hit) => { status: number; delayMs?: number }) {
  const hits: Hit[] = [];
  let secret = '';
  const server: Server = createServer((req, res) => {
    const at = Date.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const expected = `v1=${createHmac('sha256', secret).update(`${req.headers['x-swx-timestamp']}.${body}`).digest('hex')}`;
      const given = String(req.headers['x-swx-signature'] ?? '');
      const signatureValid =
        given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
      const hit = { at, headers: req.headers, body, signatureValid };
      hits.push(hit);
      const { status, delayMs = 0 } = answer(hit);
      setTimeout(() => res.writeHead(status, { 'content-type': 'text/plain' }).end('ok'), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    hits,
    url: `http://127.0.0.1:${port}/hooks/receipts`,
    useSecret: (s: string) => (secret = s),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Receipts back to the sender on the real broker and database: a gateway records `DocumentReceipt` events it
 * consumes from Kafka; the sender pulls them (per document and as a cursor feed) and gets them pushed to its
 * webhooks, signed, with retries and a delivery log.
 */
describe('receipts back to the sender: pull and webhooks', () => {
  // Its own database: the feeds must hold only this suite's receipts.
  const db = `${process.env.TEST_DATABASE_URL!}_receipts`;
  const brokers = process.env.KAFKA_BROKERS!;
  const kafka = new Kafka({ clientId: 'receipts-e2e', brokers: brokers.split(','), logLevel: logLevel.WARN });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  let gateway: ServiceProcess;
  let failing: Awaited<ReturnType<typeof subscriber>>;
  let good: Awaited<ReturnType<typeof subscriber>>;
  /** Every receipt this file published for the platform's documents, in publication order. */
  const published: { messageId: string; returnStatus: string; returnInfo: string }[] = [];

  beforeAll(async () => {
    await recreateDatabase(db);
    failing = await subscriber(4710, () => ({ status: 500, delayMs: FAILING_DELAY_MS }));
    good = await subscriber(4711, (hit) => ({ status: hit.signatureValid ? 200 : 401 }));
    gateway = ServiceProcess.spawn('gateway', {
      DATABASE_URL: db,
      KAFKA_BROKERS: brokers,
      PORT: '4700',
      WEBHOOK_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      WEBHOOK_RETRY_BASE_MS: String(RETRY_BASE_MS),
      WEBHOOK_TIMEOUT_MS: '3000',
    });
    await Promise.all([gateway.ready(), producer.connect()]);
  });

  afterAll(async () => {
    await producer.disconnect();
    await gateway?.stop();
    await Promise.all([failing?.close(), good?.close()]);
  });

  const api = (path: string, token: string, init: RequestInit = {}) =>
    fetch(gateway.url(path), {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...init.headers,
      },
    });

  async function submitOrder(): Promise<{ messageId: string; orderNo: string }> {
    const order = importOrder();
    const response = await api('/v1/import/orders', ownerToken, {
      method: 'POST',
      body: JSON.stringify(order),
    });
    expect(response.status).toBe(202);
    const { messageId } = (await response.json()) as { messageId: string };
    return { messageId, orderNo: order.OrderHead.orderNo };
  }

  async function publishReceipt(
    doc: { messageId: string; orderNo: string },
    returnStatus: DocumentReceipt['returnStatus'],
    returnInfo: string,
  ): Promise<void> {
    const payload: DocumentReceipt = {
      messageId: doc.messageId,
      documentType: 'CEB311',
      orderNo: doc.orderNo,
      ebpCode: PLATFORM,
      returnStatus,
      returnTime: cebReturnTime(),
      returnInfo,
    };
    const envelope = createEnvelope({
      type: Topics.DocumentReceipt.messageType,
      version: Topics.DocumentReceipt.version,
      producer: 'customs',
      key: orderKey(doc.orderNo),
      correlationId: `receipts-e2e-${doc.orderNo}`,
      payload,
    });
    await producer.send({
      topic: Topics.DocumentReceipt.name,
      messages: [{ key: envelope.key, value: JSON.stringify(envelope) }],
    });
    published.push({ messageId: doc.messageId, returnStatus, returnInfo });
  }

  const receiptsOf = async (messageId: string, token = ownerToken, accept = 'application/json') =>
    api(`/v1/messages/${messageId}/receipts`, token, { headers: { accept } });

  async function readFeed(token: string, after: string | undefined, limit: number): Promise<FeedJson> {
    const query = new URLSearchParams({ limit: String(limit), ...(after ? { after } : {}) });
    const response = await api(`/v1/receipts?${query}`, token);
    expect(response.status).toBe(200);
    return (await response.json()) as FeedJson;
  }

  /** Follows the feed from `after` to its current end, a page of `limit` at a time. */
  async function drainFeed(token: string, after: string | undefined, limit: number) {
    const receipts: ReceiptJson[] = [];
    let cursor = after;
    let pages = 0;
    for (;;) {
      const page = await readFeed(token, cursor, limit);
      pages++;
      expect(page.receipts.length).toBeLessThanOrEqual(limit);
      receipts.push(...page.receipts);
      cursor = page.nextCursor;
      if (!page.hasMore) return { receipts, cursor, pages };
    }
  }

  let firstOrder: { messageId: string; orderNo: string };

  it('lets the sender pull the receipts of its document in the order recorded, as JSON and CEB XML', async () => {
    firstOrder = await submitOrder();
    const none = await receiptsOf(firstOrder.messageId);
    expect(none.status).toBe(200);
    expect(await none.json()).toEqual({
      messageId: firstOrder.messageId,
      documentType: 'CEB311',
      receipts: [],
    });
    expect((await receiptsOf(firstOrder.messageId, ownerToken, 'application/xml')).status).toBe(204);

    await publishReceipt(firstOrder, CebStatus.Declaring, '电子口岸申报中');
    await publishReceipt(firstOrder, CebStatus.Accepted, '[Code:1800;Desc:逻辑校验通过]');

    const body = await waitFor(
      async () => (await (await receiptsOf(firstOrder.messageId)).json()) as { receipts: ReceiptJson[] },
      (b) => b.receipts?.length === 2,
      { what: 'two receipts of the first order' },
    );
    expect(body).toEqual({
      messageId: firstOrder.messageId,
      documentType: 'CEB311',
      receipts: [
        expect.objectContaining({ returnStatus: '2', returnInfo: '电子口岸申报中' }),
        expect.objectContaining({ returnStatus: '120', returnInfo: '[Code:1800;Desc:逻辑校验通过]' }),
      ],
    });
    for (const receipt of body.receipts) {
      expect(receipt).toEqual({
        messageId: firstOrder.messageId,
        documentType: 'CEB311',
        orderNo: firstOrder.orderNo,
        returnStatus: expect.any(String),
        returnTime: expect.stringMatching(/^\d{17}$/),
        returnInfo: expect.any(String),
        issuedBy: 'customs',
        recordedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
    }

    const [row] = await queryRows<{ sender_code: string; document_guid: string; ebc_code: string }>(
      db,
      `SELECT sender_code, document_guid, document_keys->>'ebcCode' AS ebc_code
         FROM gateway.receipt WHERE message_id = $1 ORDER BY id LIMIT 1`,
      [firstOrder.messageId],
    );
    expect(row.sender_code).toBe(PLATFORM);
    expect(row.document_guid).toMatch(/^[0-9A-F-]{36}$/);
    expect(row.ebc_code).toBe(DEMO_ENTERPRISES.seller.customsCode);

    const xml = await receiptsOf(firstOrder.messageId, ownerToken, 'application/xml');
    expect(xml.status).toBe(200);
    expect(xml.headers.get('content-type')).toContain('application/xml');
    const text = await xml.text();
    expect(text).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<CEB312Message guid="[0-9A-F-]{36}"/);
    expect(text).toContain('xmlns="http://www.chinaport.gov.cn/ceb"');
    expect(text.match(/<OrderReturn>/g)).toHaveLength(2);
    expect(text.match(new RegExp(`<guid>${row.document_guid}</guid>`, 'g'))).toHaveLength(2);
    expect(text).toContain(`<ebcCode>${DEMO_ENTERPRISES.seller.customsCode}</ebcCode>`);
    expect(text).toContain(`<orderNo>${firstOrder.orderNo}</orderNo>`);
    expect(text.indexOf('<returnStatus>2</returnStatus>')).toBeLessThan(
      text.indexOf('<returnStatus>120</returnStatus>'),
    );
    expect((await receiptsOf(firstOrder.messageId, ownerToken, 'text/html')).status).toBe(406);
  });

  it('answers 404 to another enterprise (as for a message that does not exist), and serves regulators', async () => {
    const foreign = await receiptsOf(firstOrder.messageId, otherToken);
    expect(foreign.status).toBe(404);
    const missing = await receiptsOf('00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    const [a, b] = [
      (await foreign.json()) as { detail: string },
      (await missing.json()) as { detail: string },
    ];
    expect(a.detail.replace(firstOrder.messageId, 'X')).toBe(b.detail.replace(/[0-9a-f-]{36}/, 'X'));

    const regulator = await receiptsOf(firstOrder.messageId, regulatorToken);
    expect(regulator.status).toBe(200);
    expect(((await regulator.json()) as { receipts: ReceiptJson[] }).receipts).toHaveLength(2);

    expect((await receiptsOf(firstOrder.messageId, writeOnlyToken)).status).toBe(403);
    expect((await fetch(gateway.url(`/v1/messages/${firstOrder.messageId}/receipts`))).status).toBe(401);
    expect((await receiptsOf('not-a-uuid')).status).toBe(400);
  });

  it('records a receipt whose status is a negative business code, as wide as its contract allows', async () => {
    const order = await submitOrder();
    await publishReceipt(order, '-621018', '[Code:-621018;Desc:超过年度限值]');
    const body = await waitFor(
      async () => (await (await receiptsOf(order.messageId)).json()) as { receipts: ReceiptJson[] },
      (b) => b.receipts?.length === 1,
      { what: 'the receipt with a seven-character status' },
    );
    expect(body.receipts[0]).toEqual(
      expect.objectContaining({ returnStatus: '-621018', returnInfo: '[Code:-621018;Desc:超过年度限值]' }),
    );
  });

  it('pages through the feed with its cursor and continues after receipts recorded later', async () => {
    const start = await drainFeed(ownerToken, undefined, 1);
    expect(start.receipts.map((r) => [r.messageId, r.returnStatus])).toEqual(
      published.map((p) => [p.messageId, p.returnStatus]),
    );
    expect(start.pages).toBeGreaterThanOrEqual(2);
    expect((await readFeed(otherToken, undefined, 100)).receipts).toEqual([]);

    const later = [await submitOrder(), await submitOrder(), await submitOrder()];
    for (const doc of later) await publishReceipt(doc, CebStatus.Declaring, '电子口岸申报中');

    const continued = await waitFor(
      () => drainFeed(ownerToken, start.cursor, 2),
      (feed) => feed.receipts.length >= 3,
      { what: 'three later receipts in the feed after the saved cursor' },
    );
    // Different orders travel on different partitions: their receipts may be recorded in any order.
    expect(continued.receipts.map((r) => r.messageId).sort()).toEqual(later.map((d) => d.messageId).sort());
    const afterAll = await readFeed(ownerToken, continued.cursor, 100);
    expect(afterAll).toEqual({ receipts: [], nextCursor: continued.cursor, hasMore: false });

    const everything = await drainFeed(ownerToken, undefined, 500);
    expect(everything.receipts).toHaveLength(published.length);
    expect(everything.pages).toBe(1);

    const regulatorFeed = await drainFeed(regulatorToken, undefined, 3);
    const seen = new Set(regulatorFeed.receipts.map((r) => `${r.messageId}:${r.returnStatus}`));
    expect(seen.size).toBe(regulatorFeed.receipts.length);
    for (const p of published) expect(seen).toContain(`${p.messageId}:${p.returnStatus}`);

    for (const bad of ['?after=bm90LWEtY3Vyc29y', '?limit=0', '?limit=501', '?limit=abc', '?unknown=1']) {
      expect((await api(`/v1/receipts${bad}`, ownerToken)).status).toBe(400);
    }
    expect((await api('/v1/receipts', writeOnlyToken)).status).toBe(403);
  });

  let failingHook: { id: string; secret: string };
  let goodHook: { id: string; secret: string };

  it('creates webhook subscriptions whose secret is shown once and stored only encrypted', async () => {
    const create = async (url: string, description: string) => {
      const response = await api('/v1/webhooks', ownerToken, {
        method: 'POST',
        body: JSON.stringify({ url, description }),
      });
      expect(response.status).toBe(201);
      return (await response.json()) as { id: string; url: string; secret: string; createdAt: string };
    };
    failingHook = await create(failing.url, 'always 500');
    goodHook = await create(good.url, 'verifies signatures');
    expect(goodHook).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      url: good.url,
      description: 'verifies signatures',
      secret: expect.stringMatching(/^whsec_[\w-]{43}$/),
      createdAt: expect.any(String),
    });
    expect(goodHook.secret).not.toBe(failingHook.secret);
    good.useSecret(goodHook.secret);
    failing.useSecret(failingHook.secret);

    const list = (await (await api('/v1/webhooks', ownerToken)).json()) as { webhooks: object[] };
    expect(list.webhooks).toEqual([
      { id: failingHook.id, url: failing.url, description: 'always 500', createdAt: expect.any(String) },
      { id: goodHook.id, url: good.url, description: 'verifies signatures', createdAt: expect.any(String) },
    ]);

    const stored = await queryRows<Record<string, unknown>>(db, 'SELECT * FROM gateway.webhook_subscription');
    expect(stored).toHaveLength(2);
    const dump = JSON.stringify(stored);
    for (const secret of [goodHook.secret, failingHook.secret]) {
      expect(dump).not.toContain(secret);
      expect(dump).not.toContain(secret.slice('whsec_'.length, 30));
    }
    for (const row of stored) expect(row.secret_sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);

    expect(
      ((await (await api('/v1/webhooks', otherToken)).json()) as { webhooks: object[] }).webhooks,
    ).toEqual([]);
    expect((await api(`/v1/webhooks/${goodHook.id}/deliveries`, otherToken)).status).toBe(404);
    expect((await api(`/v1/webhooks/${goodHook.id}`, otherToken, { method: 'DELETE' })).status).toBe(404);
    expect((await api('/v1/webhooks', writeOnlyToken)).status).toBe(403);
    const invalid = await api('/v1/webhooks', ownerToken, {
      method: 'POST',
      body: JSON.stringify({ url: 'ftp://example.com/x' }),
    });
    expect(invalid.status).toBe(400);
  });

  it('pushes a receipt signed to the good endpoint at once, and retries the failing one with growing gaps until failed', async () => {
    const doc = await submitOrder();
    const publishedAt = Date.now();
    await publishReceipt(doc, CebStatus.Declaring, '电子口岸申报中');

    const [hit] = await waitFor(
      () => good.hits,
      (hits) => hits.length === 1,
      { what: 'the receipt at the good endpoint', timeoutMs: 15_000 },
    );
    expect(hit.signatureValid).toBe(true);
    expect(Math.abs(Number(hit.headers['x-swx-timestamp']) - Date.now() / 1000)).toBeLessThan(30);
    expect(hit.headers['content-type']).toBe('application/json');
    expect(hit.headers['x-swx-event']).toBe('receipt');
    expect(JSON.parse(hit.body)).toEqual({
      messageId: doc.messageId,
      documentType: 'CEB311',
      orderNo: doc.orderNo,
      returnStatus: '2',
      returnTime: expect.stringMatching(/^\d{17}$/),
      returnInfo: '电子口岸申报中',
      issuedBy: 'customs',
      recordedAt: expect.any(String),
    });

    // Not held back: the good endpoint got it before the slow, failing one had even answered its first attempt.
    const firstFailing = await waitFor(() => failing.hits[0], Boolean, { what: 'first failing attempt' });
    expect(hit.at).toBeLessThan(firstFailing.at + FAILING_DELAY_MS);
    expect(hit.at - publishedAt).toBeLessThan(FAILING_DELAY_MS + 10_000);

    const deliveriesOf = async (hookId: string) =>
      (
        (await (await api(`/v1/webhooks/${hookId}/deliveries`, ownerToken)).json()) as {
          deliveries: DeliveryJson[];
        }
      ).deliveries;
    const [failed] = await waitFor(
      () => deliveriesOf(failingHook.id),
      (d) => d[0]?.status === 'failed',
      { what: 'the failing delivery to give up', timeoutMs: 60_000, intervalMs: 200 },
    );
    expect(failed.attempts).toBe(MAX_ATTEMPTS);
    expect(failed.receipt.messageId).toBe(doc.messageId);
    expect(failed.log.map((a) => [a.attempt, a.httpStatus, a.error, a.outcome])).toEqual([
      [1, 500, null, 'retry'],
      [2, 500, null, 'retry'],
      [3, 500, null, 'retry'],
      [4, 500, null, 'failed'],
    ]);
    for (const a of failed.log) expect(a.durationMs).toBeGreaterThanOrEqual(FAILING_DELAY_MS - 50);

    // Gaps between attempts: the endpoint's answer time plus base × 2^(n−1) (+ up to 10 % jitter), growing.
    const starts = failed.log.map((a) => Date.parse(a.attemptedAt));
    const gaps = starts.slice(1).map((t, i) => t - starts[i]);
    gaps.forEach((gap, i) => {
      const backoff = RETRY_BASE_MS * 2 ** i;
      expect(gap).toBeGreaterThanOrEqual(FAILING_DELAY_MS + backoff - 50);
      expect(gap).toBeLessThan(FAILING_DELAY_MS + backoff * 1.1 + 1500);
    });
    expect(gaps[1]).toBeGreaterThan(gaps[0]);
    expect(gaps[2]).toBeGreaterThan(gaps[1]);

    // The endpoint saw the same attempts: one delivery id, numbered attempts, valid signatures.
    expect(failing.hits).toHaveLength(MAX_ATTEMPTS);
    expect(new Set(failing.hits.map((h) => h.headers['x-swx-delivery-id']))).toEqual(new Set([failed.id]));
    expect(failing.hits.map((h) => h.headers['x-swx-attempt'])).toEqual(['1', '2', '3', '4']);
    expect(failing.hits.every((h) => h.signatureValid)).toBe(true);

    const [delivered] = await deliveriesOf(goodHook.id);
    expect(delivered).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(delivered.id).toBe(hit.headers['x-swx-delivery-id']);
    expect(delivered.log).toEqual([
      {
        attempt: 1,
        attemptedAt: expect.any(String),
        durationMs: expect.any(Number),
        httpStatus: 200,
        error: null,
        outcome: 'delivered',
      },
    ]);

    // The deliveries were created by the transaction that recorded the receipt (same transaction time).
    const created = await queryRows<{ same: boolean; n: number }>(
      db,
      `SELECT bool_and(d.created_at = r.recorded_at) AS same, count(*)::int AS n
         FROM gateway.webhook_delivery d JOIN gateway.receipt r ON r.id = d.receipt_id WHERE r.message_id = $1`,
      [doc.messageId],
    );
    expect(created).toEqual([{ same: true, n: 2 }]);

    const metrics = await (await fetch(gateway.url('/metrics'))).text();
    expect(metrics).toMatch(/swx_webhook_delivery_attempts_total\{outcome="failed",service="gateway"\} 1\b/);
    expect(metrics).toMatch(/swx_webhook_delivery_attempts_total\{outcome="retry",service="gateway"\} 3\b/);
    expect(metrics).toMatch(
      /swx_webhook_delivery_attempts_total\{outcome="delivered",service="gateway"\} 1\b/,
    );
  });

  it('stops delivering to a deleted webhook', async () => {
    expect((await api(`/v1/webhooks/${failingHook.id}`, ownerToken, { method: 'DELETE' })).status).toBe(204);
    expect((await api(`/v1/webhooks/${failingHook.id}`, ownerToken, { method: 'DELETE' })).status).toBe(404);
    expect((await api(`/v1/webhooks/${failingHook.id}/deliveries`, ownerToken)).status).toBe(404);
    const list = (await (await api('/v1/webhooks', ownerToken)).json()) as { webhooks: { id: string }[] };
    expect(list.webhooks.map((w) => w.id)).toEqual([goodHook.id]);

    const doc = await submitOrder();
    await publishReceipt(doc, CebStatus.Declaring, '电子口岸申报中');
    await waitFor(
      () => good.hits,
      (hits) => hits.length === 2,
      { what: 'the second receipt at the good endpoint' },
    );
    expect(JSON.parse(good.hits[1].body).messageId).toBe(doc.messageId);
    const toDeleted = await queryRows<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM gateway.webhook_delivery d JOIN gateway.receipt r ON r.id = d.receipt_id
        WHERE r.message_id = $1 AND d.subscription_id = $2`,
      [doc.messageId, failingHook.id],
    );
    expect(toDeleted).toEqual([{ n: 0 }]);
    expect(failing.hits).toHaveLength(MAX_ATTEMPTS);
  });
  it('shares the deliveries between two gateway instances without sending one twice', async () => {
    const second = ServiceProcess.spawn(
      'gateway',
      {
        DATABASE_URL: db,
        KAFKA_BROKERS: brokers,
        PORT: '4701',
        WEBHOOK_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
        WEBHOOK_RETRY_BASE_MS: String(RETRY_BASE_MS),
      },
      'gateway-receipts-second',
    );
    try {
      await second.ready();
      const before = good.hits.length;
      const docs = await Promise.all(Array.from({ length: 20 }, () => submitOrder()));
      await Promise.all(docs.map((doc) => publishReceipt(doc, CebStatus.Declaring, '电子口岸申报中')));
      await waitFor(
        () => good.hits.length,
        (n) => n >= before + docs.length,
        { what: 'twenty receipts at the good endpoint', timeoutMs: 60_000 },
      );
      const delivered = await waitFor(
        () =>
          queryRows<{ status: string; attempts: number }>(
            db,
            `SELECT d.status, d.attempts FROM gateway.webhook_delivery d
               JOIN gateway.receipt r ON r.id = d.receipt_id WHERE r.message_id = ANY($1::uuid[])`,
            [docs.map((d) => d.messageId)],
          ),
        (rows) => rows.length === docs.length && rows.every((r) => r.status === 'delivered'),
        { what: 'twenty deliveries marked delivered' },
      );
      expect(delivered.every((r) => r.attempts === 1)).toBe(true);
      const hits = good.hits.slice(before);
      expect(hits).toHaveLength(docs.length);
      expect(new Set(hits.map((h) => h.headers['x-swx-delivery-id'])).size).toBe(docs.length);
      expect(new Set(hits.map((h) => JSON.parse(h.body).messageId))).toEqual(
        new Set(docs.map((d) => d.messageId)),
      );
      expect(hits.every((h) => h.signatureValid)).toBe(true);
    } finally {
      await second.stop();
    }
  });
});
