import { readFileSync } from 'node:fs';

import { DEMO_ENTERPRISES, ImportOrder } from '@swx/contracts';
import { importOrder, mintToken, queryRows, ServiceProcess } from '@swx/testing';

const PLATFORM = DEMO_ENTERPRISES.platform.customsCode;
const enterprise = (ent: string, roles: string[], scopes: string[]) =>
  mintToken({ kind: 'enterprise', ent, roles, scopes });
const platform = enterprise(PLATFORM, ['ebp'], ['documents:write', 'documents:read']);
const platformWithPersonalData = enterprise(PLATFORM, ['ebp'], ['documents:read', 'personal-data:read']);
const otherPlatform = enterprise('3301969999', ['ebp'], ['documents:write', 'documents:read']);
const paymentCompany = enterprise(DEMO_ENTERPRISES.payment.customsCode, ['pay'], ['documents:write']);
const regulator = (agency: string, scopes = ['regulator:read']) =>
  mintToken({ kind: 'regulator', agency, scopes });

/**
 * Document intake through the running gateway on the real database and broker: versions and replays,
 * batches, idempotency keys, sender authorization, reading back with personal data masked.
 */
describe('document intake', () => {
  const db = process.env.TEST_DATABASE_URL!;
  let gateway: ServiceProcess;

  beforeAll(async () => {
    gateway = await ServiceProcess.spawn('gateway', {
      DATABASE_URL: db,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      PORT: '4130',
      LOG_LEVEL: 'debug',
    }).ready();
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  const post = (body: unknown, token = platform, headers: Record<string, string> = {}) =>
    fetch(gateway.url('/v1/import/orders'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify(body),
    });
  const get = (path: string, token = platform) =>
    fetch(gateway.url(path), { headers: { authorization: `Bearer ${token}` } });
  const outboxCount = async (orderNo: string) =>
    (
      await queryRows<{ n: number }>(db, 'SELECT count(*)::int AS n FROM gateway.outbox WHERE key = $1', [
        orderNo,
      ])
    )[0].n;

  interface Acceptance {
    messageId?: string;
    submissionId?: string;
    documents: { messageId: string; status: string; position: number }[];
  }
  interface Problem {
    status: number;
    errors: { path: string; rule: string; message: string }[];
  }

  it('accepts an order once and answers an identical replay with the original acceptance, emitting nothing', async () => {
    const order = importOrder();
    const first = await post(order);
    expect(first.status).toBe(202);
    const accepted = (await first.json()) as Acceptance;
    expect(accepted.documents).toEqual([
      {
        position: 0,
        messageId: accepted.messageId,
        status: 'accepted',
        identity: `${PLATFORM}:${order.OrderHead.orderNo}`,
        receipts: `/v1/messages/${accepted.messageId}/receipts`,
      },
    ]);
    expect(await outboxCount(order.OrderHead.orderNo)).toBe(1);

    const replay = await post(order);
    expect(replay.status).toBe(202);
    const replayed = (await replay.json()) as Acceptance;
    expect(replayed.messageId).toBe(accepted.messageId);
    expect(replayed.documents[0].status).toBe('replayed');
    expect(replayed.submissionId).toBeUndefined();
    expect(await outboxCount(order.OrderHead.orderNo)).toBe(1);
  });

  it('orders versions by appTime: a newer change is accepted, an older one and an unknown one are refused', async () => {
    const order = importOrder();
    expect((await post(order)).status).toBe(202);

    const conflicting: ImportOrder = structuredClone(order);
    conflicting.OrderHead.note = 'declared again as new';
    const again = await post(conflicting);
    expect(again.status).toBe(409);
    expect(((await again.json()) as Problem).errors).toEqual([
      expect.objectContaining({ path: 'OrderHead.appType', rule: 'appType.alreadyDeclared' }),
    ]);

    const change: ImportOrder = structuredClone(order);
    change.OrderHead.appType = '2';
    change.OrderHead.appTime = '20261121100000';
    change.OrderHead.consigneeAddress = '浙江省杭州市西湖区文三路 2 号';
    const changed = await post(change);
    expect(changed.status).toBe(202);
    expect(((await changed.json()) as Acceptance).documents[0].status).toBe('accepted');

    const stale: ImportOrder = structuredClone(change);
    stale.OrderHead.appTime = '20261121095959';
    stale.OrderHead.consigneeAddress = '浙江省杭州市西湖区文三路 3 号';
    const refused = await post(stale);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as Problem).errors).toEqual([
      expect.objectContaining({ path: 'OrderHead.appTime', rule: 'appTime.notNewer' }),
    ]);

    const unknown = importOrder({ appType: '2' });
    const notDeclared = await post(unknown);
    expect(notDeclared.status).toBe(409);
    expect(((await notDeclared.json()) as Problem).errors[0].rule).toBe('appType.notDeclared');
    expect(await outboxCount(order.OrderHead.orderNo)).toBe(2);
  });

  it('accepts a batch of documents in one message and refuses the whole batch when one document is invalid', async () => {
    const batch = [importOrder(), importOrder(), importOrder()];
    const response = await post(batch);
    expect(response.status).toBe(202);
    const body = (await response.json()) as Acceptance;
    expect(body.messageId).toBeUndefined();
    expect(body.documents.map((d) => d.status)).toEqual(['accepted', 'accepted', 'accepted']);

    const broken = [importOrder(), importOrder()];
    broken[1].OrderHead.acturalPaid = '1.00';
    broken[1].OrderList[0].currency = '502';
    const refused = await post(broken);
    expect(refused.status).toBe(400);
    const problem = (await refused.json()) as Problem;
    expect(problem.errors.map((e) => `${e.path}:${e.rule}`)).toEqual(['[1].OrderList[0].currency:isIn']);
    expect(await outboxCount(broken[0].OrderHead.orderNo)).toBe(0);

    const arithmetic = [importOrder()];
    arithmetic[0].OrderHead.acturalPaid = '1.00';
    const wrongSum = await post(arithmetic);
    expect(((await wrongSum.json()) as Problem).errors).toEqual([
      expect.objectContaining({
        path: '[0].OrderHead.acturalPaid',
        rule: 'acturalPaid.equalsGoodsFreightTaxMinusDiscount',
      }),
    ]);

    const tooMany = await post(Array.from({ length: 101 }, () => importOrder()));
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as Problem).errors[0].rule).toBe('documentCount');
  });

  it('lets a sender declare only in its own role and name', async () => {
    expect((await post(importOrder(), paymentCompany)).status).toBe(403);
    const mixed = [importOrder(), importOrder({ ebpCode: '3301969999' })];
    const refused = await post(mixed);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as Problem).errors).toEqual([
      expect.objectContaining({ path: '[1].OrderHead.ebpCode', rule: 'sender.ownCode' }),
    ]);
    expect((await post(importOrder(), regulator('customs'))).status).toBe(403);
  });

  it('gives Idempotency-Key replay semantics', async () => {
    const key = `key-${Date.now()}`;
    const order = importOrder();
    const first = await post(order, platform, { 'idempotency-key': key });
    expect(first.status).toBe(202);
    const firstBody = await first.json();
    expect(first.headers.get('idempotency-replay')).toBeNull();

    const again = await post(order, platform, { 'idempotency-key': key });
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotency-replay')).toBe('true');
    expect(await again.json()).toEqual(firstBody);

    const otherBody = await post(importOrder(), platform, { 'idempotency-key': key });
    expect(otherBody.status).toBe(422);

    // A first request whose answer is not stored yet, as a concurrent client's request in flight leaves it.
    const sameBodyBusy = importOrder();
    const busyKey2 = `busy2-${Date.now()}`;
    const first2 = await post(sameBodyBusy, platform, { 'idempotency-key': busyKey2 });
    expect(first2.status).toBe(202);
    await queryRows(db, `UPDATE gateway.idempotency_key SET state = 'in-progress' WHERE key = $1`, [
      busyKey2,
    ]);
    const inProgress = await post(sameBodyBusy, platform, { 'idempotency-key': busyKey2 });
    expect(inProgress.status).toBe(409);
    expect(inProgress.headers.get('retry-after')).toBe('1');
  });

  it('claims an Idempotency-Key in the intake transaction: a failed request leaves none, a concurrent one waits', async () => {
    // A refused request (409: the order was declared before) takes no key with it: the key is free for the next.
    const declared = importOrder();
    expect((await post(declared)).status).toBe(202);
    const failedKey = `failed-${Date.now()}`;
    // The same order again as new (appType 1) with other content: refused inside the intake transaction.
    const redeclared = {
      ...declared,
      OrderHead: { ...declared.OrderHead, ebcName: `${declared.OrderHead.ebcName}2` },
    };
    const refused = await post(redeclared, platform, { 'idempotency-key': failedKey });
    expect(refused.status).toBe(409);
    const keys = await queryRows<{ n: number }>(
      db,
      'SELECT count(*)::int AS n FROM gateway.idempotency_key WHERE key = $1',
      [failedKey],
    );
    expect(keys[0].n).toBe(0);
    const next = await post(importOrder(), platform, { 'idempotency-key': failedKey });
    expect(next.status).toBe(202);
    expect(next.headers.get('idempotency-replay')).toBeNull();

    // Two requests under one key at once: one is accepted, the other waits for it and replays its answer.
    const order = importOrder();
    const sharedKey = `shared-${Date.now()}`;
    const [a, b] = await Promise.all([
      post(order, platform, { 'idempotency-key': sharedKey }),
      post(order, platform, { 'idempotency-key': sharedKey }),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    const replays = [a, b].filter((r) => r.headers.get('idempotency-replay') === 'true');
    expect(replays).toHaveLength(1);
    expect(await a.json()).toEqual(await b.json());
  });

  it('reads documents back: own only, regulators by agency, personal data masked without the scope', async () => {
    const order = importOrder();
    const { messageId } = (await (await post(order)).json()) as Acceptance;

    const own = (await (await get(`/v1/messages/${messageId}`)).json()) as {
      document: ImportOrder;
      documentType: string;
    };
    expect(own.documentType).toBe('CEB311');
    expect(own.document.OrderHead.buyerIdNumber).toBe('110***********0012');
    expect(own.document.OrderHead.buyerTelephone).toBe('138****0000');
    expect(own.document.OrderHead.buyerName).toBe(order.OrderHead.buyerName);

    const clear = (await (await get(`/v1/messages/${messageId}`, platformWithPersonalData)).json()) as {
      document: ImportOrder;
    };
    expect(clear.document.OrderHead.buyerIdNumber).toBe(order.OrderHead.buyerIdNumber);

    expect((await get(`/v1/messages/${messageId}`, otherPlatform)).status).toBe(404);
    const customs = (await (await get(`/v1/messages/${messageId}`, regulator('customs'))).json()) as {
      document: ImportOrder;
    };
    expect(customs.document.OrderHead.buyerIdNumber).toBe('110***********0012');
    const customsWithPersonalData = regulator('customs', ['regulator:read', 'personal-data:read']);
    expect(
      (
        (await (await get(`/v1/messages/${messageId}`, customsWithPersonalData)).json()) as {
          document: ImportOrder;
        }
      ).document.OrderHead.buyerIdNumber,
    ).toBe(order.OrderHead.buyerIdNumber);
    expect((await get(`/v1/messages/${messageId}`, regulator('market'))).status).toBe(200);
    expect(
      (
        await get(
          `/v1/messages/${messageId}`,
          mintToken({ kind: 'enterprise', ent: PLATFORM, roles: ['ebp'], scopes: ['documents:write'] }),
        )
      ).status,
    ).toBe(403);

    const mine = (await (await get(`/v1/messages?orderNo=${order.OrderHead.orderNo}`)).json()) as {
      items: { messageId: string }[];
    };
    expect(mine.items.map((i) => i.messageId)).toEqual([messageId]);
    const theirs = (await (
      await get(`/v1/messages?orderNo=${order.OrderHead.orderNo}`, otherPlatform)
    ).json()) as { items: unknown[] };
    expect(theirs.items).toEqual([]);
  });

  it('pages through the sender’s messages with a cursor', async () => {
    // A platform of its own, so other suites' documents in the same database do not count.
    const own = `33019${String(Date.now()).slice(-5)}`;
    const token = enterprise(own, ['ebp'], ['documents:write', 'documents:read']);
    const sent: string[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await post(importOrder({ ebpCode: own }), token);
      expect(response.status).toBe(202);
      sent.push(((await response.json()) as Acceptance).messageId!);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const body = (await (
        await get(`/v1/messages?limit=2${cursor ? `&after=${cursor}` : ''}`, token)
      ).json()) as {
        items: { messageId: string; senderCode: string }[];
        nextCursor?: string;
      };
      expect(body.items.length).toBeLessThanOrEqual(2);
      body.items.forEach((i) => expect(i.senderCode).toBe(own));
      seen.push(...body.items.map((i) => i.messageId));
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(sent);
  });

  it('never writes buyer ID numbers or phone numbers to its logs', () => {
    const log = readFileSync(gateway.logFile, 'utf8');
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain('110101199003070012');
    expect(log).not.toContain('13800000000');
  });
});
