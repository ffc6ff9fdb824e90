import { randomUUID } from 'node:crypto';

import type {
  ExportArrival,
  ExportDeparture,
  ExportInventory,
  ExportOrder,
  ExportReceipt,
  ExportWaybill,
} from './export';
import {
  EXPORT_ARRIVAL_EXAMPLE,
  EXPORT_DEPARTURE_EXAMPLE,
  EXPORT_INVENTORY_EXAMPLE,
  EXPORT_ORDER_EXAMPLE,
  EXPORT_RECEIPT_EXAMPLE,
  EXPORT_WAYBILL_EXAMPLE,
} from './export';
import type { ImportInventory, ImportOrder, ImportPayment, ImportWaybill } from './import';
import {
  IMPORT_INVENTORY_EXAMPLE,
  IMPORT_ORDER_EXAMPLE,
  IMPORT_PAYMENT_EXAMPLE,
  IMPORT_WAYBILL_EXAMPLE,
} from './import';
import { cebReturnTime } from './time';

/** The four documents of one import order (三单 + list), consistent with each other and with the demo registry. */
export interface DemoImportSet {
  orderNo: string;
  order: ImportOrder;
  payment: ImportPayment;
  waybill: ImportWaybill;
  inventory: ImportInventory;
}

/** The documents of one export order, then the arrival and departure of its parcel. */
export interface DemoExportSet {
  orderNo: string;
  order: ExportOrder;
  paymentReceipt: ExportReceipt;
  waybill: ExportWaybill;
  inventory: ExportInventory;
  arrival: ExportArrival;
  departure: ExportDeparture;
}

const guid = (): string => randomUUID().toUpperCase();

/** A number no earlier demo set used: China-time date and time, then random characters. */
function freshSuffix(now: Date): string {
  return `${cebReturnTime(now).slice(0, 14)}${randomUUID().replace(/-/g, '').slice(0, 6).toUpperCase()}`;
}

/**
 * The demo import set (the Swagger examples) under new numbers: order number, payment transaction, waybill
 * number and fresh guids, so that declaring it makes something happen (receipts, release)
 * instead of replaying an earlier declaration.
 */
export function demoImportSet(now: Date = new Date()): DemoImportSet {
  const suffix = freshSuffix(now);
  const orderNo = `ORD${suffix}`;
  const transaction = `PAY${suffix}`;
  const logisticsNo = `LN${suffix}`;
  const order = structuredClone(IMPORT_ORDER_EXAMPLE);
  Object.assign(order.OrderHead, { guid: guid(), orderNo, payTransactionId: transaction });
  const payment = structuredClone(IMPORT_PAYMENT_EXAMPLE);
  Object.assign(payment.PaymentHead, { guid: guid(), orderNo, payTransactionId: transaction });
  const waybill = structuredClone(IMPORT_WAYBILL_EXAMPLE);
  Object.assign(waybill.LogisticsHead, { guid: guid(), orderNo, logisticsNo });
  const inventory = structuredClone(IMPORT_INVENTORY_EXAMPLE);
  // copNo of an import list is at most 20 characters: the suffix without its century.
  Object.assign(inventory.InventoryHead, {
    guid: guid(),
    orderNo,
    logisticsNo,
    copNo: `I${suffix.slice(2)}`,
  });
  return { orderNo, order, payment, waybill, inventory };
}

/** The demo export set under new numbers: order, receipt of payment, waybill, list, arrival and departure. */
export function demoExportSet(now: Date = new Date()): DemoExportSet {
  const suffix = freshSuffix(now);
  const orderNo = `EXP${suffix}`;
  const logisticsNo = `LN${suffix}`;
  const order = structuredClone(EXPORT_ORDER_EXAMPLE);
  Object.assign(order.OrderHead, { guid: guid(), orderNo });
  const paymentReceipt = structuredClone(EXPORT_RECEIPT_EXAMPLE);
  Object.assign(paymentReceipt.Receipts, { guid: guid(), orderNo });
  const waybill = structuredClone(EXPORT_WAYBILL_EXAMPLE);
  Object.assign(waybill.Logistics, { guid: guid(), logisticsNo });
  const inventory = structuredClone(EXPORT_INVENTORY_EXAMPLE);
  Object.assign(inventory.InventoryHead, { guid: guid(), orderNo, logisticsNo, copNo: `C${suffix}` });
  const arrival = structuredClone(EXPORT_ARRIVAL_EXAMPLE);
  arrival.ArrivalHead.guid = guid();
  arrival.ArrivalHead.copNo = `ARR${suffix}`;
  arrival.ArrivalList = [{ ...arrival.ArrivalList?.[0], gnum: 1, logisticsNo }];
  const departure = structuredClone(EXPORT_DEPARTURE_EXAMPLE);
  departure.DepartureHead.guid = guid();
  departure.DepartureHead.copNo = `DEP${suffix}`;
  departure.DepartureList = [{ ...departure.DepartureList[0], gnum: 1, logisticsNo }];
  return { orderNo, order, paymentReceipt, waybill, inventory, arrival, departure };
}
