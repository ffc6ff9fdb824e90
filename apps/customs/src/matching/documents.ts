import type { ImportInventory, ImportOrder, ImportPayment, ImportWaybill } from '@swx/contracts';

/** The four documents a matching case collects, one slot each. */
export const CASE_SLOTS = ['CEB311', 'CEB411', 'CEB511', 'CEB621'] as const;
export type CaseSlot = (typeof CASE_SLOTS)[number];

export const SLOT_TITLES: Record<CaseSlot, string> = {
  CEB311: 'CEB311 电子订单',
  CEB411: 'CEB411 支付凭证',
  CEB511: 'CEB511 物流运单',
  CEB621: 'CEB621 进口清单',
};

export interface CaseDocuments {
  CEB311?: ImportOrder;
  CEB411?: ImportPayment;
  CEB511?: ImportWaybill;
  CEB621?: ImportInventory;
}

/** A complete case: every slot filled. */
export interface CompleteCase {
  order: ImportOrder;
  payment: ImportPayment;
  waybill: ImportWaybill;
  list: ImportInventory;
}

/** One stored version of a slot: the newest `appTime` wins, whatever order versions arrive in. */
export interface SlotVersion {
  messageId: string;
  appType: string;
  appTime: string;
  /** Null once withdrawn (appType 3). */
  document: object | null;
  /** Masked display values of the person fields, by path (the document's person fields hold tokens). */
  masked?: Record<string, string>;
  /** The party that declared the slot's first version (the list's broker); kept through changes and deletion. */
  declarer?: string;
}

export type CaseSlots = Partial<Record<CaseSlot, SlotVersion>>;

/** Keeps the newer of two versions (ties broken by message id, so every arrival order agrees). */
export function newerVersion(current: SlotVersion | undefined, incoming: SlotVersion): SlotVersion {
  if (!current) return incoming;
  if (incoming.appTime !== current.appTime) return incoming.appTime > current.appTime ? incoming : current;
  return incoming.messageId > current.messageId ? incoming : current;
}

export function documentsOf(slots: CaseSlots): CaseDocuments {
  const docs: Record<string, object> = {};
  for (const slot of CASE_SLOTS) {
    const version = slots[slot];
    if (version?.document) docs[slot] = version.document;
  }
  return docs as CaseDocuments;
}

export function orderNoOf(slot: CaseSlot, document: object): string {
  switch (slot) {
    case 'CEB311':
      return (document as ImportOrder).OrderHead.orderNo;
    case 'CEB411':
      return (document as ImportPayment).PaymentHead.orderNo;
    case 'CEB511':
      return (document as ImportWaybill).LogisticsHead.orderNo;
    case 'CEB621':
      return (document as ImportInventory).InventoryHead.orderNo;
  }
}

export function versionOf(slot: CaseSlot, document: object): { appType: string; appTime: string } {
  const head =
    slot === 'CEB311'
      ? (document as ImportOrder).OrderHead
      : slot === 'CEB411'
        ? (document as ImportPayment).PaymentHead
        : slot === 'CEB511'
          ? (document as ImportWaybill).LogisticsHead
          : (document as ImportInventory).InventoryHead;
  return { appType: head.appType, appTime: head.appTime };
}
