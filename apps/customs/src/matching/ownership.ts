import type { ImportInventory } from '@swx/contracts';

import type { SlotVersion } from './documents';

/**
 * Documents belong to whoever declared them (issue 11.1), checked again by customs: the gateway refuses a change,
 * deletion, cancel or return sent in another party's name, and customs refuses it too when it arrives anyway.
 * The list (CEB621) of a case belongs to the customs broker that declared its first version (`agentCode`); a
 * change or deletion (or a new list for the same order) from another `agentCode`, a cancel (CEB623) or a return
 * (CEB625) naming another `agentCode`, gets a refusal receipt and leaves the case as it was. A transmitter the
 * broker authorised sends in the broker's name (the document's `agentCode`): customs sees the party only.
 */
export const NOT_DECLARER_CODE = '-301016';
export const NOT_DECLARER_RULE = 'ownership.notDeclarer';

/** The broker that declared the case's list, if there is one (also after a deletion: the declarer stays). */
export function listDeclarerOf(slot: SlotVersion | undefined): string | undefined {
  if (!slot) return undefined;
  return slot.declarer ?? (slot.document as ImportInventory | null)?.InventoryHead.agentCode;
}

/** Whether a document naming `agentCode` acts on a list another broker declared. */
export function actsOnForeignList(slot: SlotVersion | undefined, agentCode: string): boolean {
  const declarer = listDeclarerOf(slot);
  return declarer !== undefined && declarer !== agentCode;
}

/** The refusal's `[Code;Desc]` entry: names the rule, tells nothing of the declarer. */
export function notDeclarerFailure(what: string): { code: string; message: string } {
  return {
    code: NOT_DECLARER_CODE,
    message: `${NOT_DECLARER_RULE}：${what}须由原申报企业（或其委托的传输企业）以原申报企业名义发送`,
  };
}
