import { IMPORT_ORDER_EXAMPLE, maskPersonValue, PERSON_TOKENS } from '@swx/contracts';
import { runMigrations } from '@swx/persistence';
import { queryRows, recreateDatabase, withDatabase } from '@swx/testing';
import { randomUUID } from 'node:crypto';

import { customsDefinition } from '../apps/customs/src/customs.definition';
import { CustomsEnv } from '../apps/customs/src/customs.env';
import { ScrubClearPersonData1763712003200 } from '../apps/customs/src/migrations/1763712003200-scrub-clear-person-data';

/**
 * Upgrading a platform whose customs stored documents from the v1 topics (clear person values): the scrub
 * migration masks them in place on the real database, leaves tokens alone, and customs then holds no clear
 * ID number, phone, name or address (issue 12, docs/personal-data.md "Upgrading").
 */
describe('customs: clear person data stored before tokenisation is masked on upgrade', () => {
  const base = new URL(
    process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/single_window_test',
  );
  base.pathname = `${base.pathname}_scrub`;
  const url = base.toString();

  const optionsWith = (withScrub: boolean) => {
    const env = Object.assign(new CustomsEnv(), { DATABASE_URL: url });
    const options = customsDefinition(env as CustomsEnv).dataSource;
    const migrations = (options.migrations as (new () => object)[]).filter(
      (m) => withScrub || m !== ScrubClearPersonData1763712003200,
    );
    return { ...options, migrations };
  };

  beforeAll(async () => {
    await recreateDatabase(url);
    await runMigrations(optionsWith(false));
  });

  it('masks the clear values of stored documents and case slots, keeps tokens, and is a no-op after', async () => {
    const clear = structuredClone(IMPORT_ORDER_EXAMPLE);
    const token = `pt1.${'A'.repeat(43)}`;
    const tokenised = structuredClone(IMPORT_ORDER_EXAMPLE);
    tokenised.OrderHead.buyerIdNumber = token;
    const [clearId, tokenId] = [randomUUID(), randomUUID()];
    await withDatabase(url, async (c) => {
      for (const [id, doc] of [
        [clearId, clear],
        [tokenId, tokenised],
      ] as const) {
        await c.query(
          `INSERT INTO customs.declared_document (message_id, document_type, ebp_code, order_no, app_type, app_time,
             document, received_at) VALUES ($1, 'CEB311', $2, $3, '1', '20261130120000', $4, now())`,
          [id, doc.OrderHead.ebpCode, `${doc.OrderHead.orderNo}-${id.slice(0, 8)}`, JSON.stringify(doc)],
        );
      }
      await c.query(`INSERT INTO customs.import_case (order_no, slots, status) VALUES ($1, $2, 'released')`, [
        clear.OrderHead.orderNo,
        JSON.stringify({
          CEB311: { messageId: clearId, appType: '1', appTime: '20261130120000', document: clear },
        }),
      ]);
    });

    expect(await runMigrations(optionsWith(true))).toEqual(['ScrubClearPersonData1763712003200']);

    const docs = await queryRows<{ message_id: string; document: typeof clear }>(
      url,
      `SELECT message_id, document FROM customs.declared_document`,
    );
    const scrubbed = docs.find((d) => d.message_id === clearId)!.document.OrderHead;
    const head = clear.OrderHead;
    expect(scrubbed.buyerIdNumber).toBe(maskPersonValue('idNumber', head.buyerIdNumber));
    expect(scrubbed.buyerIdNumber).not.toBe(head.buyerIdNumber);
    expect(scrubbed.buyerTelephone).toBe(maskPersonValue('phone', head.buyerTelephone));
    expect(scrubbed.buyerName).toBe(maskPersonValue('name', head.buyerName));
    expect(scrubbed.consigneeAddress).toBe(maskPersonValue('address', head.consigneeAddress));
    // Not a person field: untouched.
    expect(scrubbed.orderNo).toBe(head.orderNo);
    // A token stays a token.
    const kept = docs.find((d) => d.message_id === tokenId)!.document.OrderHead;
    expect(kept.buyerIdNumber).toMatch(PERSON_TOKENS);

    const [row] = await queryRows<{ slots: { CEB311: { document: typeof clear } } }>(
      url,
      `SELECT slots FROM customs.import_case WHERE order_no = $1`,
      [head.orderNo],
    );
    expect(row.slots.CEB311.document.OrderHead.buyerIdNumber).toBe(
      maskPersonValue('idNumber', head.buyerIdNumber),
    );

    // Nothing in customs' tables holds the clear values any more.
    const text = JSON.stringify(
      await queryRows(
        url,
        `SELECT document::text AS d FROM customs.declared_document UNION ALL
                            SELECT slots::text FROM customs.import_case`,
      ),
    );
    for (const value of [
      head.buyerIdNumber,
      head.buyerTelephone,
      head.consigneeTelephone,
      head.consigneeAddress,
    ]) {
      expect(text).not.toContain(value);
    }
  });
});
