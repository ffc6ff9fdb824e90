import { randomUUID } from 'node:crypto';

import {
  CEB213,
  CEB215,
  CEB605,
  ClearanceStatusChanged,
  DEMO_ENTERPRISES,
  type DocumentDescriptor,
  EXPORT_INVENTORY_CANCEL_EXAMPLE,
  EXPORT_REFUND_EXAMPLE,
  EXPORT_RETURN_TALLY_EXAMPLE,
  type ExportInventoryCancel,
  type ExportRefund,
  type ExportReturnTally,
  orderKey,
  Topics,
} from '@swx/contracts';
import { cebXmlMessage, mintToken, queryRows, waitFor } from '@swx/testing';

import {
  caseOf,
  db,
  declareSet,
  expectStatuses,
  type ExportSet,
  exportSet,
  type ExportStack,
  publishedPayloads,
  startExportStack,
} from './customs-export-support';

type Sent = 'json' | 'xml' | 'ceb-messages';

const ROUTES = {
  CEB605: { path: 'export/inventory-cancellations', role: 'agent', descriptor: CEB605 },
  CEB213: { path: 'export/refunds', role: 'ebc', descriptor: CEB213 },
  CEB215: { path: 'export/refund-tallies', role: 'warehouse', descriptor: CEB215 },
} as const;

const guid = (): string => randomUUID().toUpperCase();
const unique = (prefix: string, length: number): string =>
  `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e8).toString(36)}`
    .toUpperCase()
    .slice(0, length);

/** The cancel of a released list, by its declarant; with the e-port's `preNo` when given (XSD order: after copNo). */
function cancelOf(set: ExportSet, invtNo: string, preNo?: string): ExportInventoryCancel {
  const fields = {
    ...EXPORT_INVENTORY_CANCEL_EXAMPLE.InvtCancel,
    guid: guid(),
    invtNo,
    copNo: set.list.InventoryHead.copNo,
  };
  const entries = Object.entries(fields).flatMap(([k, v]) =>
    k === 'copNo' && preNo
      ? [
          [k, v],
          ['preNo', preNo],
        ]
      : [[k, v]],
  );
  return { InvtCancel: Object.fromEntries(entries) as ExportInventoryCancel['InvtCancel'] };
}

/** A return of `qty` of line 1 (the T-shirts, 10 exported) of a list, on a fresh return waybill. */
function refundOf(invtNo: string, qty = '2'): ExportRefund {
  const refund = structuredClone(EXPORT_REFUND_EXAMPLE);
  Object.assign(refund.InvtRefundHead, {
    guid: guid(),
    invtNo,
    coElNo: unique('RTN', 30),
    logisticsNo: unique('RLN', 80),
  });
  Object.assign(refund.InvtRefundList[0], { qty, qty1: qty });
  return refund;
}

/** The supervised site's tally of a return's parcel. */
function tallyOf(refund: ExportRefund): ExportReturnTally {
  const tally = structuredClone(EXPORT_RETURN_TALLY_EXAMPLE);
  const head = refund.InvtRefundHead;
  Object.assign(tally.InvtRefundDetail, {
    guid: guid(),
    coElNo: unique('TLY', 20),
    logisticsCode: head.logisticsCode,
    logisticsNo: head.logisticsNo,
    invtNo: head.invtNo,
  });
  return tally;
}

interface ReceiptDto {
  returnStatus: string;
  returnInfo: string;
}

/**
 * Export lists after their release, on the real gateway, customs, broker and database: the declarant withdraws a
 * list (CEB605), the e-commerce enterprise brings goods back within a year (CEB213) and the supervised site tallies
 * the parcel (CEB215), each in JSON and in CEB XML, each answered with its receipts.
 */
describe('customs export: list cancel (CEB605), return (CEB213) and return tally (CEB215)', () => {
  let stack: ExportStack;

  beforeAll(async () => {
    stack = await startExportStack('export-returns', 4970);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const tokenOf = (type: keyof typeof ROUTES, document: object): string => {
    const d = ROUTES[type].descriptor as unknown as DocumentDescriptor;
    const head = (document as Record<string, Record<string, string>>)[d.headElement];
    return mintToken({
      kind: 'enterprise',
      ent: head[d.senderCodeField],
      roles: [ROUTES[type].role],
      scopes: ['documents:write', 'documents:read'],
    });
  };

  /** Sends one document in JSON, as a CEB XML message on its endpoint, or to /v1/ceb-messages; its message id. */
  async function send(type: keyof typeof ROUTES, document: object, how: Sent): Promise<string> {
    const d = ROUTES[type].descriptor as unknown as DocumentDescriptor;
    const head = (document as Record<string, Record<string, string>>)[d.headElement];
    const xml = how !== 'json';
    const response = await fetch(gateway(how === 'ceb-messages' ? 'ceb-messages' : ROUTES[type].path), {
      method: 'POST',
      headers: {
        'content-type': xml ? 'application/xml' : 'application/json',
        accept: 'application/json',
        authorization: `Bearer ${tokenOf(type, document)}`,
      },
      body: xml ? cebXmlMessage(d, [document], head[d.senderCodeField], guid()) : JSON.stringify(document),
    });
    const body = (await response.json()) as { messageId?: string; documents?: { messageId: string }[] };
    if (response.status !== 202)
      throw new Error(`${type} ${how}: ${response.status} ${JSON.stringify(body)}`);
    return body.messageId ?? body.documents![0].messageId;
  }

  const gateway = (path: string): string => stack.gateway.url(`/v1/${path}`);

  /** The receipts of a document as its sender reads them at the gateway (JSON). */
  async function receiptsAtGateway(type: keyof typeof ROUTES, document: object, messageId: string) {
    const response = await fetch(gateway(`messages/${messageId}/receipts`), {
      headers: { authorization: `Bearer ${tokenOf(type, document)}` },
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { documentType: string; receipts: ReceiptDto[] }).receipts;
  }

  /** The same receipts as the standard's receipt message. */
  async function xmlReceipt(type: keyof typeof ROUTES, document: object, messageId: string): Promise<string> {
    const response = await fetch(gateway(`messages/${messageId}/receipts`), {
      headers: { authorization: `Bearer ${tokenOf(type, document)}`, accept: 'application/xml' },
    });
    expect(response.status).toBe(200);
    return response.text();
  }

  /** A released list: the four documents matched, 清单核放 800, with the number customs gave it. */
  async function releasedList(tag: string): Promise<{ set: ExportSet; listId: string; invtNo: string }> {
    const set = exportSet(tag);
    const ids = await declareSet(stack.gateway, set);
    await expectStatuses(ids.list, ['2', '120', '399', '800'], `list ${tag}`);
    const invtNo = (await caseOf(set))!.invt_no!;
    return { set, listId: ids.list, invtNo };
  }

  const listEvents = (set: ExportSet, count: number) =>
    waitFor(
      () =>
        publishedPayloads<ClearanceStatusChanged>(
          Topics.ClearanceStatusChanged.name,
          orderKey(set.order.OrderHead.orderNo),
        ),
      (p) => p.length === count,
      { what: `${count} clearance status changes`, timeoutMs: 60_000 },
    );

  it('withdraws a released list on its declarant’s XML cancel, and refuses a second cancel and a return of it', async () => {
    const { set, listId, invtNo } = await releasedList('CNCL');
    // With the e-port's preNo, which the CEB606 receipt echoes.
    const cancel = cancelOf(set, invtNo, `B${unique('', 17).padEnd(17, '0')}`);
    const cancelId = await send('CEB605', cancel, 'xml');
    const accepted = await expectStatuses(cancelId, ['2', '399'], 'cancel');
    expect(accepted[1].return_info).toBe(
      `[Code:2310;Desc:撤销申请审核通过，清单 ${invtNo} 已撤销：${cancel.InvtCancel.reason}]`,
    );
    const listReceipts = await expectStatuses(listId, ['2', '120', '399', '800', '100'], 'list cancelled');
    expect(listReceipts[4].return_info).toContain(`清单 ${invtNo} 已撤销`);
    expect(await caseOf(set)).toMatchObject({ clearance: 'cancelled', list_status: '100', invt_no: invtNo });
    const events = await listEvents(set, 4);
    expect(events[3]).toMatchObject({
      flow: 'export',
      event: 'cancelled',
      listMessageId: listId,
      returnStatus: '100',
      previousStatus: '800',
    });

    expect((await receiptsAtGateway('CEB605', cancel, cancelId)).map((r) => r.returnStatus)).toEqual([
      '2',
      '399',
    ]);
    const xml = await xmlReceipt('CEB605', cancel, cancelId);
    expect(xml).toContain('<CEB606Message');
    expect(xml).toContain(`<invtNo>${invtNo}</invtNo>`);
    expect(xml).toContain('<returnStatus>399</returnStatus>');

    // The declarant asks again (a newer version of its cancel): the list is already withdrawn.
    const retry = cancelOf(set, invtNo);
    Object.assign(retry.InvtCancel, { appType: '2', appTime: '20261122100000' });
    const again = await send('CEB605', retry, 'json');
    const refused = await expectStatuses(again, ['2', '100'], 'second cancel');
    expect(refused[1].return_info).toBe(
      `[Code:-605005;Desc:清单的状态不符合撤单申报要求: 清单 ${invtNo} 已撤销]`,
    );
    const refund = await send('CEB213', refundOf(invtNo), 'json');
    const noReturn = await expectStatuses(refund, ['2', '100'], 'return of a cancelled list');
    expect(noReturn[1].return_info).toBe(`[Code:-213003;Desc:原出口清单 ${invtNo} 已撤销，不能申请退货]`);
    expect(await listEvents(set, 4)).toHaveLength(4);
  });

  it('accepts a return within a year of release, refuses to cancel the list then, and completes the return at the tally', async () => {
    const { set, listId, invtNo } = await releasedList('RTRN');
    const refund = refundOf(invtNo, '2');
    const refundId = await send('CEB213', refund, 'json');
    const accepted = await expectStatuses(refundId, ['2', '120'], 'return');
    expect(accepted[1].return_info).toContain('退货申请审核通过（第 1 项 2）');

    const cancelId = await send('CEB605', cancelOf(set, invtNo), 'json');
    const refused = await expectStatuses(cancelId, ['2', '100'], 'cancel of a list with a return');
    expect(refused[1].return_info).toContain('已有退货申请');
    expect(await caseOf(set)).toMatchObject({ clearance: 'released', list_status: '800' });

    const tally = tallyOf(refund);
    const tallyId = await send('CEB215', tally, 'ceb-messages');
    const tallied = await expectStatuses(tallyId, ['2', '399'], 'tally');
    expect(tallied[1].return_info).toContain(`运单 ${refund.InvtRefundHead.logisticsNo} 退运商品已运抵`);
    const completed = await expectStatuses(refundId, ['2', '120', '800'], 'return completed');
    expect(completed[2].return_info).toBe(
      `[Code:2600;Desc:退货商品已运抵监管场所理货，退货完成（清单 ${invtNo}，第 1 项 2）]`,
    );
    const [stored] = await queryRows<{ status: string; tally_message_id: string }>(
      db(),
      'SELECT status, tally_message_id FROM customs.export_return WHERE message_id = $1',
      [refundId],
    );
    expect(stored).toEqual({ status: 'tallied', tally_message_id: tallyId });
    const events = await listEvents(set, 5);
    expect(events.slice(3).map((e) => [e.event, e.returnStatus, e.listMessageId])).toEqual([
      ['changed', '800', listId],
      ['returned', '800', listId],
    ]);
    expect(events[4].returnInfo).toContain('第 1 项 2');

    expect((await receiptsAtGateway('CEB213', refund, refundId)).map((r) => r.returnStatus)).toEqual([
      '2',
      '120',
      '800',
    ]);
    const refundXml = await xmlReceipt('CEB213', refund, refundId);
    expect(refundXml).toContain('<CEB214Message');
    expect(refundXml).toContain(`<coElNo>${refund.InvtRefundHead.coElNo}</coElNo>`);
    expect(refundXml).toContain('<returnStatus>800</returnStatus>');
    const tallyXml = await xmlReceipt('CEB215', tally, tallyId);
    expect(tallyXml).toContain('<CEB216Message');
    expect(tallyXml).toContain(`<operatorCode>${DEMO_ENTERPRISES.warehouse.customsCode}</operatorCode>`);

    // The rest of the line may still come back; a second tally of the same parcel finds no return waiting.
    const rest = await send('CEB213', refundOf(invtNo, '8'), 'xml');
    await expectStatuses(rest, ['2', '120'], 'return of the rest of the line');
    const twice = await send(
      'CEB215',
      { InvtRefundDetail: { ...tally.InvtRefundDetail, guid: guid(), coElNo: unique('TLY', 20) } },
      'json',
    );
    const noMore = await expectStatuses(twice, ['2', '100'], 'second tally of the parcel');
    expect(noMore[1].return_info).toContain('[Code:-215001;Desc:未找到运单');
  });

  it('refuses returns of an unknown list, beyond the exported quantity or after a year, a tally without a return and a cancel of an unknown list', async () => {
    const unknownList = '29242026E999999999';
    const unknown = await send('CEB213', refundOf(unknownList), 'ceb-messages');
    expect((await expectStatuses(unknown, ['2', '100'], 'return of an unknown list'))[1].return_info).toBe(
      `[Code:-213001;Desc:原出口清单 ${unknownList} 不存在]`,
    );

    const { set, invtNo } = await releasedList('LATE');
    const tooMuch = await send('CEB213', refundOf(invtNo, '11'), 'xml');
    expect((await expectStatuses(tooMuch, ['2', '100'], 'return beyond the export'))[1].return_info).toBe(
      '[Code:-213006;Desc:第 1 项退货数量 11 超过原清单 10][Code:-213006;Desc:第 1 项退货法定数量 11 超过原清单 10]',
    );

    // The list was released two years ago (公告2020年第44号 allows one).
    await queryRows(
      db(),
      `UPDATE customs.export_case SET released_at = now() - interval '2 years' WHERE invt_no = $1`,
      [invtNo],
    );
    const late = await send('CEB213', refundOf(invtNo, '1'), 'json');
    expect((await expectStatuses(late, ['2', '100'], 'return after a year'))[1].return_info).toMatch(
      /^\[Code:-213004;Desc:超过出口放行之日起1年的退货期限: 放行日期 \d{4}-\d{2}-\d{2}，期限至 \d{4}-\d{2}-\d{2}\]$/,
    );

    const stray = tallyOf(refundOf(invtNo));
    const strayId = await send('CEB215', stray, 'xml');
    expect((await expectStatuses(strayId, ['2', '100'], 'tally without a return'))[1].return_info).toBe(
      `[Code:-215001;Desc:未找到运单 ${stray.InvtRefundDetail.logisticsCode}/${stray.InvtRefundDetail.logisticsNo}（清单 ${invtNo}）的待理货退货申请单]`,
    );

    const cancelUnknown = await send('CEB605', cancelOf(set, unknownList), 'json');
    expect(
      (await expectStatuses(cancelUnknown, ['2', '100'], 'cancel of an unknown list'))[1].return_info,
    ).toBe(`[Code:-605001;Desc:出境清单 ${unknownList} 不存在]`);
    const [returns] = await queryRows<{ n: number }>(
      db(),
      'SELECT count(*)::int AS n FROM customs.export_return WHERE invt_no = $1',
      [invtNo],
    );
    expect(returns.n).toBe(0);
    expect(await caseOf(set)).toMatchObject({ clearance: 'released', list_status: '800' });
  });

  it('refuses at the gateway a return sent by another enterprise than the one it names, and a return from China', async () => {
    const refund = refundOf('29242026E000000001');
    const response = await fetch(gateway(ROUTES.CEB213.path), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${mintToken({ kind: 'enterprise', ent: DEMO_ENTERPRISES.agent.customsCode, roles: ['ebc'], scopes: ['documents:write'] })}`,
      },
      body: JSON.stringify(refund),
    });
    expect(response.status).toBe(403);
    refund.InvtRefundHead.country = '142';
    const china = await fetch(gateway(ROUTES.CEB213.path), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenOf('CEB213', refund)}` },
      body: JSON.stringify(refund),
    });
    expect(china.status).toBe(400);
    const problem = (await china.json()) as { errors: { path: string; rule: string }[] };
    expect(problem.errors).toEqual([expect.objectContaining({ rule: 'country.notChina' })]);
  });
});
