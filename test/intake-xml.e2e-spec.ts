import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  type DocumentDescriptor,
  EXPORT_DESCRIPTORS,
  IMPORT_DESCRIPTORS,
  IMPORT_ORDER_EXAMPLE,
  CEB311,
} from '@swx/contracts';
import { cebXmlMessage, mintToken, REPO_ROOT, ServiceProcess } from '@swx/testing';

const DESCRIPTORS = [...IMPORT_DESCRIPTORS, ...EXPORT_DESCRIPTORS] as unknown as DocumentDescriptor[];
const PATHS: Record<string, string> = {
  CEB311: 'import/orders',
  CEB411: 'import/payments',
  CEB511: 'import/waybills',
  CEB513: 'import/waybill-statuses',
  CEB621: 'import/inventories',
  CEB623: 'import/inventory-cancellations',
  CEB625: 'import/refunds',
  CEB303: 'export/orders',
  CEB403: 'export/payment-receipts',
  CEB505: 'export/waybills',
  CEB507: 'export/arrivals',
  CEB509: 'export/departures',
  CEB603: 'export/inventories',
  CEB701: 'export/summary-requests',
  CEB605: 'export/inventory-cancellations',
  CEB213: 'export/refunds',
  CEB215: 'export/refund-tallies',
  CEB711: 'import/deliveries',
  CEB607: 'export/master-bills',
};

const senderOf = (d: DocumentDescriptor, document: object) =>
  String((document as Record<string, Record<string, unknown>>)[d.headElement][d.senderCodeField]);
const tokenFor = (ent: string, roles: string[]) =>
  mintToken({ kind: 'enterprise', ent, roles, scopes: ['documents:write', 'documents:read'] });

/** The answer each official sample gets, and why: docs/ceb-samples.md explains each. */
const SAMPLE_VERDICTS: Record<string, string> = {
  'import/CEB311Message.xml': '400 totalPrice.equalsQtyTimesPrice@[i].OrderList[i].totalPrice',
  'import/CEB312Message.xml': '400 messageType@CEB312Message',
  'import/CEB411Message.xml': '403 sender.ownCode@[i].PaymentHead.payCode',
  'import/CEB412Message.xml': '400 messageType@CEB412Message',
  'import/CEB511Message.xml': '400 isIn@[i].LogisticsHead.packNo',
  'import/CEB512Message.xml': '400 messageType@CEB512Message',
  'import/CEB513Message.xml': '400 isIn@[i].LogisticsStatus.logisticsStatus',
  'import/CEB514Message.xml': '400 messageType@CEB514Message',
  'import/CEB621Message.xml': '400 isIn@[i].InventoryHead.packNo',
  'import/CEB622Message.xml': '400 messageType@CEB622Message',
  'import/CEB623Message.xml': '403 sender.ownCode@[i].InvtCancel.agentCode',
  'import/CEB624Message.xml': '400 messageType@CEB624Message',
  'import/CEB625Message.xml': '403 sender.ownCode@[i].InvtRefundHead.agentCode',
  'import/CEB626Message.xml': '400 messageType@CEB626Message',
  'import/CEB711Message.xml': '403 sender.ownCode@[i].DeliveryHead.operatorCode',
  'import/CEB712Message.xml': '400 messageType@CEB712Message',
  'export/CEB213Message.xml': '202 accepted (10 documents)',
  'export/CEB214Message.xml': '400 messageType@CEB214',
  'export/CEB215Message.xml': '400 matches@[i].InvtRefundDetail.guid',
  'export/CEB216Message.xml': '400 messageType@CEB216Message',
  'export/CEB303Message.xml': '400 xsd@/CEB303Message/BaseTransfer[i]',
  'export/CEB304Message.xml': '400 messageType@CEB304Message',
  'export/CEB403Message.xml': '400 xsd@/CEB403Message/BaseTransfer[i]',
  'export/CEB404Message.xml': '400 messageType@CEB404Message',
  'export/CEB505Message.xml': '400 xsd@/CEB505Message/BaseTransfer[i]',
  'export/CEB506Message.xml': '400 messageType@CEB506Message',
  'export/CEB507Message.xml': '400 xsd@/CEB507Message/BaseTransfer[i]',
  'export/CEB508Message.xml': '400 messageType@CEB508Message',
  'export/CEB509Message.xml': '400 xsd@/CEB509Message/BaseTransfer[i]',
  'export/CEB510Message.xml': '400 messageType@CEB510Message',
  'export/CEB603Message.xml': '400 xsd@/CEB603Message/BaseTransfer[i]',
  'export/CEB604Message.xml': '400 messageType@CEB604Message',
  'export/CEB605Message.xml': '400 xsd@/CEB605Message/BaseTransfer[i]',
  'export/CEB606Message.xml': '400 messageType@CEB606Message',
  'export/CEB607Message.xml': '400 xsd@/CEB607Message/BaseTransfer[i]',
  'export/CEB608Message.xml': '400 messageType@CEB608Message',
  'export/CEB701Message.xml': '400 matches@[i].SummaryApplyHead.guid',
  'export/CEB702Message.xml': '400 messageType@CEB702Message',
  'export/CEB792Message.xml': '400 messageType@CEB792Message',
};

interface Problem {
  errors: { path: string; rule: string; message: string; line?: number; column?: number }[];
}
interface Acceptance {
  documents: { messageId: string; status: string }[];
}

/** Every document type in JSON and in CEB XML, and every official sample, through the running gateway. */
describe('document intake in JSON and CEB XML', () => {
  let gateway: ServiceProcess;

  beforeAll(async () => {
    gateway = await ServiceProcess.spawn('gateway', {
      DATABASE_URL: process.env.TEST_DATABASE_URL!,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      PORT: '4140',
    }).ready();
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  const post = (path: string, body: string, contentType: string, token: string) =>
    fetch(gateway.url(`/v1/${path}`), {
      method: 'POST',
      // These tests read the JSON answers (problem+json); the CEB XML answers are tested in edge-conformance.
      headers: {
        'content-type': contentType,
        accept: 'application/json, application/problem+json',
        authorization: `Bearer ${token}`,
      },
      body,
    });

  it.each(DESCRIPTORS.map((d) => [d.messageType, d] as const))(
    '%s: the XML message is accepted and the same document in JSON is recognised as its replay',
    async (_type, descriptor) => {
      const sender = senderOf(descriptor, descriptor.example);
      const token = tokenFor(sender, [descriptor.senderRole]);
      const xml = await post(
        PATHS[descriptor.messageType],
        cebXmlMessage(descriptor, [descriptor.example], sender),
        'application/xml',
        token,
      );
      expect(xml.status).toBe(202);
      const accepted = (await xml.json()) as Acceptance;
      expect(accepted.documents).toEqual([expect.objectContaining({ status: 'accepted' })]);

      const json = await post(
        PATHS[descriptor.messageType],
        JSON.stringify(descriptor.example),
        'application/json',
        token,
      );
      expect(json.status).toBe(202);
      const replayed = (await json.json()) as Acceptance;
      expect(replayed.documents).toEqual([
        expect.objectContaining({ status: 'replayed', messageId: accepted.documents[0].messageId }),
      ]);
    },
  );

  const platformToken = tokenFor(IMPORT_ORDER_EXAMPLE.OrderHead.ebpCode, ['ebp']);
  const orderXml = (
    mutate: (o: typeof IMPORT_ORDER_EXAMPLE) => void = () => undefined,
    copCode = IMPORT_ORDER_EXAMPLE.OrderHead.ebpCode,
  ) => {
    const order = structuredClone(IMPORT_ORDER_EXAMPLE);
    order.OrderHead.orderNo = `XML-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    mutate(order);
    return cebXmlMessage(CEB311 as unknown as DocumentDescriptor, [order], copCode);
  };

  it('answers a schema error with its line, column and path', async () => {
    const broken = orderXml().replace('<ceb:orderType>I</ceb:orderType>', '<ceb:orderKind>I</ceb:orderKind>');
    const response = await post('import/orders', broken, 'application/xml', platformToken);
    expect(response.status).toBe(400);
    const problem = (await response.json()) as Problem;
    expect(problem.errors[0]).toEqual(
      expect.objectContaining({
        rule: 'xsd',
        line: expect.any(Number),
        path: expect.stringContaining('/CEB311Message/Order'),
      }),
    );
    expect(problem.errors[0].message).toMatch(/orderKind/);
  });

  it('answers field and arithmetic errors of XML documents by document position', async () => {
    const response = await post(
      'import/orders',
      orderXml((o) => (o.OrderHead.acturalPaid = '1.00')),
      'application/xml',
      platformToken,
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as Problem).errors).toEqual([
      expect.objectContaining({
        path: '[0].OrderHead.acturalPaid',
        rule: 'acturalPaid.equalsGoodsFreightTaxMinusDiscount',
      }),
    ]);
  });

  it('refuses a message of another type on a typed endpoint, and a transmitter that is not the sender', async () => {
    const payment = DESCRIPTORS.find((d) => d.messageType === 'CEB411')!;
    const wrongRoot = await post(
      'import/orders',
      cebXmlMessage(payment, [payment.example], IMPORT_ORDER_EXAMPLE.OrderHead.ebpCode),
      'application/xml',
      platformToken,
    );
    expect(wrongRoot.status).toBe(400);
    expect(((await wrongRoot.json()) as Problem).errors[0].rule).toBe('rootElement');

    const foreign = await post(
      'import/orders',
      orderXml(undefined, '3301969999'),
      'application/xml',
      platformToken,
    );
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as Problem).errors[0]).toEqual(
      expect.objectContaining({ path: 'BaseTransfer.copCode', rule: 'sender.ownCode' }),
    );
  });

  it('takes any declaration at /v1/ceb-messages and explains why receipts are refused', async () => {
    const accepted = await post('ceb-messages', orderXml(), 'application/xml', platformToken);
    expect(accepted.status).toBe(202);
    const receipt = readFileSync(
      join(REPO_ROOT, 'libs/testing/golden/ceb-samples/import/CEB312Message.xml'),
      'utf8',
    );
    const refused = await post('ceb-messages', receipt, 'application/xml', platformToken);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as Problem).errors[0]).toEqual(
      expect.objectContaining({ rule: 'messageType', message: expect.stringContaining('customs sends it') }),
    );
  });

  describe('official samples', () => {
    const dir = join(REPO_ROOT, 'libs/testing/golden/ceb-samples');
    const samples = ['import', 'export'].flatMap((flow) =>
      readdirSync(join(dir, flow))
        .filter((f) => f.endsWith('.xml'))
        .map((f) => ({ name: `${flow}/${f}`, xml: readFileSync(join(dir, flow, f), 'utf8') })),
    );
    const verdicts: Record<string, string> = {};

    afterAll(() => {
      console.log(
        `official sample verdicts:\n${Object.entries(verdicts)
          .map(([k, v]) => `  ${k}: ${v}`)
          .join('\n')}`,
      );
    });

    it('covers every official sample', () => {
      expect(samples.map((s) => s.name).sort()).toEqual(Object.keys(SAMPLE_VERDICTS).sort());
    });

    it.each(samples.map((s) => [s.name, s] as const))('%s gets its answer', async (name, sample) => {
      const type = DESCRIPTORS.find((d) => name.endsWith(`${d.rootElement}.xml`));
      const copCode = /<(?:ceb:)?copCode>([^<]*)</.exec(sample.xml)?.[1] ?? 'UNKNOWN';
      const token = tokenFor(copCode, type ? [type.senderRole] : ['ebp']);
      const response = await post('ceb-messages', sample.xml, 'application/xml', token);
      const body = (await response.json()) as Problem & Acceptance;
      verdicts[name] =
        response.status === 202
          ? `202 accepted (${body.documents.length} documents)`
          : `${response.status} ${[...new Set(body.errors?.map((e) => `${e.rule}@${e.path.replace(/\[\d+\]/g, '[i]')}`) ?? [])].slice(0, 6).join(', ')}`;
      expect(verdicts[name]).toBe(SAMPLE_VERDICTS[name]);
    });
  });
});
