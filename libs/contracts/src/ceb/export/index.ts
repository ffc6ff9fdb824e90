import { CEB303 } from './ceb303-order';
import { CEB403 } from './ceb403-receipt';
import { CEB505 } from './ceb505-waybill';
import { CEB507 } from './ceb507-arrival';
import { CEB509 } from './ceb509-departure';
import { CEB603 } from './ceb603-inventory';
import { CEB701 } from './ceb701-summary-request';

export * from './ceb303-order';
export * from './ceb403-receipt';
export * from './ceb505-waybill';
export * from './ceb507-arrival';
export * from './ceb509-departure';
export * from './ceb603-inventory';
export * from './ceb701-summary-request';

/** The export flow in its business order: order, receipt, waybill, arrival, departure, list, summary request. */
export const EXPORT_DESCRIPTORS = [CEB303, CEB403, CEB505, CEB507, CEB509, CEB603, CEB701] as const;
