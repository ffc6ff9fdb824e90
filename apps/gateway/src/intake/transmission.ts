import type { DocumentDescriptor, EnterpriseRole, RuleViolation } from '@swx/contracts';

/**
 * Who may transmit a document (issue 18.3), as pure rules.
 *
 * A document is declared in the name of its party: the head field the descriptor names (`ebpCode` of an order,
 * `payCode`, `logisticsCode`, `agentCode` of a list...). The enterprise that sends it (the authenticated client,
 * in XML also `BaseTransfer.copCode`) is its transmitter. The transmitter may be:
 * - the party itself, holding the type's role;
 * - a transmitter the party authorised (委托) for this message type, before the authorisation's `validUntil`
 *   (the party must be registered and active, in the type's role);
 * - for a CEB311 order: the e-commerce enterprise (`ebcCode`, role `ebc`) when the platform named in `ebpCode`
 *   is not registered with customs (「电商平台未在海关注册登记，由电商企业发送订单的，以中国电子口岸发布的电商平台标识
 *   编号为准」): `ebpCode` is then the e-port's platform identifier, and the party (who owns the order and reads
 *   its receipts) is the e-commerce enterprise. "Not registered" means: no registration in this registry, active
 *   or suspended, of that code (customs code or credit code) in the `ebp` role. A transmitter the e-commerce
 *   enterprise authorised for CEB311 may send such an order too.
 */
export interface TransmitterGrant {
  partyCode: string;
  messageTypes: readonly string[];
  validUntil: Date;
  /** The party's registration: active, and its roles (a suspended party has nothing transmitted for it). */
  partyActive: boolean;
  partyRoles: readonly EnterpriseRole[];
}

export interface TransmissionContext {
  principalCode: string;
  principalRoles: readonly EnterpriseRole[];
  /** Authorisations granted to the principal, revoked ones left out (expired ones kept, to say so). */
  grants: readonly TransmitterGrant[];
  /** Whether a platform code is registered in the `ebp` role (for the CEB311 rule). */
  platformRegistered: (code: string) => boolean;
  now: Date;
}

export type Transmission =
  | { ok: true; party: string; basis: 'own' | 'authorised' | 'unregisteredPlatform' }
  | { ok: false; violation: RuleViolation };

/** Whether the principal may send this document, and in whose name (the party), or the rule it breaks. */
export function transmissionOf(
  descriptor: Pick<DocumentDescriptor, 'messageType' | 'headElement' | 'senderCodeField' | 'senderRole'>,
  head: Record<string, unknown> | undefined,
  path: string,
  context: TransmissionContext,
): Transmission {
  const field = descriptor.senderCodeField;
  const code = head?.[field];
  const at = `${path}${descriptor.headElement}.${field}`;
  const refuse = (rule: string, message: string): Transmission => ({
    ok: false,
    violation: { path: at, rule, message },
  });
  if (typeof code !== 'string') return refuse('sender.ownCode', `${field} is missing`);

  if (code === context.principalCode) {
    return context.principalRoles.includes(descriptor.senderRole)
      ? { ok: true, party: code, basis: 'own' }
      : refuse(
          'sender.role',
          `declaring ${descriptor.messageType} in its own name needs the '${descriptor.senderRole}' role`,
        );
  }

  const byParty = (party: string) => context.grants.find((g) => g.partyCode === party);
  const asAuthorised = (party: string, role: EnterpriseRole): Transmission | undefined => {
    const grant = byParty(party);
    if (!grant) return undefined;
    if (!grant.messageTypes.includes(descriptor.messageType)) {
      return refuse(
        'transmitter.messageType',
        `${party} authorised this sender to transmit ${grant.messageTypes.join(', ')}, not ${descriptor.messageType}`,
      );
    }
    if (context.now.getTime() >= grant.validUntil.getTime()) {
      return refuse('transmitter.expired', `the authorisation by ${party} to transmit has expired`);
    }
    if (!grant.partyActive) {
      return refuse('transmitter.partySuspended', `${party} is suspended: nothing is transmitted for it`);
    }
    if (!grant.partyRoles.includes(role)) {
      return refuse('transmitter.partyRole', `${party} is not registered in the '${role}' role`);
    }
    return { ok: true, party, basis: 'authorised' };
  };

  const forParty = byParty(code) ? asAuthorised(code, descriptor.senderRole) : undefined;
  if (forParty) return forParty;
  if (descriptor.messageType === 'CEB311') {
    const ebcCode = head?.ebcCode;
    if (typeof ebcCode === 'string') {
      const byEbc =
        ebcCode === context.principalCode
          ? context.principalRoles.includes('ebc')
            ? ({ ok: true, party: ebcCode, basis: 'unregisteredPlatform' } as const)
            : undefined
          : asAuthorised(ebcCode, 'ebc');
      if (byEbc?.ok) {
        return context.platformRegistered(code)
          ? refuse(
              'sender.platformRegistered',
              `platform ${code} is registered with customs: it sends its orders itself (or through a transmitter it authorised)`,
            )
          : { ...byEbc, basis: 'unregisteredPlatform' };
      }
    }
  }

  return refuse(
    'sender.ownCode',
    `${field} ${code} is neither the sender's own code ${context.principalCode} nor a party that authorised it to transmit ${descriptor.messageType}`,
  );
}

/**
 * Whether the principal might transmit this type at all (checked before the body is read): in its own role, as
 * e-commerce enterprise for an order, or as a transmitter of some party (each document is then checked, and a
 * refusal names the rule: another type, expired...).
 */
export function mayTransmitType(
  descriptor: Pick<DocumentDescriptor, 'messageType' | 'senderRole'>,
  context: Pick<TransmissionContext, 'principalRoles' | 'grants'>,
): boolean {
  return (
    context.principalRoles.includes(descriptor.senderRole) ||
    (descriptor.messageType === 'CEB311' && context.principalRoles.includes('ebc')) ||
    context.grants.length > 0
  );
}
