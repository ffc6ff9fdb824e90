import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { EnterpriseChanged, EnterpriseRole, MessageEnvelope } from '@swx/contracts';

/**
 * Customs' projection of the gateway's enterprise registry (备案), fed by `gateway.external.enterprise.changed.v2`.
 * Matching checks every enterprise code of a case against it.
 */
@Injectable()
export class EnterpriseDirectory {
  /** Applies a registry change; an older version than the one held is ignored (events may be replayed). */
  async apply(envelope: MessageEnvelope<EnterpriseChanged>, manager: EntityManager): Promise<void> {
    const e = envelope.payload;
    await manager.query(
      `INSERT INTO "customs"."enterprise" (customs_code, roles, status, version, updated_at)
       VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (customs_code) DO UPDATE SET roles = EXCLUDED.roles, status = EXCLUDED.status,
         version = EXCLUDED.version, updated_at = now()
       WHERE "enterprise".version < EXCLUDED.version`,
      [e.customsCode, e.roles, e.status, e.version],
    );
  }

  /** Which of `codes` are active registered enterprises holding `role`. */
  async registered(manager: EntityManager, codes: string[], role: EnterpriseRole): Promise<Set<string>> {
    if (codes.length === 0) return new Set();
    const rows: { customs_code: string }[] = await manager.query(
      `SELECT customs_code FROM "customs"."enterprise"
        WHERE customs_code = ANY($1) AND status = 'active' AND $2 = ANY(roles)`,
      [codes, role],
    );
    return new Set(rows.map((r) => r.customs_code));
  }

  /** Roles of each of `codes` that is an active registered enterprise (one query for a whole case). */
  async rolesOf(manager: EntityManager, codes: string[]): Promise<Map<string, Set<EnterpriseRole>>> {
    if (codes.length === 0) return new Map();
    const rows: { customs_code: string; roles: EnterpriseRole[] }[] = await manager.query(
      `SELECT customs_code, roles FROM "customs"."enterprise" WHERE customs_code = ANY($1) AND status = 'active'`,
      [codes],
    );
    return new Map(rows.map((r) => [r.customs_code, new Set(r.roles)]));
  }
}
