import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { type PersonDataKind, samePerson } from '@swx/contracts';

import type { Principal } from '../auth/principal';
import { ClearReads } from '../personal-data/clear-reads';
import { PersonTokeniser } from '../personal-data/person-tokeniser';

/** Where a person subject of a risk warning is, in clear, in the CEB311 order the notice refers to. */
const ORDER_FIELDS: Record<string, { path: string; kind: PersonDataKind }[]> = {
  buyer: [{ path: 'buyerIdNumber', kind: 'idNumber' }],
  address: [{ path: 'consigneeAddress', kind: 'address' }],
  addressPhone: [
    { path: 'consigneeAddress', kind: 'address' },
    { path: 'consigneeTelephone', kind: 'phone' },
  ],
};

/**
 * Risk holds persons as tokens only. For a caller with personal-data:read the gateway, the one place with clear
 * values, shows the subject of a warning in clear from the order it names, when that order's values give the
 * subject's tokens again, and audits the read like any clear read (ClearReads).
 */
@Injectable()
export class RiskSubjects {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokeniser: PersonTokeniser,
    private readonly reads: ClearReads,
  ) {}

  async clearSubject(
    principal: Principal,
    warning: {
      subjectKind?: string;
      subject?: string;
      notice?: { messageId: string; documentType: string } | null;
    },
  ): Promise<string | undefined> {
    const fields = ORDER_FIELDS[warning.subjectKind ?? ''];
    const notice = warning.notice;
    if (!fields || !notice || notice.documentType !== 'CEB311' || !warning.subject) return undefined;
    const rows: { document: { OrderHead?: Record<string, unknown> } }[] = await this.dataSource.query(
      `SELECT document FROM "gateway"."message_log" WHERE id = $1`,
      [notice.messageId],
    );
    const head = rows[0]?.document.OrderHead;
    if (!head) return undefined;
    const tokens = warning.subject.split('|');
    const values: string[] = [];
    for (const [i, field] of fields.entries()) {
      const value = head[field.path];
      if (typeof value !== 'string' || !samePerson(this.tokeniser.tokenList(field.kind, value), tokens[i]))
        return undefined;
      values.push(value);
    }
    await this.reads.record(principal, [
      {
        messageId: notice.messageId,
        documentType: 'CEB311',
        fields: fields.map((f) => `OrderHead.${f.path}`),
        entitlement: 'personal-data-scope',
      },
    ]);
    return values.join(' ');
  }
}
