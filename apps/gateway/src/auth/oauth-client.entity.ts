import { Column, Entity, PrimaryColumn } from 'typeorm';

import type { Agency, Principal, Scope } from './principal';

export type ClientKind = Principal['kind'];

/** An OAuth2 client (client-credentials grant). The secret is stored only as a scrypt hash. */
@Entity({ name: 'oauth_client' })
export class OAuthClient {
  @PrimaryColumn({ name: 'client_id', type: 'varchar', length: 64 })
  clientId!: string;

  @Column({ type: 'varchar', length: 10 })
  kind!: ClientKind;

  /** Customs code of the enterprise an enterprise client acts for. */
  @Column({ name: 'enterprise_code', type: 'char', length: 10, nullable: true })
  enterpriseCode!: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  agency!: Agency | null;

  /** SWIFT BIC of the bank a bank client acts for. */
  @Column({ name: 'bank_code', type: 'varchar', length: 11, nullable: true })
  bankCode!: string | null;

  @Column({ type: 'text', array: true })
  scopes!: Scope[];

  @Column({ type: 'varchar', length: 200 })
  description!: string;

  @Column({ name: 'secret_hash', type: 'text' })
  secretHash!: string;

  /** Tokens issued at or before this second are no longer valid. */
  @Column({ name: 'secret_rotated_at', type: 'timestamptz', nullable: true })
  secretRotatedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
