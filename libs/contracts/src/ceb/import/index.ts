import { CEB311 } from './ceb311-order';
import { CEB411 } from './ceb411-payment';
import { CEB511 } from './ceb511-waybill';
import { CEB513 } from './ceb513-waybill-status';
import { CEB621 } from './ceb621-inventory';
import { CEB623 } from './ceb623-inventory-cancel';
import { CEB625 } from './ceb625-refund';
import { CEB711 } from './ceb711-delivery';

export * from './ceb311-order';
export * from './ceb411-payment';
export * from './ceb511-waybill';
export * from './ceb513-waybill-status';
export * from './ceb621-inventory';
export * from './ceb623-inventory-cancel';
export * from './ceb625-refund';
export * from './ceb711-delivery';

/** Descriptors of the import flow, in the order the documents of one order are usually declared. */
export const IMPORT_DESCRIPTORS = [CEB311, CEB411, CEB511, CEB513, CEB621, CEB623, CEB625, CEB711] as const;
