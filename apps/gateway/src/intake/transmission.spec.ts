import { CEB311, CEB621 } from '@swx/contracts';

import { mayTransmitType, TransmissionContext, TransmitterGrant, transmissionOf } from './transmission';

const NOW = new Date('2026-11-30T10:00:00+08:00');
const BROKER = '3301960003';
const TRANSMITTER = '3301960099';
const SELLER = '3301960002';
const PLATFORM = '3301960001';
const EPORT_PLATFORM_ID = 'PTE5100141';

const grant = (over: Partial<TransmitterGrant> = {}): TransmitterGrant => ({
  partyCode: BROKER,
  messageTypes: ['CEB621', 'CEB623'],
  validUntil: new Date('2026-12-31T23:59:59+08:00'),
  partyActive: true,
  partyRoles: ['agent'],
  ...over,
});

const context = (over: Partial<TransmissionContext> = {}): TransmissionContext => ({
  principalCode: TRANSMITTER,
  principalRoles: ['agent'],
  grants: [grant()],
  platformRegistered: (code) => code === PLATFORM,
  now: NOW,
  ...over,
});

const list = (agentCode: string) => ({ agentCode, ebcCode: SELLER, orderNo: 'ORD1' });
const order = (ebpCode: string, ebcCode = SELLER) => ({ ebpCode, ebcCode, orderNo: 'ORD1' });

describe('who may transmit a document (issue 18.3)', () => {
  it('takes a document in the sender’s own name when it holds the role', () => {
    expect(transmissionOf(CEB621, list(BROKER), '', context({ principalCode: BROKER }))).toEqual({
      ok: true,
      party: BROKER,
      basis: 'own',
    });
    expect(
      transmissionOf(CEB621, list(BROKER), '', context({ principalCode: BROKER, principalRoles: ['ebc'] })),
    ).toMatchObject({ ok: false, violation: { rule: 'sender.role', path: 'InventoryHead.agentCode' } });
  });

  it('takes a document for a party that authorised the sender for this type, until validUntil', () => {
    expect(transmissionOf(CEB621, list(BROKER), '[2].', context())).toEqual({
      ok: true,
      party: BROKER,
      basis: 'authorised',
    });
    // The transmitter needs no role of its own: the party holds it.
    expect(transmissionOf(CEB621, list(BROKER), '', context({ principalRoles: [] }))).toMatchObject({
      ok: true,
    });
    const atTheEnd = context({ now: new Date('2026-12-31T23:59:59+08:00') });
    expect(transmissionOf(CEB621, list(BROKER), '[2].', atTheEnd)).toMatchObject({
      ok: false,
      violation: { rule: 'transmitter.expired', path: '[2].InventoryHead.agentCode' },
    });
  });

  it('refuses another message type, a suspended party, a party without the role, and no authorisation', () => {
    const refusal = (c: TransmissionContext, head = list(BROKER)) => {
      const t = transmissionOf(CEB621, head, '', c);
      return t.ok ? 'ok' : t.violation.rule;
    };
    expect(refusal(context({ grants: [grant({ messageTypes: ['CEB623'] })] }))).toBe(
      'transmitter.messageType',
    );
    expect(refusal(context({ grants: [grant({ partyActive: false })] }))).toBe('transmitter.partySuspended');
    expect(refusal(context({ grants: [grant({ partyRoles: ['ebc'] })] }))).toBe('transmitter.partyRole');
    expect(refusal(context({ grants: [] }))).toBe('sender.ownCode');
    expect(refusal(context(), list('3301960777'))).toBe('sender.ownCode');
  });

  it('lets the e-commerce enterprise send an order for an unregistered platform, in its own name', () => {
    const seller = context({ principalCode: SELLER, principalRoles: ['ebc'], grants: [] });
    expect(transmissionOf(CEB311, order(EPORT_PLATFORM_ID), '', seller)).toEqual({
      ok: true,
      party: SELLER,
      basis: 'unregisteredPlatform',
    });
    expect(transmissionOf(CEB311, order(PLATFORM), '', seller)).toMatchObject({
      ok: false,
      violation: { rule: 'sender.platformRegistered', path: 'OrderHead.ebpCode' },
    });
    // Not the order's e-commerce enterprise, or without the ebc role: the platform's code is foreign.
    expect(transmissionOf(CEB311, order(EPORT_PLATFORM_ID, '3301960777'), '', seller)).toMatchObject({
      ok: false,
      violation: { rule: 'sender.ownCode' },
    });
    const noRole = context({ principalCode: SELLER, principalRoles: ['pay'], grants: [] });
    expect(transmissionOf(CEB311, order(EPORT_PLATFORM_ID), '', noRole)).toMatchObject({ ok: false });
  });

  it('lets a transmitter the e-commerce enterprise authorised for CEB311 send such an order', () => {
    const c = context({
      grants: [grant({ partyCode: SELLER, messageTypes: ['CEB311'], partyRoles: ['ebc'] })],
    });
    expect(transmissionOf(CEB311, order(EPORT_PLATFORM_ID), '', c)).toEqual({
      ok: true,
      party: SELLER,
      basis: 'unregisteredPlatform',
    });
    expect(transmissionOf(CEB311, order(PLATFORM), '', c)).toMatchObject({ ok: false });
  });

  it('knows before parsing whether a sender might transmit a type at all', () => {
    expect(mayTransmitType(CEB621, { principalRoles: ['agent'], grants: [] })).toBe(true);
    expect(mayTransmitType(CEB621, { principalRoles: [], grants: [grant()] })).toBe(true);
    expect(mayTransmitType(CEB311, { principalRoles: ['ebc'], grants: [] })).toBe(true);
    expect(mayTransmitType(CEB311, { principalRoles: ['pay'], grants: [grant()] })).toBe(true);
    expect(mayTransmitType(CEB311, { principalRoles: ['pay'], grants: [] })).toBe(false);
  });
});
