import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Client } from 'pg';

import { distPath, recreateDatabase, REPO_ROOT, TEST_SECRETS } from '@swx/testing';

/**
 * Every hot query is served by an index at a realistic table size. The schemas are migrated by the services'
 * own migrations, the hot tables filled with a realistic number of rows (generate_series, then ANALYZE), and each
 * hot query is planned with EXPLAIN and its real parameters: a sequential scan anywhere in the plan fails the test.
 * Each query is the text the code runs; the test checks that the named source file still contains it, so a
 * changed query has to be brought here (and planned) too.
 */

const ROWS = 200_000;

interface HotQuery {
  name: string;
  /** The file that runs the query, and fragments of its text there (whitespace-insensitive). */
  source: { file: string; fragments: string[] };
  sql: string;
  params: unknown[];
}

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const SENDER = 'SENDER00042';

const HOT: HotQuery[] = [
  {
    name: 'intake: latest versions of the submitted documents',
    source: {
      file: 'apps/gateway/src/intake/accept-documents.usecase.ts',
      fragments: ['FROM "gateway"."document_version" WHERE document_type = $1 AND identity = ANY($2)'],
    },
    sql: `SELECT identity, app_type, app_time, content_hash, message_id::text
            FROM "gateway"."document_version" WHERE document_type = $1 AND identity = ANY($2)`,
    params: ['CEB311', ['ID-17', 'ID-99999']],
  },
  {
    name: 'receipts of one message',
    source: {
      file: 'apps/gateway/src/receipts/receipt-queries.ts',
      fragments: ['FROM gateway.receipt r WHERE r.message_id = $1 ORDER BY r.id'],
    },
    sql: 'SELECT * FROM gateway.receipt r WHERE r.message_id = $1 ORDER BY r.id',
    params: [uuid(4242)],
  },
  ...(['all', 'sender', 'types'] as const).map((audience): HotQuery => ({
    name: `receipts feed (${audience})`,
    source: {
      file: 'apps/gateway/src/receipts/receipt-queries.ts',
      fragments: [
        'WHERE (r.tx_id, r.id) > ($1::xid8, $2::bigint) AND r.tx_id < pg_snapshot_xmin(pg_current_snapshot())',
        'ORDER BY r.tx_id, r.id LIMIT $3',
        ...(audience === 'sender'
          ? [
              'senderFilter = `AND (r.sender_code = $4 OR (r.ebp_code = $4 AND r.document_type IN (${LIST_OUTCOME_SQL})))`',
            ]
          : []),
        ...(audience === 'types' ? ["senderFilter = 'AND r.document_type = ANY($4)'"] : []),
      ],
    },
    sql: `SELECT * FROM gateway.receipt r
             WHERE (r.tx_id, r.id) > ($1::xid8, $2::bigint)
               AND r.tx_id < pg_snapshot_xmin(pg_current_snapshot())
               ${audience === 'sender' ? "AND (r.sender_code = $4 OR (r.ebp_code = $4 AND r.document_type IN ('CEB621', 'CEB603')))" : ''}
               ${audience === 'types' ? 'AND r.document_type = ANY($4)' : ''}
             ORDER BY r.tx_id, r.id LIMIT $3`,
    params: [
      '0',
      '150000',
      101,
      ...(audience === 'sender' ? [SENDER] : []),
      ...(audience === 'types' ? [['CEB311', 'CEB621']] : []),
    ],
  })),
  {
    name: 'receipts: the senders and keys of a chunk of receipts',
    source: {
      file: 'apps/gateway/src/receipts/record-receipt.usecase.ts',
      fragments: [
        'SELECT id::text, sender_code, document FROM gateway.message_log WHERE id = ANY($1::uuid[])',
      ],
    },
    sql: 'SELECT id::text, sender_code, document FROM gateway.message_log WHERE id = ANY($1::uuid[])',
    params: [[uuid(5), uuid(50_000)]],
  },
  {
    name: "receipts: the webhook subscriptions of the receipts' senders",
    source: {
      file: 'apps/gateway/src/receipts/record-receipt.usecase.ts',
      fragments: [
        'JOIN gateway.webhook_subscription s ON s.enterprise_code = recorded.sender_code AND s.deleted_at IS NULL',
      ],
    },
    sql: `SELECT s.id FROM unnest($1::text[]) AS recorded(sender_code)
            JOIN gateway.webhook_subscription s ON s.enterprise_code = recorded.sender_code AND s.deleted_at IS NULL`,
    params: [[SENDER, 'SENDER00007']],
  },
  {
    name: "receipts: the webhook subscriptions of the lists' platforms",
    source: {
      file: 'apps/gateway/src/receipts/record-receipt.usecase.ts',
      fragments: [
        'JOIN gateway.webhook_subscription s ON s.enterprise_code = recorded.ebp_code AND s.deleted_at IS NULL',
      ],
    },
    sql: `SELECT s.id FROM unnest($1::text[]) AS recorded(ebp_code)
            JOIN gateway.webhook_subscription s ON s.enterprise_code = recorded.ebp_code AND s.deleted_at IS NULL`,
    params: [[SENDER, 'SENDER00007']],
  },
  {
    name: 'a message read back',
    source: {
      file: 'apps/gateway/src/intake/messages.controller.ts',
      fragments: ['FROM "gateway"."message_log" m WHERE m.id = $1'],
    },
    sql: 'SELECT * FROM "gateway"."message_log" m WHERE m.id = $1',
    params: [uuid(77)],
  },
  {
    name: "a sender's messages by order number",
    source: {
      file: 'apps/gateway/src/intake/messages.controller.ts',
      fragments: ['m.sender_code = ${param(principal.enterpriseCode)}', 'm.order_key = ${param(orderNo)}'],
    },
    sql: `SELECT * FROM "gateway"."message_log" m WHERE m.sender_code = $1 AND m.order_key = $2
            ORDER BY m.received_at, m.id LIMIT $3`,
    params: [SENDER, 'ORDER-42', 101],
  },
  {
    name: 'idempotency key lookup',
    source: {
      file: 'apps/gateway/src/idempotency/idempotent-intake.ts',
      fragments: ['"gateway"."idempotency_key" WHERE client_id = $1 AND key = $2'],
    },
    sql: 'SELECT * FROM "gateway"."idempotency_key" WHERE client_id = $1 AND key = $2',
    params: ['client-7', 'key-7'],
  },
  {
    name: 'customs: the case of an order',
    source: {
      file: 'apps/customs/src/matching/case-store.ts',
      fragments: ['SELECT * FROM "customs"."import_case" WHERE order_no = $1 FOR UPDATE'],
    },
    sql: 'SELECT * FROM "customs"."import_case" WHERE order_no = $1 FOR UPDATE',
    params: ['ORDER-42'],
  },
  {
    name: 'customs: the case a tax answer belongs to',
    source: {
      file: 'apps/customs/src/matching/case-store.ts',
      fragments: ['SELECT * FROM "customs"."import_case" WHERE assessment_request_id = $1 FOR UPDATE'],
    },
    sql: 'SELECT * FROM "customs"."import_case" WHERE assessment_request_id = $1 FOR UPDATE',
    params: [uuid(42)],
  },
  {
    name: 'customs sweep: incomplete cases past the window',
    source: {
      file: 'apps/customs/src/matching/case-store.ts',
      fragments: [
        "WHERE status = 'open' AND created_at < now() - make_interval(secs => $1) ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED",
      ],
    },
    sql: `SELECT * FROM "customs"."import_case"
           WHERE status = 'open' AND created_at < now() - make_interval(secs => $1)
           ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    params: [600, 200],
  },
  {
    name: 'customs sweep: released lists past the return window',
    source: {
      file: 'apps/customs/src/matching/case-store.ts',
      fragments: [
        "WHERE list_status = '800' AND released_at < now() - make_interval(days => $1) ORDER BY released_at LIMIT $2 FOR UPDATE SKIP LOCKED",
      ],
    },
    sql: `SELECT * FROM "customs"."import_case"
           WHERE list_status = '800' AND released_at < now() - make_interval(days => $1)
           ORDER BY released_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    params: [30, 200],
  },
  {
    name: 'tax: the assessment of a list',
    source: {
      file: 'apps/tax/src/assessment/assessment.service.ts',
      fragments: [
        `SELECT * FROM "tax"."assessment" WHERE list_message_id = $1 AND state IN ('reserved', 'committed', 'held') ORDER BY created_at DESC LIMIT 1 FOR UPDATE`,
      ],
    },
    sql: `SELECT * FROM "tax"."assessment" WHERE list_message_id = $1
            AND state IN ('reserved', 'committed', 'held') ORDER BY created_at DESC LIMIT 1 FOR UPDATE`,
    params: [uuid(42)],
  },
  {
    name: "tax: the buyer's quota",
    source: {
      file: 'apps/tax/src/assessment/assessment.service.ts',
      fragments: [
        'SELECT used::text, reserved::text FROM "tax"."buyer_quota" WHERE buyer_key = $1 AND year = $2 FOR UPDATE',
      ],
    },
    sql: 'SELECT used::text, reserved::text FROM "tax"."buyer_quota" WHERE buyer_key = $1 AND year = $2 FOR UPDATE',
    params: ['k'.repeat(64), 2026],
  },
  ...['gateway', 'customs', 'tax'].flatMap((schema): HotQuery[] => [
    {
      name: `${schema}: inbox insert (a redelivery is a no-op)`,
      source: {
        file: 'libs/messaging/src/message-consumer.service.ts',
        fragments: [
          '."inbox" (message_id, topic, partition, "offset")',
          'ON CONFLICT (message_id) DO NOTHING RETURNING message_id',
        ],
      },
      sql: `INSERT INTO "${schema}"."inbox" (message_id, topic, partition, "offset")
              VALUES ($1, $2, $3, $4) ON CONFLICT (message_id) DO NOTHING RETURNING message_id`,
      params: [uuid(12), 't', 0, '1'],
    },
  ]),
];

/** Every plan node, depth first. */
function nodes(plan: Record<string, unknown>): Record<string, unknown>[] {
  const children = (plan.Plans as Record<string, unknown>[] | undefined) ?? [];
  return [plan, ...children.flatMap(nodes)];
}

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('hot-path query plans at realistic table sizes', () => {
  const url = `${process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/single_window_test'}_plans`;
  const client = new Client({ connectionString: url });

  beforeAll(async () => {
    await recreateDatabase(url);
    for (const app of ['gateway', 'customs', 'tax']) {
      const run = spawnSync(process.execPath, [distPath('apps', app, 'src', 'migrate.js')], {
        env: { ...process.env, ...TEST_SECRETS, DATABASE_URL: url, LOG_LEVEL: 'warn' },
        encoding: 'utf8',
      });
      if (run.status !== 0) throw new Error(`${app} migrations failed: ${run.stderr}`);
    }
    await client.connect();
    await fill(client);
  }, 300_000);

  afterAll(() => client.end());

  it('keeps the catalogue of hot queries in step with the code', () => {
    const stale = HOT.flatMap((q) => {
      const code = normalise(readFileSync(join(REPO_ROOT, q.source.file), 'utf8'));
      return q.source.fragments
        .filter((f) => !code.includes(normalise(f)))
        .map((f) => `${q.name}: "${f}" is no longer in ${q.source.file}`);
    });
    expect(stale).toEqual([]);
  });

  it.each(HOT.map((q) => [q.name, q] as const))('plans %s without a sequential scan', async (_name, q) => {
    const { rows } = await client.query(`EXPLAIN (FORMAT JSON) ${q.sql}`, q.params);
    const plan = (rows[0]['QUERY PLAN'] as { Plan: Record<string, unknown> }[])[0].Plan;
    const scans = nodes(plan)
      .filter((n) => n['Node Type'] === 'Seq Scan')
      .map((n) => String(n['Relation Name']));
    expect(scans).toEqual([]);
    // An index really serves it (not e.g. a function scan standing in for an empty table).
    const indexed = nodes(plan).some(
      (n) => /Index|Conflict/.test(String(n['Node Type'])) || n['Conflict Arbiter Indexes'],
    );
    expect(indexed).toBe(true);
  });
});

/** Realistic volumes in the hot tables: a few days of a busy pilot zone. */
async function fill(c: Client): Promise<void> {
  await c.query(`INSERT INTO gateway.submission (id, message_type, sender_code, client_id, content_type, raw_body,
      document_count, correlation_id) VALUES ('${uuid(0)}', 'CEB311', '${SENDER}', 'c', 'application/json', '{}', 1, 'c')`);
  await c.query(
    `INSERT INTO gateway.message_log (id, submission_id, position, document_type, sender_code, identity, order_key,
       content_hash, document, correlation_id, received_at)
     SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, $1, 0,
            (ARRAY['CEB311','CEB411','CEB511','CEB621'])[1 + n % 4], 'SENDER' || lpad((n % 500)::text, 5, '0'),
            'ID-' || n, 'ORDER-' || (n / 4), repeat('a', 64), '{}'::jsonb, 'c', now() - make_interval(secs => $2 - n)
       FROM generate_series(1, $2) n`,
    [uuid(0), ROWS],
  );
  await c.query(
    `INSERT INTO gateway.document_version (document_type, identity, content_hash, message_id)
     SELECT document_type, identity, content_hash, id FROM gateway.message_log`,
  );
  await c.query(
    `INSERT INTO gateway.receipt (event_id, message_id, document_type, return_status, return_time, return_info,
       issued_by, sender_code)
     SELECT gen_random_uuid(), id, document_type, '120', '20261130120000000', 'ok', 'customs', sender_code
       FROM gateway.message_log`,
  );
  await c.query(
    `INSERT INTO gateway.webhook_subscription (id, enterprise_code, url, secret_sealed)
     SELECT gen_random_uuid(), 'SENDER' || lpad((n % 500)::text, 5, '0'), 'https://example.com/hook/' || n, 'x'
       FROM generate_series(1, 2000) n`,
  );
  await c.query(
    `INSERT INTO gateway.idempotency_key (client_id, key, request_hash, state, expires_at)
     SELECT 'client-' || (n % 300), 'key-' || n, repeat('b', 64), 'done', now() + interval '1 day'
       FROM generate_series(1, $1) n`,
    [ROWS / 4],
  );
  await c.query(
    `INSERT INTO customs.import_case (order_no, status, list_status, assessment_request_id, released_at, created_at)
     SELECT 'ORDER-' || n, CASE WHEN n % 50 = 0 THEN 'open' ELSE 'passed' END,
            CASE WHEN n % 50 = 0 THEN NULL WHEN n % 3 = 0 THEN '899' ELSE '800' END,
            ('00000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid,
            CASE WHEN n % 50 = 0 THEN NULL ELSE now() - make_interval(secs => $1 - n) END,
            now() - make_interval(secs => $1 - n)
       FROM generate_series(1, $1) n`,
    [ROWS],
  );
  await c.query(
    `INSERT INTO tax.assessment (request_id, list_message_id, list_identity, order_no, ebp_code, ebc_code,
       agent_code, assure_code, buyer_key, quota_year, declared_at, state, outcome, message, request, correlation_id)
     SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid,
            ('00000000-0000-4000-9000-' || lpad(to_hex(n), 12, '0'))::uuid, 'L' || n, 'ORDER-' || n, 'E', 'E', 'A',
            'A' || (n % 100), lpad(to_hex(n % 50000), 64, '0'), 2026, now(), 'committed', 'assessed', '', '{}', 'c'
       FROM generate_series(1, $1) n`,
    [ROWS],
  );
  await c.query(
    `INSERT INTO tax.buyer_quota (buyer_key, year, masked_id)
     SELECT lpad(to_hex(n), 64, '0'), 2026, 'masked' FROM generate_series(0, 49999) n`,
  );
  for (const schema of ['gateway', 'customs', 'tax']) {
    await c.query(
      `INSERT INTO "${schema}".inbox (message_id, topic, partition, "offset")
       SELECT gen_random_uuid(), 't', n % 3, n FROM generate_series(1, $1) n`,
      [ROWS],
    );
  }
  await c.query('ANALYZE');
}
