import { Injectable, Optional } from '@nestjs/common';

import { buildReceiptXml, ReceiptRoot, receiptRootFor } from '@swx/contracts';

import { PlatformSigner } from '../signatures/platform-signer';
import type { ReceiptRow } from './receipt.dto';

/** A CEB receipt message holds at most this many return entries (REFERENCE 2). */
export const MAX_XML_ENTRIES = 100;

/**
 * Renders the receipts of one document as its CEB receipt message (CEB311 → `CEB312Message` with one
 * `OrderReturn` per receipt). The entry fields come from the receipt (returnStatus, returnTime, returnInfo) and
 * from the keys of the answered document recorded with it (guid, ebpCode, ebcCode, orderNo ...). Signed by the
 * platform's key (enveloped ds:Signature, docs/ceb-signatures.md) when a signer is provided, as in the gateway.
 */
@Injectable()
export class ReceiptXmlRenderer {
  constructor(@Optional() private readonly signer?: PlatformSigner) {}

  /** Undefined when the standard has no receipt message for the type, or a mandatory field is unknown. */
  render(documentType: string, receipts: ReceiptRow[]): string | undefined {
    let root: ReceiptRoot;
    try {
      root = receiptRootFor(documentType);
    } catch {
      return undefined;
    }
    // Beyond the standard's limit, the latest receipts matter most: they carry the current status.
    const entries = receipts.slice(-MAX_XML_ENTRIES).map((receipt) => entryOf(root, receipt));
    let xml: string;
    try {
      xml = buildReceiptXml(root.root, entries);
    } catch {
      return undefined;
    }
    return this.signer ? this.signer.sign(xml) : xml;
  }
}

function entryOf(root: ReceiptRoot, receipt: ReceiptRow): Record<string, string> {
  const values: Record<string, string | null | undefined> = {
    ...receipt.document_keys,
    guid: receipt.document_guid ?? receipt.document_keys.guid,
    ebpCode: receipt.ebp_code ?? receipt.document_keys.ebpCode,
    orderNo: receipt.order_no ?? receipt.document_keys.orderNo,
    returnStatus: receipt.return_status,
    returnTime: receipt.return_time,
    returnInfo: receipt.return_info,
  };
  const entry: Record<string, string> = {};
  for (const field of root.fields) {
    const value = values[field];
    if (typeof value === 'string') entry[field] = value;
  }
  return entry;
}
