import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { currentCorrelationId } from '@swx/observability';

import type { Principal } from '../auth/principal';

/** Why a caller may see a person field in clear. */
export type ClearReadEntitlement = 'personal-data-scope' | 'own-customer';

export interface ClearRead {
  messageId: string;
  documentType: string;
  fields: string[];
  entitlement: ClearReadEntitlement;
}

/**
 * Records every clear read of personal data (who — the client, and the named person when one signed in —, when, which message and fields, on what entitlement) in
 * `gateway.personal_data_read` (docs/personal-data.md). The gateway's message log is the one place holding
 * clear values; the audit is written before the answer leaves.
 */
@Injectable()
export class ClearReads {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records clear reads of registry records: `codes` are the customs codes whose `fields` (`idNumber`, `name`)
   * the caller was shown in clear.
   */
  async recordRegistrations(
    principal: Principal,
    codes: string[],
    fields: string[],
    entitlement: ClearReadEntitlement,
  ): Promise<void> {
    if (codes.length === 0 || fields.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO "gateway"."personal_data_read"
         (client_id, principal_kind, enterprise_code, agency, subject_code, document_type, fields, entitlement,
          correlation_id, person_id)
       SELECT $1, $2, $3, $4, code, 'REGISTRY', $6, $7, $8, $9 FROM unnest($5::text[]) AS code`,
      [
        principal.clientId,
        principal.kind,
        principal.enterpriseCode ?? principal.bankCode ?? null,
        principal.agency ?? null,
        codes,
        fields,
        entitlement,
        currentCorrelationId() ?? null,
        principal.person?.id ?? null,
      ],
    );
  }

  async record(principal: Principal, reads: ClearRead[]): Promise<void> {
    const shown = reads.filter((r) => r.fields.length > 0);
    if (shown.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO "gateway"."personal_data_read"
         (client_id, principal_kind, enterprise_code, agency, message_id, document_type, fields, entitlement,
          correlation_id, person_id)
       SELECT $1, $2, $3, $4, r.message_id, r.document_type, r.fields, r.entitlement, $5, $7
         FROM jsonb_to_recordset($6::jsonb) AS r(message_id uuid, document_type text, fields text[], entitlement text)`,
      [
        principal.clientId,
        principal.kind,
        principal.enterpriseCode ?? null,
        principal.agency ?? null,
        currentCorrelationId() ?? null,
        JSON.stringify(
          shown.map((r) => ({
            message_id: r.messageId,
            document_type: r.documentType,
            fields: r.fields,
            entitlement: r.entitlement,
          })),
        ),
        principal.person?.id ?? null,
      ],
    );
  }
}
