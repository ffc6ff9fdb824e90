import { randomUUID } from 'node:crypto';

import * as iconv from 'iconv-lite';

import {
  CEB311,
  type DocumentDescriptor,
  IMPORT_ORDER_EXAMPLE,
  validateCebXml,
  verifyCebSignature,
} from '@swx/contracts';
import { cebXmlMessage, mintToken, ServiceProcess, TEST_SECRETS } from '@swx/testing';

interface Problem {
  status: number;
  detail: string;
  errors?: { path: string; rule: string; message: string }[];
}
interface Acceptance {
  submissionId?: string;
  documents: { messageId: string; status: string }[];
}

const EBP = IMPORT_ORDER_EXAMPLE.OrderHead.ebpCode;
const platformToken = mintToken({
  kind: 'enterprise',
  ent: EBP,
  roles: ['ebp'],
  scopes: ['documents:write', 'documents:read'],
});
const operatorToken = mintToken({
  kind: 'operator',
  scopes: ['registry:read', 'registry:write', 'webhooks:manage', 'credentials:manage', 'regulator:read'],
});

const uniqueOrder = (mutate: (o: typeof IMPORT_ORDER_EXAMPLE) => void = () => undefined) => {
  const order = structuredClone(IMPORT_ORDER_EXAMPLE);
  order.OrderHead.orderNo = `EDGE${Date.now()}${Math.random().toString(36).slice(2, 8)}`.toUpperCase();
  mutate(order);
  return order;
};
const orderXml = (order: object, encoding = 'UTF-8', guid?: string) =>
  cebXmlMessage(CEB311 as unknown as DocumentDescriptor, [order], EBP, guid).replace(
    /^<\?xml version="1\.0" encoding="UTF-8"\?>/,
    `<?xml version="1.0" encoding="${encoding}"?>`,
  );

/**
 * The gateway's edge as enterprise systems and an outside probe meet it, on the real gateway (Kafka and
 * PostgreSQL): what the CEB standard allows is taken (enterprise-system guids, GB encodings), what is not what
 * it claims is refused with the field and rule (never a 5xx), and CEB XML clients are answered in CEB XML.
 */
describe('gateway edge: CEB conformance and bad input', () => {
  let gateway: ServiceProcess;

  beforeAll(async () => {
    gateway = await ServiceProcess.spawn('gateway', {
      DATABASE_URL: process.env.TEST_DATABASE_URL!,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      PORT: '4760',
    }).ready();
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  const send = async (
    path: string,
    init: {
      method?: string;
      body?: RequestInit['body'];
      headers?: Record<string, string>;
      token?: string | null;
    },
  ) => {
    const response = await fetch(gateway.url(path), {
      method: init.method ?? 'POST',
      headers: {
        ...(init.token !== null && { authorization: `Bearer ${init.token ?? platformToken}` }),
        ...init.headers,
      },
      body: init.body,
      ...(init.body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit);
    const text = await response.text();
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', text };
  };
  const json = <T>(answer: { text: string }) => JSON.parse(answer.text) as T;
  const readDocument = async (messageId: string) =>
    json<{ document: { OrderHead: Record<string, string> } }>(
      await send(`/v1/messages/${messageId}`, { method: 'GET' }),
    );

  describe('what the standard allows is taken', () => {
    it('takes the 36-character guids enterprise systems generate, not only UUIDs; refuses lower case', async () => {
      const guid = `CEB311${'20261130120000'}${'0000000000000001'}`;
      expect(guid).toHaveLength(36);
      const order = uniqueOrder((o) => (o.OrderHead.guid = guid));
      const viaJson = await send('/v1/import/orders', {
        body: JSON.stringify(order),
        headers: { 'content-type': 'application/json' },
      });
      expect(viaJson.status).toBe(202);
      const viaXml = await send('/v1/import/orders', {
        body: orderXml(
          uniqueOrder((o) => (o.OrderHead.guid = guid)),
          'UTF-8',
          guid,
        ),
        headers: { 'content-type': 'application/xml', accept: 'application/json' },
      });
      expect(viaXml.status).toBe(202);

      const lower = await send('/v1/import/orders', {
        body: JSON.stringify(uniqueOrder((o) => (o.OrderHead.guid = guid.toLowerCase()))),
        headers: { 'content-type': 'application/json' },
      });
      expect(lower.status).toBe(400);
      expect(json<Problem>(lower).errors).toEqual([
        expect.objectContaining({ path: 'OrderHead.guid', rule: 'matches' }),
      ]);
    });

    it.each(['GB2312', 'GBK', 'GB18030'])(
      'decodes a %s message by its declaration, with Content-Length and chunked',
      async (encoding) => {
        const buyer = encoding === 'GB2312' ? '张三丰' : '张三䶮';
        for (const chunked of [false, true]) {
          const order = uniqueOrder((o) => (o.OrderHead.buyerName = buyer));
          const bytes = iconv.encode(orderXml(order, encoding), 'gb18030');
          const body = chunked
            ? new ReadableStream({
                start(controller) {
                  controller.enqueue(bytes.subarray(0, 101));
                  controller.enqueue(bytes.subarray(101));
                  controller.close();
                },
              })
            : bytes;
          const answer = await send('/v1/import/orders', {
            body,
            headers: { 'content-type': 'application/xml', accept: 'application/json' },
          });
          expect(answer.status).toBe(202);
          const stored = await readDocument(json<Acceptance>(answer).documents[0].messageId);
          expect(stored.document.OrderHead.orderNo).toBe(order.OrderHead.orderNo);
          // The buyer's name is personal data: a platform reads it masked, but its first character is kept.
          expect(stored.document.OrderHead.buyerName.startsWith('张')).toBe(true);
        }
      },
    );

    it('refuses bytes that are not the declared encoding, clearly', async () => {
      const order = uniqueOrder((o) => (o.OrderHead.buyerName = '张三'));
      const gbkDeclaredUtf8 = await send('/v1/import/orders', {
        body: iconv.encode(orderXml(order, 'UTF-8'), 'gbk'),
        headers: { 'content-type': 'application/xml', accept: 'application/problem+json' },
      });
      expect(gbkDeclaredUtf8.status).toBe(400);
      expect(json<Problem>(gbkDeclaredUtf8).errors![0].rule).toBe('encoding.utf8');
      const utf8DeclaredGbk = await send('/v1/import/orders', {
        body: Buffer.from(orderXml(order, 'GBK'), 'utf8'),
        headers: { 'content-type': 'application/xml', accept: 'application/problem+json' },
      });
      expect(utf8DeclaredGbk.status).toBe(400);
      expect(json<Problem>(utf8DeclaredGbk).errors![0]).toMatchObject({ rule: 'encoding.matchesBytes' });
      expect(json<Problem>(utf8DeclaredGbk).errors![0].message).toContain('bytes are UTF-8');
    });
  });

  describe('answers the CEB way', () => {
    it('answers an XML client’s format error with a CEB900Message that validates against the XSD (400)', async () => {
      const broken = orderXml(uniqueOrder()).replace(
        '<ceb:orderType>I</ceb:orderType>',
        '<ceb:orderKind>I</ceb:orderKind>',
      );
      const answer = await send('/v1/import/orders', {
        body: broken,
        headers: { 'content-type': 'application/xml' },
      });
      expect(answer.status).toBe(400);
      expect(answer.contentType).toContain('application/xml');
      expect(answer.text).toMatch(/<CEB900Message guid="[0-9A-F-]{36}" version="1\.0"/);
      expect(answer.text).toContain('<returnStatus>-1</returnStatus>');
      expect(answer.text).toMatch(/<returnInfo>\[Code:0002;Desc:schema 验证不通过\][^<]*orderKind/);
      expect(answer.text).toContain('<oriMessageType>CEB311Message</oriMessageType>');
      expect(answer.text).toContain('&lt;ceb:orderKind&gt;');
      expect((await validateCebXml(answer.text)).valid).toBe(true);

      // A field rule, through the any-message endpoint, and an encoding error: CEB900 as well.
      const field = await send('/v1/ceb-messages', {
        body: orderXml(uniqueOrder((o) => (o.OrderHead.acturalPaid = '1.00'))),
        headers: { 'content-type': 'application/xml' },
      });
      expect(field.status).toBe(400);
      expect(field.text).toMatch(/\[Code:0999;Desc:其他格式错误\][^<]*acturalPaid/);
      const encoding = await send('/v1/import/orders', {
        body: Buffer.from(orderXml(uniqueOrder(), 'Big5')),
        headers: { 'content-type': 'application/xml' },
      });
      expect(encoding.status).toBe(400);
      expect(encoding.text).toMatch(/\[Code:0001;Desc:报文格式错误\][^<]*Big5/);
    });

    it('keeps problem+json for JSON clients and for XML senders that ask for JSON', async () => {
      const broken = orderXml(uniqueOrder()).replace(
        '<ceb:orderType>I</ceb:orderType>',
        '<ceb:orderKind>I</ceb:orderKind>',
      );
      const asked = await send('/v1/import/orders', {
        body: broken,
        headers: { 'content-type': 'application/xml', accept: 'application/problem+json' },
      });
      expect(asked.status).toBe(400);
      expect(asked.contentType).toContain('application/problem+json');
      expect(json<Problem>(asked).errors![0].rule).toBe('xsd');
    });

    it('answers an acceptance with the declaration’s receipt message when the client asks for XML', async () => {
      const order = uniqueOrder();
      const answer = await send('/v1/import/orders', {
        body: orderXml(order),
        headers: { 'content-type': 'application/xml', accept: 'application/xml' },
      });
      expect(answer.status).toBe(202);
      expect(answer.contentType).toContain('application/xml');
      expect(answer.text).toMatch(/<CEB312Message guid="[0-9A-F-]{36}"/);
      expect(answer.text).toContain(`<orderNo>${order.OrderHead.orderNo}</orderNo>`);
      expect(answer.text).toContain('<returnStatus>2</returnStatus>');
      expect(answer.text).toMatch(/accepted as message [0-9a-f-]{36}/);
      // Signed with the platform's key, like every XML receipt: it verifies with the published certificate.
      const platform = json<{ certificate: string }>(
        await send('/v1/platform/certificate', { method: 'GET', token: null }),
      );
      expect(verifyCebSignature(answer.text, [platform.certificate]).status).toBe('valid');
      expect(
        verifyCebSignature(answer.text.replace('<returnStatus>2<', '<returnStatus>3<'), [
          platform.certificate,
        ]).status,
      ).toBe('invalid');
      // Without its enveloped signature (which receipt XSDs do not declare) it is the standard's receipt.
      const unsigned = answer.text.replace(/<(ds:)?Signature\b[\s\S]*<\/(ds:)?Signature>\s*/, '');
      expect((await validateCebXml(unsigned)).valid).toBe(true);
    });
  });

  describe('Idempotency-Key holds for XML bodies', () => {
    it('replays the same XML body and refuses a different one under the same key (422)', async () => {
      const key = randomUUID();
      const headers = {
        'content-type': 'application/xml',
        accept: 'application/json',
        'idempotency-key': key,
      };
      const first = await send('/v1/import/orders', { body: orderXml(uniqueOrder()), headers });
      expect(first.status).toBe(202);
      const again = await send('/v1/import/orders', {
        body: orderXml(json<Acceptance>(first) && uniqueOrder()),
        headers,
      });
      expect(again.status).toBe(422);
      const jsonKey = randomUUID();
      const jsonHeaders = { 'content-type': 'application/json', 'idempotency-key': jsonKey };
      expect(
        (await send('/v1/import/orders', { body: JSON.stringify(uniqueOrder()), headers: jsonHeaders }))
          .status,
      ).toBe(202);
      expect(
        (await send('/v1/import/orders', { body: JSON.stringify(uniqueOrder()), headers: jsonHeaders }))
          .status,
      ).toBe(422);
    });

    it('replays an identical XML body under its key', async () => {
      const body = orderXml(uniqueOrder());
      const headers = {
        'content-type': 'application/xml',
        accept: 'application/json',
        'idempotency-key': randomUUID(),
      };
      const first = await send('/v1/import/orders', { body, headers });
      const second = await send('/v1/import/orders', { body, headers });
      expect(second.status).toBe(202);
      expect(json<Acceptance>(second).documents[0].messageId).toBe(
        json<Acceptance>(first).documents[0].messageId,
      );
    });
  });

  describe('bad input is a 400 naming the field, never a 5xx', () => {
    const jsonOrder = (text: string) =>
      send('/v1/import/orders', { body: text, headers: { 'content-type': 'application/json' } });
    const expectField = (answer: { status: number; text: string }, rule: string, path?: string) => {
      expect(answer.status).toBe(400);
      const problem = json<Problem>(answer);
      expect(problem.errors).toEqual([expect.objectContaining({ rule, ...(path ? { path } : {}) })]);
    };

    it('refuses NUL and lone surrogates in fields, path ids, queries and client_id', async () => {
      expectField(
        await jsonOrder(JSON.stringify(uniqueOrder((o) => (o.OrderHead.buyerName = 'a\u0000b')))),
        'text.noNul',
        'OrderHead.buyerName',
      );
      expectField(
        await jsonOrder(JSON.stringify(uniqueOrder()).replace('"orderNo":"', '"orderNo":"\\ud800')),
        'text.wellFormed',
        'OrderHead.orderNo',
      );
      expectField(await send('/v1/messages/%00', { method: 'GET' }), 'text.noNul', 'path.messageId');
      expectField(await send('/v1/messages?orderNo=%00', { method: 'GET' }), 'text.noNul', 'query.orderNo');
      // Percent-encoded bytes that are no UTF-8 (an encoded lone surrogate) never reach a handler.
      const surrogate = await send('/v1/enterprises/%ED%A0%80', { method: 'GET', token: operatorToken });
      expect(surrogate.status).toBe(400);
      expect(json<Problem>(surrogate).errors).toEqual([
        expect.objectContaining({
          rule: 'FST_ERR_BAD_URL',
          message: expect.stringMatching(/not a valid url component/),
        }),
      ]);
      const token = await send('/v1/oauth/token', {
        token: null,
        body: 'grant_type=client_credentials&client_id=%00&client_secret=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expectField(token, 'text.noNul', 'form.client_id');
    });

    it('refuses 100,000-deep nesting on any JSON endpoint', async () => {
      const deep = `${'{"x":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
      for (const path of ['/v1/webhooks', '/v1/enterprises', '/v1/import/orders']) {
        const answer = await send(path, {
          body: deep,
          token: operatorToken,
          headers: { 'content-type': 'application/json' },
        });
        expectField(answer, 'json.maxDepth');
      }
    });

    it('refuses impossible dates: appTime 20260231…, tax periods 2026-13-45 and 0000-00-00', async () => {
      const answer = await jsonOrder(
        JSON.stringify(uniqueOrder((o) => (o.OrderHead.appTime = '20260231120000'))),
      );
      expectField(answer, 'matches', 'OrderHead.appTime');
      for (const period of ['2026-13-45', '0000-00-00', '2026-02-29']) {
        const summary = await send('/v1/tax/payment-summaries', {
          token: operatorToken,
          body: JSON.stringify({ assureCode: EBP, periodFrom: period, periodTo: '2026-11-30' }),
          headers: { 'content-type': 'application/json' },
        });
        expectField(summary, 'matches', 'periodFrom');
      }
    });

    it('refuses malformed and out-of-range cursors and ids', async () => {
      const cursors = [
        'not-a-cursor',
        Buffer.from(`${'9'.repeat(40)}:${randomUUID()}`).toString('base64url'),
        Buffer.from(`1:${'-'.repeat(36)}`).toString('base64url'),
      ];
      for (const after of cursors) {
        expectField(await send(`/v1/messages?after=${after}`, { method: 'GET' }), 'cursor', 'after');
      }
      for (const after of [
        'x',
        Buffer.from(`r1:99999999999999999999:1`).toString('base64url'),
        Buffer.from(`r1:1:9999999999999999999`).toString('base64url'),
      ]) {
        const feed = await send(`/v1/receipts?after=${after}`, { method: 'GET' });
        expect(feed.status).toBe(400);
      }
      expectField(
        await send(`/v1/tax/payment-summaries/${'-'.repeat(36)}`, { method: 'GET', token: operatorToken }),
        'isUuid',
        'id',
      );
    });

    it('refuses duplicate keys, malformed UTF-8 and JSON in another charset', async () => {
      const order = uniqueOrder();
      const duplicated = JSON.stringify(order).replace(
        `"ebpCode":"${EBP}"`,
        `"ebpCode":"9999999999","ebpCode":"${EBP}"`,
      );
      expectField(await jsonOrder(duplicated), 'json.duplicateKey', 'OrderHead.ebpCode');

      const malformed = Buffer.concat([
        Buffer.from(JSON.stringify(order).slice(0, 20)),
        Buffer.from([0xd5, 0xc5]),
        Buffer.from(JSON.stringify(order).slice(20)),
      ]);
      expectField(
        await send('/v1/import/orders', { body: malformed, headers: { 'content-type': 'application/json' } }),
        'encoding.utf8',
      );
      const gbk = await send('/v1/import/orders', {
        body: iconv.encode(JSON.stringify(uniqueOrder((o) => (o.OrderHead.buyerName = '张三'))), 'gbk'),
        headers: { 'content-type': 'application/json; charset=gbk' },
      });
      expect(gbk.status).toBe(415);
      expect(json<Problem>(gbk).errors![0]).toMatchObject({
        path: 'Content-Type',
        rule: 'encoding.jsonIsUtf8',
      });
    });

    it('still takes the operator’s own token request (the checks do not break the form body)', async () => {
      const answer = await send('/v1/oauth/token', {
        token: null,
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: TEST_SECRETS.OPERATOR_CLIENT_ID,
          client_secret: TEST_SECRETS.OPERATOR_CLIENT_SECRET,
        }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(answer.status).toBe(200);
    });
  });
});
