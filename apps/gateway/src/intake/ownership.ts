import type { CebMessageType, ImportInventoryCancel, ImportRefund, RuleViolation } from '@swx/contracts';

/**
 * Documents belong to whoever declared them (issue 11.1), as pure rules. The declarer of a business document is
 * the party of its first accepted version (see `transmission.ts`); a change or deletion (appType 2/3) is taken only
 * in that party's name, and so are documents that act on another document: a list cancel (CEB623) or a return
 * (CEB625) acts on the list (CEB621) of the same e-commerce enterprise and order, declared by its broker.
 * A refusal names the rule and tells nothing of the other party: not its code, not its message id.
 */

/** The document another document acts on: its type and business identity (as `identityOf` gives it). */
export interface DocumentTarget {
  messageType: CebMessageType;
  identity: string;
}

/**
 * Documents that act on another one. The export side's cancel (CEB605 → CEB603), return (CEB213) and tally
 * (CEB215) belong here when they are declared through this intake.
 */
export const TARGET_OF: Partial<Record<CebMessageType, (document: object) => DocumentTarget>> = {
  CEB623: (d) => {
    const head = (d as ImportInventoryCancel).InvtCancel;
    return { messageType: 'CEB621', identity: `${head.ebcCode}:${head.orderNo}` };
  },
  CEB625: (d) => {
    const head = (d as ImportRefund).InvtRefundHead;
    return { messageType: 'CEB621', identity: `${head.ebcCode}:${head.orderNo}` };
  },
};

export const NOT_DECLARER = 'ownership.notDeclarer';

/** What is known of the stored version: its declarer (null for versions stored before declarers were kept). */
export interface DeclaredVersion {
  declarer_code: string | null;
}

export const isForeign = (stored: DeclaredVersion | undefined, party: string): boolean =>
  !!stored && stored.declarer_code !== null && stored.declarer_code !== party;

/** A change or deletion (appType 2/3) of a document declared by another party. */
export function changeOfForeign(
  stored: DeclaredVersion | undefined,
  party: string,
  appType: string | undefined,
  path: string,
  identity: string,
): RuleViolation | undefined {
  if (!isForeign(stored, party) || !appType || appType === '1') return undefined;
  return {
    path: `${path}.appType`,
    rule: NOT_DECLARER,
    message: `appType ${appType} changes or deletes ${identity}, which another enterprise declared: only its declarer (or a transmitter it authorised) may`,
  };
}

/** A cancel or return of a document declared by another party. */
export function actOnForeign(
  messageType: CebMessageType,
  target: DocumentTarget,
  stored: DeclaredVersion | undefined,
  party: string,
  path: string,
): RuleViolation | undefined {
  if (!isForeign(stored, party)) return undefined;
  return {
    path,
    rule: NOT_DECLARER,
    message: `${messageType} acts on ${target.messageType} ${target.identity}, which another enterprise declared: only its declarer (or a transmitter it authorised) may`,
  };
}

/** The 409 of an appType 1 for a document declared before: the message id only when the party declared it. */
export function alreadyDeclaredMessage(
  stored: DeclaredVersion & { message_id: string },
  party: string,
  identity: string,
): string {
  return isForeign(stored, party)
    ? `${identity} was already declared by another enterprise`
    : `${identity} was already declared (message ${stored.message_id}); send appType 2 to change it`;
}
