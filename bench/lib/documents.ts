import { randomUUID } from 'node:crypto';

import {
  CEB311,
  CEB411,
  CEB511,
  CEB621,
  type DocumentDescriptor,
  IMPORT_INVENTORY_EXAMPLE,
  IMPORT_ORDER_EXAMPLE,
  IMPORT_PAYMENT_EXAMPLE,
  IMPORT_WAYBILL_EXAMPLE,
  type ImportInventory,
  type ImportOrder,
  type ImportPayment,
  type ImportWaybill,
  usccCheckCharacter,
} from '@swx/contracts';
import { cebXmlMessage, mintToken } from '@swx/testing';

/** The four import documents of one order, in the order they are declared. */
export const DOC_TYPES = ['CEB311', 'CEB411', 'CEB511', 'CEB621'] as const;
export type DocType = (typeof DOC_TYPES)[number];

export const DESCRIPTORS: Record<DocType, DocumentDescriptor> = {
  CEB311: CEB311 as unknown as DocumentDescriptor,
  CEB411: CEB411 as unknown as DocumentDescriptor,
  CEB511: CEB511 as unknown as DocumentDescriptor,
  CEB621: CEB621 as unknown as DocumentDescriptor,
};

export const PATHS: Record<DocType, string> = {
  CEB311: '/v1/import/orders',
  CEB411: '/v1/import/payments',
  CEB511: '/v1/import/waybills',
  CEB621: '/v1/import/inventories',
};

type Role = 'ebp' | 'ebc' | 'pay' | 'logistics' | 'agent' | 'warehouse';

export interface BenchEnterprise {
  customsCode: string;
  creditCode: string;
  name: string;
  role: Role;
  /** Access token minted with the gateway's AUTH_JWT_SECRET (documents:write, documents:read). */
  token: string;
}

const ROLE_DIGIT: Record<Role, string> = {
  ebp: '1',
  ebc: '2',
  pay: '3',
  logistics: '4',
  agent: '5',
  warehouse: '6',
};
const ROLE_NAME: Record<Role, string> = {
  ebp: '压测跨境电商平台',
  ebc: '压测海外店铺',
  pay: '压测支付公司',
  logistics: '压测国际物流',
  agent: '压测报关企业',
  warehouse: '压测保税仓库',
};

function enterprise(role: Role, index: number, secret: string): BenchEnterprise {
  const serial = String(index).padStart(5, '0');
  // customs code: 4-digit district, 'B' (bench), role digit, serial; credit code: a valid GB 32100 code
  const customsCode = `3301B${ROLE_DIGIT[role]}${serial.slice(-4)}`;
  const first17 = `91330100BN${ROLE_DIGIT[role]}${serial}0`.slice(0, 17);
  return {
    customsCode,
    creditCode: `${first17}${usccCheckCharacter(first17)}`,
    name: `${ROLE_NAME[role]}${index}号有限公司`,
    role,
    token: mintToken(
      {
        sub: `bench-${customsCode}`,
        kind: 'enterprise',
        ent: customsCode,
        roles: [role],
        scopes: ['documents:write', 'documents:read'],
        expiresInSeconds: 24 * 3600,
      },
      secret,
    ),
  };
}

export interface EnterpriseSet {
  ebp: BenchEnterprise[];
  ebc: BenchEnterprise[];
  pay: BenchEnterprise[];
  logistics: BenchEnterprise[];
  agent: BenchEnterprise[];
  warehouse: BenchEnterprise[];
}

export function enterpriseSet(counts: Record<Role, number>, secret: string): EnterpriseSet {
  const make = (role: Role) =>
    Array.from({ length: counts[role] }, (_, i) => enterprise(role, i + 1, secret));
  return {
    ebp: make('ebp'),
    ebc: make('ebc'),
    pay: make('pay'),
    logistics: make('logistics'),
    agent: make('agent'),
    warehouse: make('warehouse'),
  };
}

export const allEnterprises = (set: EnterpriseSet): BenchEnterprise[] => Object.values(set).flat();

/** Registers every enterprise (备案) through the operator API, so customs' registry projection knows them. */
export async function registerEnterprises(
  gatewayUrl: string,
  set: EnterpriseSet,
  secrets: Record<string, string>,
): Promise<void> {
  const tokenRes = await fetch(`${gatewayUrl}/v1/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: secrets.OPERATOR_CLIENT_ID,
      client_secret: secrets.OPERATOR_CLIENT_SECRET,
    }).toString(),
  });
  if (tokenRes.status !== 200)
    throw new Error(`operator token: HTTP ${tokenRes.status} ${await tokenRes.text()}`);
  const operator = ((await tokenRes.json()) as { access_token: string }).access_token;
  const list = allEnterprises(set);
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const e = list[next++];
      const res = await fetch(`${gatewayUrl}/v1/enterprises`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${operator}` },
        body: JSON.stringify({
          customsCode: e.customsCode,
          kind: 'enterprise',
          creditCode: e.creditCode,
          name: e.name,
          roles: [e.role],
          contacts: [{ name: '压测联系人', telephone: '057100000000', email: 'bench@example.com' }],
        }),
      });
      if (res.status !== 201 && res.status !== 409) {
        throw new Error(`registering ${e.customsCode}: HTTP ${res.status} ${await res.text()}`);
      }
      await res.arrayBuffer().catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

/** A regulator (customs) token for the receipt feed. */
export function regulatorToken(secret: string): string {
  return mintToken(
    {
      sub: 'bench-customs-regulator',
      kind: 'regulator',
      agency: 'customs',
      scopes: ['regulator:read'],
      expiresInSeconds: 24 * 3600,
    },
    secret,
  );
}

// --- buyers ----------------------------------------------------------------------------------------------

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平';

export interface Buyer {
  name: string;
  idNumber: string;
  telephone: string;
  regNo: string;
  address: string;
}

/** A fictitious buyer: resident ID number with a valid GB 11643 check digit, mobile number, address. */
export function buyer(index: number): Buyer {
  const month = String((index % 12) + 1).padStart(2, '0');
  const day = String((index % 28) + 1).padStart(2, '0');
  const first17 = `330106${1970 + (index % 30)}${month}${day}${String(index % 1000).padStart(3, '0')}`;
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * ID_WEIGHTS[i], 0);
  const name = `${SURNAMES[index % SURNAMES.length]}${GIVEN[Math.floor(index / SURNAMES.length) % GIVEN.length]}`;
  return {
    name,
    idNumber: `${first17}${ID_CHECK[sum % 11]}`,
    telephone: `139${String(index).padStart(8, '0').slice(-8)}`,
    regNo: `bench-buyer-${index}`,
    address: `浙江省杭州市西湖区压测路 ${index} 号`,
  };
}

// --- one order's documents -------------------------------------------------------------------------------

export interface Parties {
  ebp: BenchEnterprise;
  ebc: BenchEnterprise;
  pay: BenchEnterprise;
  logistics: BenchEnterprise;
  agent: BenchEnterprise;
  warehouse: BenchEnterprise;
}

export interface OrderSet {
  index: number;
  orderNo: string;
  parties: Parties;
  documents: Record<DocType, object>;
}

const guid = () => randomUUID().toUpperCase();

/** Order, payment, waybill and list of one order, consistent with each other (the demo set's amounts). */
export function orderSet(index: number, runTag: string, parties: Parties, who: Buyer): OrderSet {
  const serial = String(index).padStart(7, '0');
  const orderNo = `BN${runTag}${serial}`;
  const payTransactionId = `PY${runTag}${serial}`;
  const logisticsNo = `LN${runTag}${serial}`;
  const { ebp, ebc, pay, logistics, agent, warehouse } = parties;

  const o = structuredClone(IMPORT_ORDER_EXAMPLE);
  const order: ImportOrder = {
    ...o,
    OrderHead: {
      ...o.OrderHead,
      guid: guid(),
      orderNo,
      ebpCode: ebp.customsCode,
      ebpName: ebp.name,
      ebcCode: ebc.customsCode,
      ebcName: ebc.name,
      buyerRegNo: who.regNo,
      buyerName: who.name,
      buyerTelephone: who.telephone,
      buyerIdNumber: who.idNumber,
      payCode: pay.customsCode,
      payName: pay.name,
      payTransactionId,
      consignee: who.name,
      consigneeTelephone: who.telephone,
      consigneeAddress: who.address,
    },
  };
  const p = structuredClone(IMPORT_PAYMENT_EXAMPLE);
  const payment: ImportPayment = {
    ...p,
    PaymentHead: {
      ...p.PaymentHead,
      guid: guid(),
      payCode: pay.customsCode,
      payName: pay.name,
      payTransactionId,
      orderNo,
      ebpCode: ebp.customsCode,
      ebpName: ebp.name,
      payerIdNumber: who.idNumber,
      payerName: who.name,
      telephone: who.telephone,
    },
  };
  const w = structuredClone(IMPORT_WAYBILL_EXAMPLE);
  const waybill: ImportWaybill = {
    ...w,
    LogisticsHead: {
      ...w.LogisticsHead,
      guid: guid(),
      logisticsCode: logistics.customsCode,
      logisticsName: logistics.name,
      logisticsNo,
      orderNo,
      consignee: who.name,
      consigneeAddress: who.address,
      consigneeTelephone: who.telephone,
    },
  };
  const l = structuredClone(IMPORT_INVENTORY_EXAMPLE);
  const list: ImportInventory = {
    ...l,
    InventoryHead: {
      ...l.InventoryHead,
      guid: guid(),
      orderNo,
      ebpCode: ebp.customsCode,
      ebpName: ebp.name,
      ebcCode: ebc.customsCode,
      ebcName: ebc.name,
      logisticsNo,
      logisticsCode: logistics.customsCode,
      logisticsName: logistics.name,
      copNo: `CP${runTag}${serial}`,
      assureCode: agent.customsCode,
      buyerIdNumber: who.idNumber,
      buyerName: who.name,
      buyerTelephone: who.telephone,
      consigneeAddress: who.address,
      agentCode: agent.customsCode,
      agentName: agent.name,
      areaCode: warehouse.customsCode,
      areaName: warehouse.name,
    },
  };
  return {
    index,
    orderNo,
    parties,
    documents: { CEB311: order, CEB411: payment, CEB511: waybill, CEB621: list },
  };
}

/** Who sends each document type. */
export const senderOf = (set: OrderSet, type: DocType): BenchEnterprise =>
  ({
    CEB311: set.parties.ebp,
    CEB411: set.parties.pay,
    CEB511: set.parties.logistics,
    CEB621: set.parties.agent,
  })[type];

/** The CEB XML message carrying `documents` of one type, sent by `sender`. */
export const xmlMessage = (type: DocType, documents: object[], sender: BenchEnterprise): string =>
  cebXmlMessage(DESCRIPTORS[type], documents, sender.customsCode, guid());
