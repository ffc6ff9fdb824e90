import { Column, Entity, PrimaryColumn } from 'typeorm';

import type { Agency, Scope } from '../auth/principal';

export type StaffKind = 'regulator' | 'operator';

/** A named person of an operator or a regulator agency (console sign-in). The password is kept only as a hash. */
@Entity({ name: 'staff_account' })
export class StaffAccount {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'varchar', length: 40 })
  login!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 100 })
  displayName!: string;

  @Column({ type: 'varchar', length: 10 })
  kind!: StaffKind;

  @Column({ type: 'varchar', length: 10, nullable: true })
  agency!: Agency | null;

  @Column({ type: 'text', array: true })
  scopes!: Scope[];

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ name: 'password_set_at', type: 'timestamptz' })
  passwordSetAt!: Date;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  @Column({ name: 'last_sign_in_at', type: 'timestamptz', nullable: true })
  lastSignInAt!: Date | null;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
