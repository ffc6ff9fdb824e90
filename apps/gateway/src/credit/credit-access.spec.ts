import { HttpStatus } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { CEB303, CEB311, CEB603, CEB621 } from '@swx/contracts';
import { ProblemException } from '@swx/platform';

import { CreditAccess, namedCodes } from './credit-access';

const START = new Date('2026-11-20T02:00:00Z');

/** The gateway's blacklist as rows, answering the access check's one query with the entries of the codes named. */
function blacklistOf(...codes: string[]) {
  const queries: unknown[][] = [];
  const dataSource = {
    query: (_sql: string, params: unknown[]) => {
      queries.push(params);
      const named = params[0] as string[];
      return Promise.resolve(
        codes
          .filter((c) => named.includes(c))
          .map((c) => ({
            named: c,
            enterprise_code: c,
            reason: `走私 ${c}`,
            start_at: START,
            end_at: null,
            appeal: 'POST /v1/credit/appeals',
          })),
      );
    },
  } as unknown as DataSource;
  return { access: new CreditAccess(dataSource), queries };
}

async function refusal(promise: Promise<void>): Promise<ProblemException> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProblemException);
  expect((error as ProblemException).getStatus()).toBe(HttpStatus.FORBIDDEN);
  return error as ProblemException;
}

describe('the credit blacklist at intake', () => {
  const order = structuredClone(CEB311.example) as unknown as { OrderHead: Record<string, unknown> };
  const list = structuredClone(CEB621.example) as unknown as { InventoryHead: Record<string, unknown> };
  const platform = String(order.OrderHead.ebpCode);
  const seller = String(order.OrderHead.ebcCode);

  it('refuses a new order naming a blacklisted e-commerce enterprise, though the platform sends it, in one query', async () => {
    const { access, queries } = blacklistOf(seller);
    const refused = await refusal(
      access.assertMayDeclare(CEB311, [order.OrderHead], { sender: platform, parties: [platform] }),
    );
    expect(refused.errors).toEqual([
      {
        path: 'OrderHead.ebcCode',
        rule: 'credit.blacklisted',
        message: expect.stringContaining(`走私 ${seller}`) as unknown as string,
      },
    ]);
    expect(refused.errors[0].message).toContain('/v1/credit/appeals');
    expect(queries).toHaveLength(1);
    expect(queries[0][0]).toEqual(expect.arrayContaining([platform, seller]));
  });

  it('names every party field of an import and an export list, and reports where each listed code is named', async () => {
    const head = list.InventoryHead;
    const named = namedCodes('InventoryHead', [head], { sender: String(head.agentCode), parties: [] }, false);
    for (const field of ['ebpCode', 'ebcCode', 'logisticsCode', 'assureCode', 'agentCode'])
      expect(named.has(String(head[field]))).toBe(true);
    expect(named.get(String(head.agentCode))).toBe('(sender)');

    const exportHead: Record<string, unknown> = {
      ...(CEB603.example as unknown as { InventoryHead: Record<string, unknown> }).InventoryHead,
      ownerCode: '3301965555',
      iacCode: '3301966666',
    };
    const exported = namedCodes('InventoryHead', [{}, exportHead], { sender: 'X', parties: [] }, true);
    expect(exported.get('3301965555')).toBe('[1].InventoryHead.ownerCode');
    expect(exported.get('3301966666')).toBe('[1].InventoryHead.iacCode');
    expect(exported.get(String(exportHead.ebcCode))).toBe('[1].InventoryHead.ebcCode');

    const { access } = blacklistOf(String(head.logisticsCode), String(head.agentCode));
    const refused = await refusal(
      access.assertMayDeclare(CEB621, [head], { sender: String(head.agentCode), parties: [] }),
    );
    expect(refused.errors.map((e) => e.path)).toEqual(['(sender)', 'InventoryHead.logisticsCode']);
  });

  it('lets through changes of earlier declarations, withdrawals, and declarations naming no listed party', async () => {
    const { access, queries } = blacklistOf(seller);
    const change = { ...order.OrderHead, appType: '2' };
    await expect(
      access.assertMayDeclare(CEB311, [change], { sender: platform, parties: [platform] }),
    ).resolves.toBeUndefined();
    await expect(
      access.assertMayDeclare({ messageType: 'CEB623', headElement: 'InvtCancel' }, [list.InventoryHead], {
        sender: platform,
        parties: [],
      }),
    ).resolves.toBeUndefined();
    expect(queries).toHaveLength(0);
    const clean = blacklistOf('3301969999');
    await expect(
      clean.access.assertMayDeclare(
        CEB303,
        [(CEB303.example as unknown as { OrderHead: object }).OrderHead as Record<string, unknown>],
        {
          sender: platform,
          parties: [],
        },
      ),
    ).resolves.toBeUndefined();
    expect(clean.queries).toHaveLength(1);
  });
});
