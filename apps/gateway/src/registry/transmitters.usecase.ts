import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { CUSTOMS_CODE } from '@swx/contracts';
import { FieldValidationException } from '@swx/platform';

import { hasScope, Principal, Scopes } from '../auth/principal';
import { AuthoriseTransmitterRequest, TransmitterAuthorisation } from './transmitter.dto';

interface Row {
  party_code: string;
  transmitter_code: string;
  message_types: string[];
  valid_until: Date;
  granted_at: Date;
}

/**
 * An ISO 8601 date-time with its offset, as an instant; undefined when it names no real time (February 30th, hour
 * 24, offset +25:00...), which `new Date()` would silently roll over.
 */
export function parseOffsetDateTime(text: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(Z|([+-])(\d{2}):(\d{2}))$/.exec(
    text,
  );
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const ms = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
  const offsetMinutes = m[8] === 'Z' ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59 || Math.abs(offsetMinutes) > 14 * 60)
    return undefined;
  const local = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
  if (local.getUTCFullYear() !== y || local.getUTCMonth() !== mo - 1 || local.getUTCDate() !== d)
    return undefined;
  return new Date(local.getTime() - offsetMinutes * 60_000);
}

/** Path codes are customs codes: anything else is a 400 naming the parameter (never a database error). */
export function checkCodes(codes: Record<string, string>): void {
  const errors = Object.entries(codes)
    .filter(([, code]) => !CUSTOMS_CODE.test(code))
    .map(([path]) => ({
      path,
      rule: 'customsCode',
      message: `${path} must be 10 digits or capital letters`,
    }));
  if (errors.length > 0) throw new FieldValidationException(errors);
}

/** A date as ISO 8601 in China time (+08:00), to the second. */
export function chinaTime(date: Date): string {
  const shifted = new Date(date.getTime() + 8 * 3_600_000).toISOString();
  return `${shifted.slice(0, 19)}+08:00`;
}

export function authorisationOf(row: Row, now: Date = new Date()): TransmitterAuthorisation {
  const validUntil = new Date(row.valid_until);
  return {
    partyCode: row.party_code,
    transmitterCode: row.transmitter_code,
    messageTypes: row.message_types,
    validUntil: chinaTime(validUntil),
    expired: now.getTime() >= validUntil.getTime(),
    grantedAt: chinaTime(new Date(row.granted_at)),
  };
}

/**
 * Transmitter authorisations (委托): an enterprise names the registered enterprises that may send documents of
 * some message types in its name, until a date. The enterprise manages its own (with `documents:write`), an
 * operator any (`registry:write`); the party, its transmitter (its own entry only) and operators or regulators
 * read them. Any other enterprise gets 404, so that codes and relations cannot be probed.
 */
@Injectable()
export class Transmitters {
  constructor(private readonly dataSource: DataSource) {}

  async authorise(
    partyCode: string,
    request: AuthoriseTransmitterRequest,
    caller: Principal,
    now: Date = new Date(),
  ): Promise<TransmitterAuthorisation> {
    checkCodes({ customsCode: partyCode });
    this.mayManage(partyCode, caller);
    const validUntil = parseOffsetDateTime(request.validUntil);
    const errors = [];
    if (!validUntil) {
      errors.push({ path: 'validUntil', rule: 'validUntil.date', message: 'validUntil is not a real date' });
    } else if (validUntil.getTime() <= now.getTime()) {
      errors.push({
        path: 'validUntil',
        rule: 'validUntil.future',
        message: 'validUntil must be in the future',
      });
    }
    if (request.transmitterCode === partyCode) {
      errors.push({
        path: 'transmitterCode',
        rule: 'transmitterCode.notSelf',
        message: 'an enterprise transmits in its own name without an authorisation',
      });
    }
    const registered: { customs_code: string }[] = await this.dataSource.query(
      `SELECT customs_code FROM "gateway"."enterprise" WHERE customs_code = ANY($1)`,
      [[partyCode, request.transmitterCode]],
    );
    const known = new Set(registered.map((r) => r.customs_code));
    if (!known.has(partyCode)) throw new NotFoundException(`No enterprise ${partyCode}`);
    if (!known.has(request.transmitterCode)) {
      errors.push({
        path: 'transmitterCode',
        rule: 'transmitterCode.registered',
        message: `the transmitter ${request.transmitterCode} must be a registered enterprise`,
      });
    }
    if (errors.length > 0) throw new FieldValidationException(errors);
    const [row]: Row[] = await this.dataSource.query(
      `INSERT INTO "gateway"."transmitter_authorisation"
         (party_code, transmitter_code, message_types, valid_until, granted_by, granted_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (party_code, transmitter_code) DO UPDATE SET message_types = EXCLUDED.message_types,
         valid_until = EXCLUDED.valid_until, granted_by = EXCLUDED.granted_by, granted_at = now(), revoked_at = NULL
       RETURNING party_code, transmitter_code, message_types, valid_until, granted_at`,
      [partyCode, request.transmitterCode, request.messageTypes, validUntil, caller.clientId],
    );
    return authorisationOf(row, now);
  }

  async list(partyCode: string, caller: Principal): Promise<TransmitterAuthorisation[]> {
    checkCodes({ customsCode: partyCode });
    const whole =
      hasScope(caller, Scopes.RegistryRead) ||
      hasScope(caller, Scopes.RegistryWrite) ||
      hasScope(caller, Scopes.RegulatorRead);
    const own = caller.kind === 'enterprise' && caller.enterpriseCode === partyCode;
    const asTransmitter = caller.kind === 'enterprise' && !own ? caller.enterpriseCode : undefined;
    if (!whole && !own && !asTransmitter) {
      throw new ForbiddenException('Reading authorisations needs the party, its transmitter or an operator');
    }
    const rows: Row[] = await this.dataSource.query(
      `SELECT party_code, transmitter_code, message_types, valid_until, granted_at
         FROM "gateway"."transmitter_authorisation"
        WHERE party_code = $1 AND revoked_at IS NULL AND ($2::text IS NULL OR transmitter_code = $2)
        ORDER BY transmitter_code`,
      [partyCode, whole || own ? null : asTransmitter],
    );
    if (rows.length === 0 && !whole && !own) throw new NotFoundException(`No enterprise ${partyCode}`);
    const now = new Date();
    return rows.map((r) => authorisationOf(r, now));
  }

  async revoke(partyCode: string, transmitterCode: string, caller: Principal): Promise<void> {
    checkCodes({ customsCode: partyCode, transmitterCode });
    this.mayManage(partyCode, caller);
    // A statement that ends in SELECT: the driver answers UPDATE … RETURNING with [rows, count] instead.
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `WITH revoked AS (
         UPDATE "gateway"."transmitter_authorisation" SET revoked_at = now()
          WHERE party_code = $1 AND transmitter_code = $2 AND revoked_at IS NULL RETURNING 1
       ) SELECT count(*)::int AS n FROM revoked`,
      [partyCode, transmitterCode],
    );
    if (n === 0) {
      throw new NotFoundException(`${partyCode} has no authorisation for transmitter ${transmitterCode}`);
    }
  }

  /** The enterprise itself (documents:write) or an operator (registry:write); other enterprises get 404. */
  private mayManage(partyCode: string, caller: Principal): void {
    if (hasScope(caller, Scopes.RegistryWrite)) return;
    if (caller.kind === 'enterprise') {
      if (caller.enterpriseCode !== partyCode) throw new NotFoundException(`No enterprise ${partyCode}`);
      if (hasScope(caller, Scopes.DocumentsWrite)) return;
    }
    throw new ForbiddenException(
      `Managing transmitters needs the enterprise's own ${Scopes.DocumentsWrite} or ${Scopes.RegistryWrite}`,
    );
  }
}
