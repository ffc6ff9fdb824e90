import { XMLParser } from 'fast-xml-parser';

import { validateCebXml } from '@swx/contracts';
import { importOrder } from '@swx/testing';

import { documentKeysOf } from './document-keys';
import type { ReceiptRow } from './receipt.dto';
import { MAX_XML_ENTRIES, ReceiptXmlRenderer } from './receipt-xml.renderer';

const order = importOrder();
const keys = documentKeysOf(order);

function row(returnStatus: string, returnInfo: string, id = 1): ReceiptRow {
  return {
    id: String(id),
    tx_id: String(1000 + id),
    message_id: '0b7e8f5c-3c1a-4d51-9a55-6f0f7a2f1c3e',
    document_type: 'CEB311',
    order_no: order.OrderHead.orderNo,
    ebp_code: order.OrderHead.ebpCode,
    sender_code: order.OrderHead.ebpCode,
    document_guid: keys.guid ?? null,
    document_keys: keys as Record<string, string>,
    return_status: returnStatus,
    return_time: '20261121093512345',
    return_info: returnInfo,
    issued_by: 'customs',
    recorded_at: new Date(),
  };
}

const parse = (xml: string) =>
  new XMLParser({
    ignoreAttributes: false,
    parseTagValue: false,
    isArray: (name) => name === 'OrderReturn',
  }).parse(xml) as { CEB312Message: { OrderReturn: Record<string, string>[]; '@_xmlns': string } };

describe('ReceiptXmlRenderer', () => {
  const renderer = new ReceiptXmlRenderer();

  it('renders the receipts of an order as a CEB312Message that the XSD accepts, one OrderReturn each', async () => {
    const xml = renderer.render('CEB311', [
      row('2', '电子口岸申报中'),
      row('120', '[Code:1800;Desc:逻辑校验通过] <ok>', 2),
    ]);
    expect(xml).toBeDefined();
    expect(await validateCebXml(xml!)).toMatchObject({ valid: true, errors: [] });
    const message = parse(xml!).CEB312Message;
    expect(message['@_xmlns']).toBe('http://www.chinaport.gov.cn/ceb');
    expect(message.OrderReturn).toEqual([
      {
        guid: order.OrderHead.guid,
        ebpCode: order.OrderHead.ebpCode,
        ebcCode: order.OrderHead.ebcCode,
        orderNo: order.OrderHead.orderNo,
        returnStatus: '2',
        returnTime: '20261121093512345',
        returnInfo: '电子口岸申报中',
      },
      expect.objectContaining({ returnStatus: '120', returnInfo: '[Code:1800;Desc:逻辑校验通过] <ok>' }),
    ]);
  });

  it('keeps the latest entries when there are more than a message holds', () => {
    const many = Array.from({ length: MAX_XML_ENTRIES + 5 }, (_, i) => row('2', `r${i}`, i + 1));
    const entries = parse(renderer.render('CEB311', many)!).CEB312Message.OrderReturn;
    expect(entries).toHaveLength(MAX_XML_ENTRIES);
    expect(entries[0].returnInfo).toBe('r5');
    expect(entries.at(-1)?.returnInfo).toBe(`r${MAX_XML_ENTRIES + 4}`);
  });

  it('gives up when a mandatory field is unknown or the type has no receipt message', () => {
    expect(
      renderer.render('CEB311', [{ ...row('2', 'x'), document_guid: null, document_keys: {} }]),
    ).toBeUndefined();
    expect(renderer.render('NOPE', [row('2', 'x')])).toBeUndefined();
  });
});
