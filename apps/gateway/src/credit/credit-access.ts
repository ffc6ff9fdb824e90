import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { RuleViolation } from '@swx/contracts';
import { ProblemException } from '@swx/platform';

/** Document types that withdraw or reverse earlier declarations: a blacklisted enterprise may still send them. */
const WINDING_DOWN = new Set(['CEB623', 'CEB625', 'CEB605', 'CEB213', 'CEB215']);

/**
 * The credit service's blacklist as an access decision (事前准入禁止): a blacklisted enterprise's new declarations
 * (appType 1), sent by it or for it, are refused with 403 and the reason, as a suspension refuses its tokens.
 * Changes, deletions, cancellations and returns of what it declared before still pass.
 */
@Injectable()
export class CreditAccess {
  constructor(private readonly dataSource: DataSource) {}

  async assertMayDeclare(
    messageType: string,
    heads: (Record<string, unknown> | undefined)[],
    codes: { sender: string; parties: string[] },
  ): Promise<void> {
    if (WINDING_DOWN.has(messageType)) return;
    const fresh = heads.some((h) => h?.appType === undefined || h.appType === '1');
    if (!fresh) return;
    const listed: {
      enterprise_code: string;
      reason: string;
      start_at: Date;
      end_at: Date | null;
      appeal: string;
    }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (enterprise_code) enterprise_code, reason, start_at, end_at, appeal
           FROM gateway.credit_listing
          WHERE enterprise_code = ANY($1) AND list = 'blacklist' AND status = 'active'
            AND start_at <= now() AND (end_at IS NULL OR end_at > now())
          ORDER BY enterprise_code, start_at`,
      [[...new Set([codes.sender, ...codes.parties])]],
    );
    if (listed.length === 0) return;
    const violations: RuleViolation[] = listed.map((l) => ({
      path: l.enterprise_code === codes.sender ? '(sender)' : '(party)',
      rule: 'credit.blacklisted',
      message:
        `${l.enterprise_code} is on the credit blacklist since ${new Date(l.start_at).toISOString()}` +
        `${l.end_at ? ` until ${new Date(l.end_at).toISOString()}` : ''}: ${l.reason}. ${l.appeal}`,
    }));
    throw new ProblemException(
      HttpStatus.FORBIDDEN,
      'A blacklisted enterprise declares nothing new (credit blacklist, 事前准入禁止)',
      violations,
    );
  }
}
