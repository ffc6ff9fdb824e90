import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { CertificateError, type CertificateInfo, parseCertificate } from '@swx/contracts';
import { FieldValidationException } from '@swx/platform';

import type { CertificateResponse } from './certificate.dto';

interface CertificateRow {
  enterprise_code: string;
  fingerprint: string;
  algorithm: string;
  subject: string;
  issuer: string;
  serial_number: string;
  not_before: Date;
  not_after: Date;
  certificate_pem: string;
  registered_at: Date;
  revoked_at: Date | null;
}

const FINGERPRINT = /^[0-9a-f]{64}$/;

/** The certificates registered per enterprise, against which its XML signatures are verified. */
@Injectable()
export class CertificateRegistry {
  constructor(private readonly dataSource: DataSource) {}

  /** Registers (or registers again after a revocation) a certificate; 409 when it is already active. */
  async register(
    enterpriseCode: string,
    certificate: string,
    registeredBy: string,
  ): Promise<CertificateResponse> {
    let info: CertificateInfo;
    try {
      info = parseCertificate(certificate);
    } catch (e) {
      if (!(e instanceof CertificateError)) throw e;
      throw new FieldValidationException([
        {
          path: 'certificate',
          rule: 'certificate.format',
          message: `the certificate is unusable: ${e.message}`,
        },
      ]);
    }
    if (info.notAfter.getTime() < Date.now()) {
      throw new FieldValidationException([
        {
          path: 'certificate',
          rule: 'certificate.expired',
          message: `the certificate expired on ${info.notAfter.toISOString()}`,
        },
      ]);
    }
    await this.requireEnterprise(enterpriseCode);
    const rows = (await this.dataSource.query(
      `INSERT INTO "gateway"."enterprise_certificate"
         (enterprise_code, fingerprint, algorithm, subject, issuer, serial_number, not_before, not_after,
          certificate_pem, registered_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (enterprise_code, fingerprint) DO UPDATE
         SET revoked_at = NULL, revoked_by = NULL, registered_at = now(), registered_by = EXCLUDED.registered_by
         WHERE "enterprise_certificate".revoked_at IS NOT NULL
       RETURNING *`,
      [
        enterpriseCode,
        info.fingerprint,
        info.algorithm,
        info.subject,
        info.issuer,
        info.serialNumber,
        info.notBefore,
        info.notAfter,
        info.pem,
        registeredBy,
      ],
    )) as CertificateRow[];
    if (rows.length === 0) {
      throw new ConflictException(
        `Certificate ${info.fingerprint} is already registered to ${enterpriseCode}`,
      );
    }
    return toResponse(rows[0]);
  }

  async list(enterpriseCode: string, includeRevoked: boolean): Promise<CertificateResponse[]> {
    await this.requireEnterprise(enterpriseCode);
    const rows = (await this.dataSource.query(
      `SELECT * FROM "gateway"."enterprise_certificate"
        WHERE enterprise_code = $1 AND ($2 OR revoked_at IS NULL)
        ORDER BY registered_at, fingerprint`,
      [enterpriseCode, includeRevoked],
    )) as CertificateRow[];
    return rows.map(toResponse);
  }

  /** Revokes an active certificate; 404 when the enterprise has no such active one. */
  async revoke(enterpriseCode: string, fingerprint: string, revokedBy: string): Promise<void> {
    const normalised = fingerprint.toLowerCase().replace(/:/g, '');
    if (!FINGERPRINT.test(normalised)) {
      throw new FieldValidationException([
        {
          path: 'fingerprint',
          rule: 'certificate.fingerprint',
          message: 'a fingerprint is 64 hex digits (SHA-256)',
        },
      ]);
    }
    const [, affected] = (await this.dataSource.query(
      `UPDATE "gateway"."enterprise_certificate" SET revoked_at = now(), revoked_by = $3
        WHERE enterprise_code = $1 AND fingerprint = $2 AND revoked_at IS NULL`,
      [enterpriseCode, normalised, revokedBy],
    )) as [unknown, number];
    if (!affected) throw new NotFoundException(`No active certificate ${normalised} for ${enterpriseCode}`);
  }

  /** The PEM of every active certificate of these enterprises. */
  async activeFor(enterpriseCodes: readonly string[]): Promise<string[]> {
    if (enterpriseCodes.length === 0) return [];
    const rows = (await this.dataSource.query(
      `SELECT certificate_pem FROM "gateway"."enterprise_certificate"
        WHERE enterprise_code = ANY($1) AND revoked_at IS NULL`,
      [[...enterpriseCodes]],
    )) as { certificate_pem: string }[];
    return rows.map((r) => r.certificate_pem);
  }

  private async requireEnterprise(enterpriseCode: string): Promise<void> {
    const found = (await this.dataSource.query(
      `SELECT 1 FROM "gateway"."enterprise" WHERE customs_code = $1`,
      [enterpriseCode],
    )) as unknown[];
    if (found.length === 0) throw new NotFoundException(`No enterprise ${enterpriseCode}`);
  }
}

function toResponse(row: CertificateRow): CertificateResponse {
  return {
    fingerprint: row.fingerprint,
    enterpriseCode: row.enterprise_code,
    algorithm: row.algorithm,
    subject: row.subject,
    issuer: row.issuer,
    serialNumber: row.serial_number,
    notBefore: new Date(row.not_before).toISOString(),
    notAfter: new Date(row.not_after).toISOString(),
    registeredAt: new Date(row.registered_at).toISOString(),
    revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
    certificate: row.certificate_pem,
  };
}
