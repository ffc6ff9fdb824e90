import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { RuleViolation } from '@swx/contracts';
import { ProblemException } from '@swx/platform';

/** Document types that withdraw or reverse earlier declarations: a blacklisted enterprise may still send them. */
const WINDING_DOWN = new Set(['CEB623', 'CEB625', 'CEB605', 'CEB213', 'CEB215']);

/**
 * The head fields of the CEB documents (import and export) that name an enterprise taking part in the
 * declaration: e-commerce enterprise and platform, declaring agent and declaring unit, logistics and payment
 * enterprises, guarantor, owner (生产销售单位), the zone warehouse (区内企业) and the operator of a delivery or
 * arrival. A blacklisted enterprise named in any of them takes part in nothing new.
 */
export const PARTY_CODE_FIELDS = [
  'ebcCode',
  'ebpCode',
  'agentCode',
  'declAgentCode',
  'logisticsCode',
  'payCode',
  'assureCode',
  'ownerCode',
  'areaCode',
  'iacCode',
  'operatorCode',
] as const;

interface Listing {
  /** The code as the declaration names it (a customs or a credit code). */
  named: string;
  enterprise_code: string;
  reason: string;
  start_at: Date;
  end_at: Date | null;
  appeal: string;
}

/**
 * Where each code is named first, in the order the refusal reports it: the sender, an authorising party, then the
 * head fields of each new document (`[i].OrderHead.ebcCode` in a batch).
 */
export function namedCodes(
  headElement: string,
  heads: (Record<string, unknown> | undefined)[],
  codes: { sender: string; parties: string[] },
  batch: boolean,
): Map<string, string> {
  const where = new Map<string, string>();
  const name = (code: unknown, path: string) => {
    if (typeof code === 'string' && code !== '' && code !== 'NO' && !where.has(code)) where.set(code, path);
  };
  name(codes.sender, '(sender)');
  for (const party of codes.parties) name(party, '(party)');
  heads.forEach((head, i) => {
    if (!head || !isNew(head)) return;
    for (const field of PARTY_CODE_FIELDS)
      name(head[field], `${batch ? `[${i}].` : ''}${headElement}.${field}`);
  });
  return where;
}

const isNew = (head: Record<string, unknown> | undefined): boolean =>
  head?.appType === undefined || head.appType === '1';

/**
 * The credit service's blacklist as an access decision (事前准入禁止): a new declaration (appType 1) is refused
 * with 403 and the reason when a blacklisted enterprise sends it, authorised it, or is named in it as one of its
 * parties (an import order names its e-commerce enterprise but is sent by the platform; a list is sent by the
 * declaring agent), as a suspension refuses its tokens. Changes, deletions, cancellations and returns of what was
 * declared before still pass. A code is matched as named and through the registry (customs code ⇄ credit code).
 */
@Injectable()
export class CreditAccess {
  constructor(private readonly dataSource: DataSource) {}

  async assertMayDeclare(
    type: { messageType: string; headElement: string },
    heads: (Record<string, unknown> | undefined)[],
    codes: { sender: string; parties: string[] },
    batch = false,
  ): Promise<void> {
    if (WINDING_DOWN.has(type.messageType)) return;
    if (!heads.some(isNew)) return;
    const where = namedCodes(type.headElement, heads, codes, batch);
    const listed: Listing[] = await this.dataSource.query(
      `WITH named AS (SELECT DISTINCT unnest($1::text[]) AS code),
            alias AS (
              SELECT code AS named, code AS listed FROM named
              UNION SELECT n.code, e.customs_code FROM named n JOIN gateway.enterprise e ON e.credit_code = n.code
              UNION SELECT n.code, e.credit_code FROM named n JOIN gateway.enterprise e ON e.customs_code = n.code
                     WHERE e.credit_code IS NOT NULL)
       SELECT DISTINCT ON (l.enterprise_code) a.named, l.enterprise_code, l.reason, l.start_at, l.end_at, l.appeal
         FROM alias a JOIN gateway.credit_listing l ON l.enterprise_code = a.listed
        WHERE l.list = 'blacklist' AND l.status = 'active'
          AND l.start_at <= now() AND (l.end_at IS NULL OR l.end_at > now())
        ORDER BY l.enterprise_code, array_position($1::text[], a.named), l.start_at`,
      [[...where.keys()]],
    );
    if (listed.length === 0) return;
    const order = [...where.keys()];
    const violations: RuleViolation[] = listed
      .sort((a, b) => order.indexOf(a.named) - order.indexOf(b.named))
      .map((l) => ({
        path: where.get(l.named) ?? '(party)',
        rule: 'credit.blacklisted',
        message:
          `${l.enterprise_code} is on the credit blacklist since ${new Date(l.start_at).toISOString()}` +
          `${l.end_at ? ` until ${new Date(l.end_at).toISOString()}` : ''}: ${l.reason}. ${l.appeal}`,
      }));
    throw new ProblemException(
      HttpStatus.FORBIDDEN,
      'A blacklisted enterprise declares nothing new and is named in no new declaration (credit blacklist, 事前准入禁止)',
      violations,
    );
  }
}
