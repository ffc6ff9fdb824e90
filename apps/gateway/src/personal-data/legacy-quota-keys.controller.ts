import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';

import { Authenticated } from '../auth/auth.guard';
import { CurrentPrincipal, Principal, Scopes } from '../auth/principal';
import { TaxClient } from '../tax-queries/tax-client';
import { legacyQuotaKey } from './legacy-quota-key';
import { PersonTokeniser } from './person-tokeniser';

const BATCH = 500;

/**
 * The one-off move of the tax quota from its legacy key (a bare SHA-256 of the buyer's ID number) to the
 * buyer's person token (docs/personal-data.md). Tax never sees ID numbers, so it cannot compute tokens; the
 * gateway, whose message log holds the clear documents, sends tax the pairs for every buyer ID number it has
 * accepted, and tax moves the rows (adding up a year both keys hold). Idempotent: run it again at will.
 */
@ApiTags('tax')
@Controller({ path: 'tax/buyer-quotas', version: '1' })
export class LegacyQuotaKeysController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokeniser: PersonTokeniser,
    private readonly tax: TaxClient,
  ) {}

  @Post('legacy-key-migration')
  @HttpCode(200)
  @Authenticated(Scopes.RegistryWrite)
  @ApiOperation({
    summary: 'Move the buyer quotas from their legacy SHA-256 keys to person tokens (operators, once)',
  })
  @ApiOkResponse({ description: '{ buyers, rowsMoved }' })
  async migrate(@CurrentPrincipal() principal: Principal): Promise<{ buyers: number; rowsMoved: number }> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT id FROM (
         SELECT m.document #>> '{InventoryHead,buyerIdNumber}' AS id FROM "gateway"."message_log" m
          WHERE m.document_type = 'CEB621'
         UNION SELECT m.document #>> '{OrderHead,buyerIdNumber}' FROM "gateway"."message_log" m
          WHERE m.document_type = 'CEB311'
       ) ids WHERE id IS NOT NULL AND id <> ''`,
    );
    let rowsMoved = 0;
    for (let i = 0; i < rows.length; i += BATCH) {
      const mappings = rows.slice(i, i + BATCH).map((r) => ({
        legacyKey: legacyQuotaKey(r.id),
        token: this.tokeniser.tokenList('idNumber', r.id),
      }));
      const answer = await this.tax.call<{ rowsMoved: number }>(
        principal,
        'POST',
        '/internal/buyer-quotas/legacy-keys',
        { mappings },
      );
      rowsMoved += answer.rowsMoved;
    }
    return { buyers: rows.length, rowsMoved };
  }
}
