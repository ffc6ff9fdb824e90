/** Head fields of a declared document that the CEB return elements (OrderReturn, InventoryReturn ...) echo. */
export const RETURN_KEY_FIELDS = [
  'guid',
  'customsCode',
  'ebpCode',
  'ebcCode',
  'agentCode',
  'orderNo',
  'payCode',
  'payTransactionId',
  'logisticsCode',
  'logisticsNo',
  'copNo',
  'preNo',
  'invtNo',
  // The export return (CEB214 RefundReturn) and its tally (CEB216 InvtRefundDetailReturn) echo these.
  'coElNo',
  'operatorCode',
  // The master bill's return (CEB608 WayBillReturn) and the arrival's (CEB508) echo the bill and message part.
  'billNo',
  'msgSeqNo',
] as const;

export type DocumentKeys = Partial<Record<(typeof RETURN_KEY_FIELDS)[number], string>>;

/**
 * The return keys of a stored document (`message_log.document`, CEB element names): its head is the first object
 * with a `guid` field (`OrderHead`, `PaymentHead`, `InventoryHead` ...). A document without one gives no keys; the
 * receipt is recorded all the same.
 */
export function documentKeysOf(document: unknown): DocumentKeys {
  const head = findHead(document, 0);
  if (!head) return {};
  const keys: DocumentKeys = {};
  for (const field of RETURN_KEY_FIELDS) {
    const value = head[field];
    if (typeof value === 'string' && value.length > 0) keys[field] = value;
    else if (typeof value === 'number' && Number.isInteger(value)) keys[field] = String(value);
  }
  return keys;
}

function findHead(node: unknown, depth: number): Record<string, unknown> | undefined {
  if (depth > 4 || node === null || typeof node !== 'object') return undefined;
  if (Array.isArray(node)) return findHead(node[0], depth + 1);
  const record = node as Record<string, unknown>;
  if (typeof record.guid === 'string') return record;
  for (const child of Object.values(record)) {
    const head = findHead(child, depth + 1);
    if (head) return head;
  }
  return undefined;
}
