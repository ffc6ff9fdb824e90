import { Column, Entity, PrimaryColumn } from 'typeorm';

import type { EnterpriseContact, EnterpriseKind, EnterpriseRole, EnterpriseStatus } from '@swx/contracts';

/** One registered enterprise or individual seller (备案). */
@Entity({ name: 'enterprise' })
export class Enterprise {
  @PrimaryColumn({ name: 'customs_code', type: 'char', length: 10 })
  customsCode!: string;

  @Column({ type: 'varchar', length: 10 })
  kind!: EnterpriseKind;

  @Column({ name: 'credit_code', type: 'char', length: 18, nullable: true })
  creditCode!: string | null;

  /** Personal data: masked in answers to callers without `personal-data:read`. */
  @Column({ name: 'id_number', type: 'varchar', length: 18, nullable: true })
  idNumber!: string | null;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'text', array: true })
  roles!: EnterpriseRole[];

  @Column({ type: 'jsonb' })
  contacts!: EnterpriseContact[];

  @Column({ type: 'varchar', length: 10 })
  status!: EnterpriseStatus;

  @Column({ name: 'suspension_reason', type: 'varchar', length: 200, nullable: true })
  suspensionReason!: string | null;

  /** Last suspension, kept after reactivation: tokens issued before it stay invalid. */
  @Column({ name: 'suspended_at', type: 'timestamptz', nullable: true })
  suspendedAt!: Date | null;

  /** District or park of the zone (区县/园区), for statistics by district; null when not registered. */
  @Column({ type: 'varchar', length: 60, nullable: true })
  district!: string | null;

  @Column({ type: 'int' })
  version!: number;

  @Column({ name: 'registered_at', type: 'timestamptz' })
  registeredAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
