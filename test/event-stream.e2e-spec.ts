import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';

import { Kafka, logLevel, Partitioners } from 'kafkajs';

import {
  createEnvelope,
  DEMO_BUYER,
  DEMO_ENTERPRISES,
  type ForexTransactionRecorded,
  Topics,
} from '@swx/contracts';
import {
  importOrder,
  mintToken,
  queryRows,
  recreateDatabase,
  ServiceProcess,
  TEST_SECRETS,
  waitFor,
} from '@swx/testing';

interface IssuedClient {
  clientId: string;
  clientSecret: string;
}
interface EventJson {
  cursor: string;
  eventId: string;
  topic: string;
  messageType: string;
  key: string | null;
  occurredAt: string;
  payload: { document?: { OrderHead?: Record<string, string> } } & Record<string, unknown>;
}
interface PageJson {
  events: EventJson[];
  nextCursor: string;
  hasMore: boolean;
}
interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
}

const OPERATOR = { id: TEST_SECRETS.OPERATOR_CLIENT_ID, secret: TEST_SECRETS.OPERATOR_CLIENT_SECRET };
const CONTACT = { name: '李明', telephone: '0755-86013388', email: 'customs@tenpay.example.com' };
const ORDERS = Topics.ImportOrderAccepted.name;
const orderNoOf = (e: EventJson) => e.payload.document?.OrderHead?.orderNo;

/**
 * An open server-sent-events response read as a person's client would: frames split on blank lines, comments
 * (`: keep-alive`) counted apart. `next` waits (with a deadline) for the first event matching a predicate.
 */
function sseReader(response: Response) {
  const events: SseEvent[] = [];
  let comments = 0;
  let ended = false;
  let buffer = '';
  const decoder = new TextDecoder();
  const done = (async () => {
    const reader = response.body!.getReader();
    try {
      for (;;) {
        const { value, done: finished } = await reader.read();
        if (finished) break;
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          if (frame.startsWith(':')) {
            comments++;
            continue;
          }
          const event: SseEvent = {};
          for (const line of frame.split('\n')) {
            const colon = line.indexOf(':');
            const field = line.slice(0, colon);
            const text = line.slice(colon + 1).replace(/^ /, '');
            if (field === 'id' || field === 'event' || field === 'data') event[field] = text;
          }
          if (event.event || event.data) events.push(event);
        }
      }
    } catch {
      // aborted by the test
    }
    ended = true;
  })();
  return {
    events,
    get comments() {
      return comments;
    },
    get ended() {
      return ended;
    },
    done,
    next: (what: string, match: (e: SseEvent) => boolean, timeoutMs = 30_000) =>
      waitFor(
        () => events.find(match),
        (found) => found !== undefined,
        { timeoutMs, intervalMs: 50, what },
      ) as Promise<SseEvent>,
  };
}

/**
 * Regulators without Kafka (issue 12 point 4): the gateway keeps every external topic's messages in its event
 * feed and serves them as JSON pages, a server-sent-events stream resumable by `Last-Event-ID`, and signed pushes
 * to an endpoint, each within the agency's topic table and with the topics' own masking. The gateway's own
 * document topics feed it here; it consumes them from the real broker like any other external topic.
 */
describe('event stream and event subscriptions for regulators', () => {
  const db = `${process.env.TEST_DATABASE_URL!}_events`;
  let gateway: ServiceProcess;
  let operatorToken: string;
  let platformToken: string;
  let customsToken: string;
  let taxToken: string;
  let customs: IssuedClient;
  const servers: Server[] = [];
  const producer = new Kafka({
    clientId: 'event-stream-e2e',
    brokers: process.env.KAFKA_BROKERS!.split(','),
    logLevel: logLevel.NOTHING,
  }).producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const streams: AbortController[] = [];

  const call = async <T>(method: string, path: string, token?: string, body?: unknown) => {
    const response = await fetch(gateway.url(path), {
      method,
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(token && { authorization: `Bearer ${token}` }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };

  const tokenOf = async (client: IssuedClient): Promise<string> => {
    const response = await fetch(gateway.url('/v1/oauth/token'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.clientSecret,
      }).toString(),
    });
    return ((await response.json()) as { access_token: string }).access_token;
  };

  const issue = async (body: object): Promise<IssuedClient> => {
    const answer = await call<IssuedClient>('POST', '/v1/clients', operatorToken, body);
    expect(answer.status).toBe(201);
    return answer.body;
  };

  const declareOrder = async (): Promise<string> => {
    const order = importOrder();
    const answer = await call('POST', '/v1/import/orders', platformToken, order);
    expect(answer.status).toBe(202);
    return order.OrderHead.orderNo;
  };

  const openStream = async (token: string, query: string, headers: Record<string, string> = {}) => {
    const abort = new AbortController();
    streams.push(abort);
    const response = await fetch(gateway.url(`/v1/events?${query}`), {
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream', ...headers },
      signal: abort.signal,
    });
    return { response, abort };
  };

  beforeAll(async () => {
    await recreateDatabase(db);
    gateway = ServiceProcess.spawn(
      'gateway',
      {
        DATABASE_URL: db,
        KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
        PORT: '4850',
        EVENT_STREAM_HEARTBEAT_MS: '1000',
        WEBHOOK_RETRY_BASE_MS: '200',
      },
      'gateway-events',
    );
    await gateway.ready();
    operatorToken = await tokenOf({ clientId: OPERATOR.id, clientSecret: OPERATOR.secret });
    const platform = DEMO_ENTERPRISES.platform;
    const registered = await call('POST', '/v1/enterprises', operatorToken, {
      customsCode: platform.customsCode,
      kind: 'enterprise',
      creditCode: platform.creditCode,
      name: platform.name,
      roles: platform.roles,
      contacts: [CONTACT],
    });
    expect(registered.status).toBe(201);
    platformToken = await tokenOf(await issue({ kind: 'enterprise', enterpriseCode: platform.customsCode }));
    customs = await issue({ kind: 'regulator', agency: 'customs' });
    customsToken = await tokenOf(customs);
    taxToken = await tokenOf(await issue({ kind: 'regulator', agency: 'tax' }));
  });

  afterAll(async () => {
    await producer.disconnect().catch(() => undefined);
    streams.forEach((s) => s.abort());
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    await gateway?.stop();
  });

  it('pages a regulator’s topics as JSON, masked as the topics are, and follows its cursor', async () => {
    const first = await declareOrder();
    const second = await declareOrder();
    const page = await waitFor(
      () => call<PageJson>('GET', `/v1/events?topics=${ORDERS}`, customsToken),
      (r) =>
        r.status === 200 && [first, second].every((no) => r.body.events.some((e) => orderNoOf(e) === no)),
      { timeoutMs: 60_000, what: 'both orders in the customs regulator’s event page' },
    );
    expect(page.body.events.every((e) => e.topic === ORDERS && e.messageType === 'ImportOrderAccepted')).toBe(
      true,
    );
    const text = JSON.stringify(page.body);
    // The buyer as the topic carries it: a person token and masked values, never the clear ones.
    for (const clear of [DEMO_BUYER.idNumber, DEMO_BUYER.name, DEMO_BUYER.telephone, DEMO_BUYER.address]) {
      expect(text).not.toContain(clear);
    }
    expect(page.body.events[0].payload.document?.OrderHead?.buyerIdNumber).toMatch(/^pt\d+\./);

    // The cursor continues after what was read: nothing again, then exactly what comes next.
    const rest = await call<PageJson>(
      'GET',
      `/v1/events?topics=${ORDERS}&after=${page.body.nextCursor}`,
      customsToken,
    );
    expect(rest.body.events).toEqual([]);
    const third = await declareOrder();
    const next = await waitFor(
      () => call<PageJson>('GET', `/v1/events?topics=${ORDERS}&after=${page.body.nextCursor}`, customsToken),
      (r) => r.body.events.length > 0,
      { timeoutMs: 60_000, what: 'the third order after the cursor' },
    );
    expect(next.body.events.map(orderNoOf)).toEqual([third]);

    // Limit and hasMore.
    const small = await call<PageJson>('GET', `/v1/events?topics=${ORDERS}&limit=1`, customsToken);
    expect([small.body.events.length, small.body.hasMore]).toEqual([1, true]);
  });

  it('keeps every caller inside its entitlement', async () => {
    // Tax reads orders, not waybills (customs' and post's).
    expect((await call('GET', `/v1/events?topics=${ORDERS}`, taxToken)).status).toBe(200);
    const refused = await call<{ detail: string }>(
      'GET',
      `/v1/events?topics=${Topics.ImportWaybillAccepted.name}`,
      taxToken,
    );
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain(Topics.ImportWaybillAccepted.name);
    // Without topics: the agency's whole table, so nothing outside it.
    const all = await call<PageJson>('GET', '/v1/events?limit=500', taxToken);
    expect(all.body.events.some((e) => e.topic === Topics.EnterpriseChanged.name)).toBe(true);
    expect(all.body.events.every((e) => e.topic !== Topics.ImportWaybillAccepted.name)).toBe(true);
    // Unknown and internal topics are named field errors; a foreign cursor too.
    const unknown = await call<{ errors: { path: string; rule: string }[] }>(
      'GET',
      `/v1/events?topics=nobody.external.x.y.v1,${Topics.TaxAssessmentRequested.name}`,
      customsToken,
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([
      expect.objectContaining({ path: 'topics', rule: 'topic' }),
      expect.objectContaining({ path: 'topics', rule: 'topic' }),
    ]);
    const receiptCursor = Buffer.from('r1:1:1').toString('base64url');
    expect((await call('GET', `/v1/events?after=${receiptCursor}`, customsToken)).status).toBe(400);
    // Enterprises follow their receipts, not the regulators' stream; no token, no stream.
    expect((await call('GET', '/v1/events', platformToken)).status).toBe(403);
    expect((await call('GET', '/v1/events')).status).toBe(401);
  });

  it('streams new events as server-sent events and resumes exactly after Last-Event-ID', async () => {
    const { response, abort } = await openStream(customsToken, `topics=${ORDERS}&from=now`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const stream = sseReader(response);
    const first = await declareOrder();
    const seen = await stream.next('the new order on the stream', (e) => e.data?.includes(first) ?? false);
    expect(seen.event).toBe('ImportOrderAccepted');
    const event = JSON.parse(seen.data!) as EventJson;
    expect([event.cursor, orderNoOf(event)]).toEqual([seen.id, first]);
    // Nothing older than `from=now` came, and the idle stream keeps itself alive.
    expect(stream.events.filter((e) => e.event === 'ImportOrderAccepted')).toHaveLength(1);
    await waitFor(
      () => stream.comments,
      (n) => n >= 1,
      { timeoutMs: 10_000, what: 'a keep-alive comment' },
    );
    abort.abort();

    // While disconnected two orders come; the resumed stream starts right after the last id it had.
    const missed = [await declareOrder(), await declareOrder()];
    const resumed = sseReader(
      (await openStream(customsToken, `topics=${ORDERS}`, { 'last-event-id': seen.id! })).response,
    );
    await resumed.next('the second missed order', (e) => e.data?.includes(missed[1]) ?? false);
    const orders = resumed.events
      .filter((e) => e.event === 'ImportOrderAccepted')
      .map((e) => orderNoOf(JSON.parse(e.data!) as EventJson));
    expect(orders).toEqual(missed);
  });

  it('ends a stream when its token expires or its client is revoked, telling the client to reauthenticate', async () => {
    const shortLived = mintToken({
      sub: customs.clientId,
      kind: 'regulator',
      agency: 'customs',
      scopes: ['regulator:read'],
      expiresInSeconds: 3,
    });
    const expiring = sseReader((await openStream(shortLived, `topics=${ORDERS}&from=now`)).response);
    await expiring.done;
    expect(expiring.events.at(-1)).toMatchObject({ event: 'reauthenticate' });
    expect(expiring.events.at(-1)!.data).toContain('expired');

    const doomed = await issue({ kind: 'regulator', agency: 'customs' });
    const live = sseReader((await openStream(await tokenOf(doomed), `topics=${ORDERS}&from=now`)).response);
    await waitFor(
      () => live.comments,
      (n) => n >= 1,
      { timeoutMs: 10_000, what: 'the stream of the client about to be revoked is open' },
    );
    const revokedAt = Date.now();
    expect((await call('POST', `/v1/clients/${doomed.clientId}/revoke`, operatorToken)).status).toBe(200);
    await live.done;
    expect(live.events.at(-1)).toMatchObject({ event: 'reauthenticate' });
    expect(live.events.at(-1)!.data).toContain('revoked');
    // Heartbeat (1 s here) plus the revocation cache (2 s).
    expect(Date.now() - revokedAt).toBeLessThan(10_000);
  });

  it('pushes events to a subscribed endpoint, signed, in order, retrying a failed page without skipping', async () => {
    const hits: { headers: IncomingHttpHeaders; body: string; valid: boolean }[] = [];
    let secret = '';
    let failuresLeft = 1;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const expected = `v1=${createHmac('sha256', secret).update(`${req.headers['x-swx-timestamp']}.${body}`).digest('hex')}`;
        const given = String(req.headers['x-swx-signature'] ?? '');
        const valid =
          given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
        hits.push({ headers: req.headers, body, valid });
        const status = failuresLeft-- > 0 ? 503 : 204;
        res.writeHead(status).end();
      });
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(4851, '127.0.0.1', resolve));

    // Entitlement first: tax may not subscribe to waybills.
    expect(
      (
        await call('POST', '/v1/event-subscriptions', taxToken, {
          url: 'http://127.0.0.1:4851/events',
          topics: [Topics.ImportWaybillAccepted.name],
        })
      ).status,
    ).toBe(403);
    expect(
      (await call('POST', '/v1/event-subscriptions', platformToken, { url: 'http://127.0.0.1:4851/events' }))
        .status,
    ).toBe(403);

    const created = await call<{
      id: string;
      secret: string;
      topics: string[];
      nextAttemptAt: string | null;
    }>('POST', '/v1/event-subscriptions', customsToken, {
      url: 'http://127.0.0.1:4851/events',
      topics: [ORDERS],
      description: 'e2e',
    });
    expect(created.status).toBe(201);
    expect(created.body.topics).toEqual([ORDERS]);
    secret = created.body.secret;
    const orders = [await declareOrder(), await declareOrder()];

    const acknowledged = (all: typeof hits) =>
      all.slice(1).flatMap((h) => (JSON.parse(h.body) as { events: EventJson[] }).events.map(orderNoOf));
    const delivered = await waitFor(
      () => [...hits],
      (all) => orders.every((o) => acknowledged(all).includes(o)),
      { timeoutMs: 60_000, what: 'both orders pushed after one refused page' },
    );
    expect(delivered.length).toBeGreaterThanOrEqual(2);
    expect(hits.every((h) => h.valid && h.headers['x-swx-event'] === 'events')).toBe(true);
    // The refused page is pushed again, the same page (same delivery id, same first event), attempt 2.
    expect(hits[1].headers['x-swx-delivery-id']).toBe(hits[0].headers['x-swx-delivery-id']);
    expect(hits[1].headers['x-swx-attempt']).toBe('2');
    expect(acknowledged(hits)).toEqual(orders);

    const view = await waitFor(
      () =>
        call<{ deliveredEvents: number; failures: number; lastHttpStatus: number }>(
          'GET',
          `/v1/event-subscriptions/${created.body.id}`,
          customsToken,
        ),
      (r) => r.body.deliveredEvents === 2,
      { timeoutMs: 10_000, what: 'the subscription’s delivered count' },
    );
    expect(view.body).toMatchObject({ failures: 0, lastHttpStatus: 204 });
    // Another regulator does not see it; its owner deletes it.
    expect((await call('GET', `/v1/event-subscriptions/${created.body.id}`, taxToken)).status).toBe(404);
    expect((await call('DELETE', `/v1/event-subscriptions/${created.body.id}`, customsToken)).status).toBe(
      204,
    );
    expect(
      (await call<{ subscriptions: unknown[] }>('GET', '/v1/event-subscriptions', customsToken)).body
        .subscriptions,
    ).toEqual([]);
  });

  it('gives a bank the forex records of the enterprises that named it, and nothing else', async () => {
    const platform = DEMO_ENTERPRISES.platform.customsCode;
    const bank = { swiftCode: 'BKCHCNBJ330', name: '中国银行浙江省分行' };
    const otherBank = { swiftCode: 'ICBKCNBJZJP', name: '工商银行浙江省分行' };
    for (const b of [bank, otherBank])
      expect((await call('POST', '/v1/banks', operatorToken, b)).status).toBe(201);
    const bankToken = await tokenOf(await issue({ kind: 'bank', bankCode: bank.swiftCode }));
    const otherToken = await tokenOf(await issue({ kind: 'bank', bankCode: otherBank.swiftCode }));
    // The platform names its FX bank; another enterprise's records never reach the bank.
    expect(
      (await call('PUT', '/v1/forex/banks', platformToken, { bankCodes: [bank.swiftCode] })).status,
    ).toBe(200);
    await producer.connect();
    const record = (enterpriseCode: string, orderNo: string): ForexTransactionRecorded =>
      ({
        transactionId: `export:${enterpriseCode}:${orderNo}`,
        version: 1,
        flow: 'export',
        enterpriseCode,
        orderNo,
        currency: 'USD',
        declaredAmount: '642.00',
        reversedAmount: '0.00',
        settledAmount: '0.00',
        feesAmount: '0.00',
        remainingAmount: '642.00',
        authenticity: 'verified',
        authenticityReasons: [],
        occurredAt: new Date().toISOString(),
      }) as ForexTransactionRecorded;
    const mine = `BANK-${Date.now()}`;
    for (const payload of [record(platform, mine), record('3301999ZZZ', `${mine}-X`)]) {
      const envelope = createEnvelope({
        type: Topics.ForexTransactionRecorded.messageType,
        version: Topics.ForexTransactionRecorded.version,
        producer: 'forex',
        key: Topics.ForexTransactionRecorded.keyOf(payload),
        correlationId: `event-stream-${mine}`,
        payload,
      });
      await producer.send({
        topic: Topics.ForexTransactionRecorded.name,
        messages: [{ key: envelope.key, value: JSON.stringify(envelope) }],
      });
    }
    // A regulator of SAFE sees both, the bank only its customer's, another bank none.
    const forexReg = await tokenOf(await issue({ kind: 'regulator', agency: 'forex' }));
    const topic = `topics=${Topics.ForexTransactionRecorded.name}`;
    await waitFor(
      () => call<PageJson>('GET', `/v1/events?${topic}`, forexReg),
      (r) => r.body.events.filter((e) => String(e.payload.orderNo).startsWith(mine)).length === 2,
      { timeoutMs: 60_000, what: 'both forex records in the feed' },
    );
    const seen = await call<PageJson>('GET', `/v1/events?${topic}`, bankToken);
    expect(seen.status).toBe(200);
    expect(seen.body.events.map((e) => e.payload.orderNo)).toEqual([mine]);
    expect((await call<PageJson>('GET', `/v1/events?${topic}`, otherToken)).body.events).toEqual([]);
    // A bank follows forex records only.
    expect((await call('GET', `/v1/events?topics=${ORDERS}`, bankToken)).status).toBe(403);
  });
  it("shows a bank its individual customer's ID number in clear, audited, and no one else's registration", async () => {
    const bank = { swiftCode: 'CMBCCNBS330', name: '招商银行杭州分行' };
    const otherBank = { swiftCode: 'PCBCCNBJZJX', name: '建设银行浙江省分行' };
    for (const b of [bank, otherBank])
      expect((await call('POST', '/v1/banks', operatorToken, b)).status).toBe(201);
    const bankToken = await tokenOf(await issue({ kind: 'bank', bankCode: bank.swiftCode }));
    const otherToken = await tokenOf(await issue({ kind: 'bank', bankCode: otherBank.swiftCode }));
    const seller = {
      customsCode: `3301IB${String(Date.now() % 10_000).padStart(4, '0')}`,
      idNumber: `3301061990${String(Date.now() % 10_000_000).padStart(7, '0')}X`,
      name: '赵小燕',
    };
    const registered = await call('POST', '/v1/enterprises', operatorToken, {
      customsCode: seller.customsCode,
      kind: 'individual',
      idNumber: seller.idNumber,
      name: seller.name,
      roles: ['ebc'],
      contacts: [{ name: seller.name, telephone: '13712345678', email: 'seller@example.com' }],
    });
    expect(registered.status).toBe(201);
    const sellerToken = await tokenOf(
      await issue({ kind: 'enterprise', enterpriseCode: seller.customsCode }),
    );
    expect((await call('PUT', '/v1/forex/banks', sellerToken, { bankCodes: [bank.swiftCode] })).status).toBe(
      200,
    );

    const read = await call<{ idNumber: string; name: string }>(
      'GET',
      `/v1/enterprises/${seller.customsCode}`,
      bankToken,
    );
    expect([read.status, read.body.idNumber, read.body.name]).toEqual([200, seller.idNumber, seller.name]);
    // Another bank, and the bank for an enterprise that did not name it: 404, as for an unknown code.
    expect((await call('GET', `/v1/enterprises/${seller.customsCode}`, otherToken)).status).toBe(404);
    expect(
      (await call('GET', `/v1/enterprises/${DEMO_ENTERPRISES.agent.customsCode}`, bankToken)).status,
    ).toBe(404);
    expect((await call('GET', '/v1/enterprises', bankToken)).status).toBe(403);
    // Without the personal-data scope a regulator sees it masked, and nothing is recorded for it.
    const customsReader = await tokenOf(await issue({ kind: 'regulator', agency: 'customs' }));
    const masked = await call<{ idNumber: string }>(
      'GET',
      `/v1/enterprises/${seller.customsCode}`,
      customsReader,
    );
    expect(masked.body.idNumber).not.toBe(seller.idNumber);
    expect(masked.body.idNumber).toMatch(/^330\*+\d{3}X$/);

    const audit = await queryRows<{
      principal_kind: string;
      enterprise_code: string;
      fields: string[];
      entitlement: string;
    }>(
      db,
      `SELECT principal_kind, enterprise_code, fields, entitlement FROM gateway.personal_data_read
        WHERE subject_code = $1 ORDER BY id`,
      [seller.customsCode],
    );
    expect(audit).toEqual([
      {
        principal_kind: 'bank',
        enterprise_code: bank.swiftCode,
        fields: ['idNumber', 'name'],
        entitlement: 'own-customer',
      },
    ]);
  });
});
