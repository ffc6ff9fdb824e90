import { CEB213 } from './ceb213-refund';
import { CEB215 } from './ceb215-return-tally';
import { CEB303 } from './ceb303-order';
import { CEB403 } from './ceb403-receipt';
import { CEB505 } from './ceb505-waybill';
import { CEB507 } from './ceb507-arrival';
import { CEB509 } from './ceb509-departure';
import { CEB603 } from './ceb603-inventory';
import { CEB607 } from './ceb607-master-bill';
import { CEB605 } from './ceb605-inventory-cancel';
import { CEB701 } from './ceb701-summary-request';

export * from './ceb213-refund';
export * from './ceb215-return-tally';
export * from './ceb303-order';
export * from './ceb403-receipt';
export * from './ceb505-waybill';
export * from './ceb507-arrival';
export * from './ceb509-departure';
export * from './ceb603-inventory';
export * from './ceb607-master-bill';
export * from './ceb605-inventory-cancel';
export * from './ceb701-summary-request';

/**
 * The export flow in its business order: order, receipt, waybill, arrival, departure, list, summary request; then
 * what may follow a release: the list's cancel, a return and its tally at the supervised site.
 */
export const EXPORT_DESCRIPTORS = [
  CEB303,
  CEB403,
  CEB505,
  CEB507,
  CEB509,
  CEB603,
  CEB701,
  CEB605,
  CEB213,
  CEB215,
  CEB607,
] as const;
