import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  AdvancedFeeDto,
  AdvancedFeeQueryDto,
  DEMO_BANK,
  DEMO_ENTERPRISES,
  DEMO_INDIVIDUAL_SELLER,
  demoExportSet,
  EnterpriseBanksDto,
  EXPORT_INVENTORY_EXAMPLE,
  EXPORT_ORDER_EXAMPLE,
  EXPORT_RECEIPT_EXAMPLE,
  FeeDeclarationDto,
  FOREX_TX_EXAMPLE,
  ForexTransactionRecorded,
  SettlementAllocationDto,
  TransactionQueryDto,
} from '@swx/contracts';

import * as dto from './forex.dto';
import { ForexQueriesController } from './forex-queries.controller';

/**
 * The forex Swagger examples name things that exist on `npm start`: the record of the console's example export
 * order, the demo enterprises, the demo individual seller and the demo bank that scripts/demo-seed.js registers.
 */
const PARAMETERS = 'swagger/apiParameters';
const PROPERTIES = 'swagger/apiModelPropertiesArray';
const PROPERTY = 'swagger/apiModelProperties';

const DEMO_CODES: string[] = [
  ...Object.values(DEMO_ENTERPRISES).map((e) => e.customsCode),
  DEMO_INDIVIDUAL_SELLER.customsCode,
];
const CODE_KEYS = ['enterpriseCode', 'enterpriseCodes', 'customerCode', 'customsCode', 'ebpCode'];
const BANK_KEYS = ['bankCode', 'bankCodes'];

interface Found {
  where: string;
  key: string;
  value: string;
}

/** Every string of an example, with the name of the field (or parameter) it is the value of. */
function strings(value: unknown, where: string, key: string, out: Found[]): void {
  if (typeof value === 'string') out.push({ where, key, value });
  else if (Array.isArray(value)) for (const v of value) strings(v, where, key, out);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.name === 'string' && 'example' in o) strings(o.example, where, o.name, out);
    for (const [k, v] of Object.entries(o)) if (k !== 'type' && k !== 'example') strings(v, where, k, out);
  }
}

function controllerExamples(): Found[] {
  const out: Found[] = [];
  const proto = ForexQueriesController.prototype as unknown as Record<string, object>;
  for (const method of Object.getOwnPropertyNames(proto)) {
    const parameters: unknown = Reflect.getMetadata(PARAMETERS, proto[method]);
    if (parameters) strings(parameters, method, '', out);
  }
  return out;
}

function classExamples(cls: { name: string; prototype: object }): Found[] {
  const out: Found[] = [];
  const names = (Reflect.getMetadata(PROPERTIES, cls.prototype) as string[] | undefined) ?? [];
  for (const name of names.map((n) => n.replace(/^:/, ''))) {
    const meta = Reflect.getMetadata(PROPERTY, cls.prototype, name) as { example?: unknown } | undefined;
    if (meta?.example !== undefined) strings(meta.example, `${cls.name}.${name}`, name, out);
  }
  return out;
}

const allExamples = (): Found[] => [
  ...controllerExamples(),
  ...[
    SettlementAllocationDto,
    FeeDeclarationDto,
    AdvancedFeeDto,
    AdvancedFeeQueryDto,
    TransactionQueryDto,
    EnterpriseBanksDto,
    ForexTransactionRecorded,
  ].flatMap(classExamples),
  ...Object.values(dto)
    .filter((c): c is typeof dto.TransactionResponse => typeof c === 'function')
    .flatMap(classExamples),
];

describe('forex Swagger examples', () => {
  it('name the record of the example export order the console prefills (flow:ebpCode:orderNo)', () => {
    const h = EXPORT_ORDER_EXAMPLE.OrderHead;
    expect(FOREX_TX_EXAMPLE).toBe(`export:${h.ebpCode}:${h.orderNo}`);
    expect(h.ebpCode).toBe(DEMO_ENTERPRISES.platform.customsCode);
    // The receipt and the list of the example set belong to the same order, so the record assembles.
    expect(EXPORT_RECEIPT_EXAMPLE.Receipts).toMatchObject({ ebpCode: h.ebpCode, orderNo: h.orderNo });
    expect(EXPORT_INVENTORY_EXAMPLE.InventoryHead).toMatchObject({ ebpCode: h.ebpCode, orderNo: h.orderNo });
    // The demo sets pushed at npm start keep the platform (their ids differ only by order number).
    expect(demoExportSet().order.OrderHead.ebpCode).toBe(h.ebpCode);
  });

  it('use that record, the demo enterprises and the demo bank, nothing made up', () => {
    const found = allExamples();
    const records = found.filter((f) => /^(export|import):/.test(f.value));
    expect(records.map((r) => r.value)).toContain(FOREX_TX_EXAMPLE);
    for (const r of records)
      expect({ where: r.where, ebpCode: r.value.split(':')[1] }).toEqual({
        where: r.where,
        ebpCode: DEMO_ENTERPRISES.platform.customsCode,
      });
    const codes = found.filter((f) => CODE_KEYS.includes(f.key));
    expect(codes.length).toBeGreaterThan(5);
    for (const c of codes)
      expect({ where: c.where, known: DEMO_CODES.includes(c.value) }).toEqual({
        where: c.where,
        known: true,
      });
    const anomalyIds = found.filter((f) => f.value.startsWith('forex:total-volume:'));
    for (const a of anomalyIds) expect(DEMO_CODES).toContain(a.value.split(':')[3]);
    const banks = found.filter((f) => BANK_KEYS.includes(f.key));
    expect(banks.length).toBeGreaterThan(2);
    for (const b of banks)
      expect({ where: b.where, bank: b.value }).toEqual({ where: b.where, bank: DEMO_BANK.swiftCode });
    // The personal FX account examples: the demo individual seller.
    expect(found.filter((f) => f.key === 'customsCode').map((f) => f.value)).toContain(
      DEMO_INDIVIDUAL_SELLER.customsCode,
    );
  });

  it('are registered by the npm start seed: the individual seller and the demo bank, named by both sellers', async () => {
    // scripts/demo-seed.js against a recording fake gateway, with the demo constants as the built contracts.
    const root = mkdtempSync(join(tmpdir(), 'swx-forex-seed-'));
    const ceb = join(root, 'dist', 'libs', 'contracts', 'src', 'ceb');
    mkdirSync(ceb, { recursive: true });
    writeFileSync(
      join(ceb, 'demo-enterprises.js'),
      `module.exports = ${JSON.stringify({ DEMO_ENTERPRISES, DEMO_BANK, DEMO_INDIVIDUAL_SELLER })};`,
    );
    const calls: { method: string; url: string; token?: string; body?: Record<string, unknown> }[] = [];
    const clients = new Map<string, string>();
    let n = 0;
    const fake = jest.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const url = String(input).replace('http://gw', '');
      const method = init?.method ?? 'GET';
      const token = (init?.headers as Record<string, string> | undefined)?.authorization?.slice(7);
      const text = typeof init?.body === 'string' ? init.body : '';
      const body = text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      calls.push({ method, url, token, body });
      const json = (status: number, b: unknown) =>
        new Response(JSON.stringify(b), { status, headers: { 'content-type': 'application/json' } });
      if (url === '/v1/oauth/token') {
        const id = new URLSearchParams(text).get('client_id')!;
        return json(200, { access_token: `token-of-${id}` });
      }
      if (url === '/v1/clients') {
        const clientId = `client-${++n}`;
        clients.set(`token-of-${clientId}`, String(body?.enterpriseCode ?? body?.bankCode ?? body?.agency));
        return json(201, { clientId, clientSecret: 'secret' });
      }
      if (method === 'POST') return json(201, {});
      return json(200, {});
    });
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the seed is a plain node script
      const { seedDemo } = require('../../../../scripts/demo-seed.js') as {
        seedDemo: (o: object) => Promise<{ label: string }[]>;
      };
      const credentials = await seedDemo({
        root,
        gatewayUrl: 'http://gw',
        operatorId: 'op',
        operatorSecret: 'op',
        file: join(root, 'credentials.json'),
      });
      expect(credentials.map((c) => c.label)).toContain(
        `individual seller ${DEMO_INDIVIDUAL_SELLER.name} ${DEMO_INDIVIDUAL_SELLER.customsCode}`,
      );
    } finally {
      fake.mockRestore();
    }
    expect(
      calls.find((c) => c.url === '/v1/enterprises' && c.body?.kind === 'individual')?.body,
    ).toMatchObject({
      customsCode: DEMO_INDIVIDUAL_SELLER.customsCode,
      idNumber: DEMO_INDIVIDUAL_SELLER.idNumber,
      roles: ['ebc'],
    });
    expect(calls.find((c) => c.url === '/v1/banks')?.body).toMatchObject({ swiftCode: DEMO_BANK.swiftCode });
    const named = calls
      .filter((c) => c.method === 'PUT' && c.url === '/v1/forex/banks')
      .map((c) => ({ by: clients.get(c.token!), banks: c.body?.bankCodes }));
    expect(named).toEqual([
      { by: DEMO_ENTERPRISES.seller.customsCode, banks: [DEMO_BANK.swiftCode] },
      { by: DEMO_INDIVIDUAL_SELLER.customsCode, banks: [DEMO_BANK.swiftCode] },
    ]);
  });
});
