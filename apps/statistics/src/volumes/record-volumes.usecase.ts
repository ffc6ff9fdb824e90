import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import {
  type ClearanceStatusChanged,
  type DocumentAccepted,
  type EnterpriseChanged,
  type ExportInventory,
  type ExportSummaryResult,
  type ForexExchangeRatesPublished,
  type ImportInventory,
  type MessageEnvelope,
} from '@swx/contracts';

import { chinaDay } from './china-time';
import {
  type Contribution,
  contributionsOf,
  deltaOf,
  exportListFacts,
  importListFacts,
  type ListFacts,
  stagesOf,
} from './facts';

const S = '"statistics"';

export const listKeyOf = (flow: 'import' | 'export', identity: string): string => `${flow}:${identity}`;

interface ListRow {
  flow: 'import' | 'export';
  facts: ListFacts | null;
  released_at: Date | null;
  departed: boolean;
  reversed: boolean;
  counted: Contribution[];
  summarised: boolean;
}

/**
 * Keeps the volume aggregates from events only. Each handler records what its event says about a list (the
 * declaration, its release, departure, cancellation or return, its export summary) and then settles the list:
 * under the list's row lock, what the list should add now is compared with what it added so far (`counted`) and
 * only the difference is applied. So any order, a redelivery (the inbox drops it anyway) or two instances give the
 * same aggregates, and a reversal takes back exactly what was counted.
 */
@Injectable()
export class RecordVolumes {
  async importList(
    envelope: MessageEnvelope<DocumentAccepted<ImportInventory>>,
    m: EntityManager,
  ): Promise<void> {
    const { document, messageId } = envelope.payload;
    await this.declared(importListFacts(document), document.InventoryHead.appType, messageId, m);
  }

  async exportList(
    envelope: MessageEnvelope<DocumentAccepted<ExportInventory>>,
    m: EntityManager,
  ): Promise<void> {
    const { document, messageId } = envelope.payload;
    await this.declared(exportListFacts(document), document.InventoryHead.appType, messageId, m);
  }

  private async declared(
    facts: ListFacts,
    appType: string,
    messageId: string,
    m: EntityManager,
  ): Promise<void> {
    const key = listKeyOf(facts.flow, facts.identity);
    // A newer declaration (by appTime) replaces an older one; a deletion (appType 3) withdraws the facts.
    await m.query(
      `INSERT INTO ${S}."list_fact" (list_key, flow, facts, app_time, trade_mode, ebp_code, ebc_code, agent_code, logistics_code)
       VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (list_key) DO UPDATE SET facts = EXCLUDED.facts, app_time = EXCLUDED.app_time,
         trade_mode = EXCLUDED.trade_mode, ebp_code = EXCLUDED.ebp_code, ebc_code = EXCLUDED.ebc_code,
         agent_code = EXCLUDED.agent_code, logistics_code = EXCLUDED.logistics_code
       WHERE ${S}."list_fact".app_time IS NULL OR ${S}."list_fact".app_time <= EXCLUDED.app_time`,
      [
        key,
        facts.flow,
        appType === '3' ? null : JSON.stringify(facts),
        facts.appTime,
        facts.tradeMode,
        facts.ebpCode,
        facts.ebcCode,
        facts.agentCode,
        facts.logisticsCode,
      ],
    );
    await this.remember([messageId], key, m);
    await this.settle(key, m);
  }

  async clearance(envelope: MessageEnvelope<ClearanceStatusChanged>, m: EntityManager): Promise<void> {
    const p = envelope.payload;
    const change =
      p.event === 'released'
        ? 'released'
        : p.event === 'closed' && p.flow === 'export'
          ? 'departed'
          : p.event === 'cancelled' || p.event === 'returned'
            ? 'reversed'
            : undefined;
    if (!change) return;
    // Customs names an export list by agentCode:copNo at release and return but by its invtNo at departure: the
    // list's message id, remembered from its declaration or release (same partition, so release comes first),
    // finds it whatever name the event gives.
    const [known] = (await m.query(`SELECT list_key FROM ${S}."list_message" WHERE message_id = $1`, [
      p.listMessageId,
    ])) as { list_key: string }[];
    const key = known?.list_key ?? listKeyOf(p.flow, p.listIdentity);
    // Release keeps its earliest time (a replayed or late event never moves the day); the other states only set.
    await m.query(
      `INSERT INTO ${S}."list_fact" (list_key, flow, released_at, departed, reversed)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (list_key) DO UPDATE SET
         released_at = CASE WHEN EXCLUDED.released_at IS NULL THEN ${S}."list_fact".released_at
                            ELSE LEAST(COALESCE(${S}."list_fact".released_at, EXCLUDED.released_at), EXCLUDED.released_at) END,
         departed = ${S}."list_fact".departed OR EXCLUDED.departed,
         reversed = ${S}."list_fact".reversed OR EXCLUDED.reversed`,
      [
        key,
        p.flow,
        change === 'released' ? p.occurredAt : null,
        change === 'departed',
        change === 'reversed',
      ],
    );
    await this.remember([p.listMessageId], key, m);
    await this.settle(key, m);
  }

  async summary(envelope: MessageEnvelope<ExportSummaryResult>, m: EntityManager): Promise<void> {
    const p = envelope.payload;
    const ids = [...new Set(p.lists.map((l) => l.listMessageId))].sort();
    await m.query(
      `INSERT INTO ${S}."list_summary" (message_id, sum_no, decided_at)
       SELECT id, $2, $3 FROM unnest($1::uuid[]) AS id ON CONFLICT (message_id) DO NOTHING`,
      [ids, p.sumNo, p.decidedAt],
    );
    const rows: { list_key: string }[] = await m.query(
      `SELECT DISTINCT list_key FROM ${S}."list_message" WHERE message_id = ANY($1::uuid[]) ORDER BY list_key`,
      [ids],
    );
    for (const { list_key } of rows) await this.settle(list_key, m);
  }

  async rates(envelope: MessageEnvelope<ForexExchangeRatesPublished>, m: EntityManager): Promise<void> {
    const p = envelope.payload;
    const rates = [...p.rates].sort((a, b) => a.currency.localeCompare(b.currency));
    await m.query(
      `INSERT INTO ${S}."exchange_rate" (date, currency, version, usd_per_unit)
       SELECT $1::date, c, $2, r FROM unnest($3::text[], $4::numeric[]) AS x(c, r)
       ON CONFLICT (currency, date) DO UPDATE SET version = EXCLUDED.version, usd_per_unit = EXCLUDED.usd_per_unit
       WHERE ${S}."exchange_rate".version < EXCLUDED.version`,
      [p.date, p.version, rates.map((r) => r.currency), rates.map((r) => r.usdPerUnit)],
    );
  }

  async enterprise(envelope: MessageEnvelope<EnterpriseChanged>, m: EntityManager): Promise<void> {
    const p = envelope.payload;
    // An individual seller's name is a person's: statistics shows the customs code instead.
    const name = p.kind === 'enterprise' ? p.name : p.customsCode;
    await m.query(
      `INSERT INTO ${S}."enterprise" (customs_code, name, district, version) VALUES ($1, $2, $3, $4)
       ON CONFLICT (customs_code) DO UPDATE SET name = EXCLUDED.name, district = EXCLUDED.district, version = EXCLUDED.version
       WHERE ${S}."enterprise".version < EXCLUDED.version`,
      [p.customsCode, name, p.district ?? null, p.version],
    );
  }

  private async remember(messageIds: string[], key: string, m: EntityManager): Promise<void> {
    await m.query(
      `INSERT INTO ${S}."list_message" (message_id, list_key) SELECT id, $2 FROM unnest($1::uuid[]) AS id
       ON CONFLICT (message_id) DO NOTHING`,
      [messageIds, key],
    );
  }

  /** Brings what the list adds to the aggregates in line with what is known of it now. */
  async settle(key: string, m: EntityManager): Promise<void> {
    const [row] = (await m.query(
      `SELECT f.flow, f.facts, f.released_at, f.departed, f.reversed, f.counted,
              EXISTS (SELECT 1 FROM ${S}."list_message" lm JOIN ${S}."list_summary" s ON s.message_id = lm.message_id
                      WHERE lm.list_key = f.list_key) AS summarised
         FROM ${S}."list_fact" f WHERE f.list_key = $1 FOR UPDATE OF f`,
      [key],
    )) as ListRow[];
    if (!row) return;
    const releasedAt = row.released_at ? row.released_at.toISOString() : null;
    const stages = stagesOf({
      facts: row.facts,
      releasedAt,
      departed: row.departed,
      summarised: row.summarised,
      reversed: row.reversed,
    });
    const wanted = row.facts && releasedAt ? contributionsOf(row.facts, chinaDay(releasedAt), stages) : [];
    const delta = deltaOf(row.counted, wanted);
    if (delta.length === 0) return;
    await applyDelta(delta, m);
    await m.query(
      `UPDATE ${S}."list_fact" SET counted = $2::jsonb, release_day = $3::date WHERE list_key = $1`,
      [key, JSON.stringify(wanted), releasedAt ? chinaDay(releasedAt) : null],
    );
  }
}

/** Adds a delta to the aggregate rows, in one statement, in the delta's (sorted) order. */
export async function applyDelta(delta: Contribution[], m: EntityManager): Promise<void> {
  await m.query(
    `INSERT INTO ${S}."volume" (stage, direction, day, trade_mode, business_type, dimension, key, currency, count, value)
     SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::text[], $6::text[], $7::text[],
                          $8::text[], $9::bigint[], $10::numeric[])
     ON CONFLICT (dimension, stage, day, direction, trade_mode, business_type, key, currency)
     DO UPDATE SET count = ${S}."volume".count + EXCLUDED.count, value = ${S}."volume".value + EXCLUDED.value`,
    [
      delta.map((c) => c.stage),
      delta.map((c) => c.direction),
      delta.map((c) => c.day),
      delta.map((c) => c.tradeMode),
      delta.map((c) => c.businessType),
      delta.map((c) => c.dimension),
      delta.map((c) => c.key),
      delta.map((c) => c.currency),
      delta.map((c) => c.count),
      delta.map((c) => c.value),
    ],
  );
}
