import type { ClientKind } from './oauth-client.entity';
import { Scope, Scopes } from './principal';

/**
 * The scopes a client of each kind gets when none are asked for, and all it may be granted.
 * `personal-data:read` is never a default: it is granted only when asked for explicitly.
 */
export const CLIENT_SCOPE_POLICY: Record<ClientKind, { defaults: Scope[]; grantable: Scope[] }> = {
  enterprise: {
    defaults: [Scopes.DocumentsWrite, Scopes.DocumentsRead, Scopes.WebhooksManage],
    grantable: [Scopes.DocumentsWrite, Scopes.DocumentsRead, Scopes.WebhooksManage, Scopes.PersonalData],
  },
  regulator: {
    defaults: [Scopes.RegulatorRead],
    grantable: [Scopes.RegulatorRead, Scopes.PersonalData],
  },
  operator: {
    defaults: [Scopes.RegistryRead, Scopes.RegistryWrite, Scopes.CredentialsManage],
    grantable: [Scopes.RegistryRead, Scopes.RegistryWrite, Scopes.CredentialsManage],
  },
  bank: {
    defaults: [Scopes.ForexBank],
    grantable: [Scopes.ForexBank],
  },
};

export const ALL_SCOPES: Scope[] = Object.values(Scopes);

/** What each scope allows, for the Swagger console's Authorize dialog. */
export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  [Scopes.DocumentsWrite]: 'Enterprises: submit documents in their own roles',
  [Scopes.DocumentsRead]: 'Enterprises: read their own messages and receipts',
  [Scopes.WebhooksManage]: 'Enterprises: manage their webhook subscriptions',
  [Scopes.RegulatorRead]: 'Regulators: read documents, receipts and the registry',
  [Scopes.PersonalData]: 'Read personal data (ID numbers, phones) unmasked',
  [Scopes.RegistryRead]: 'Operators: read the enterprise registry',
  [Scopes.RegistryWrite]: 'Operators: register, change, suspend and reactivate enterprises',
  [Scopes.CredentialsManage]: 'Operators: issue, rotate and revoke client credentials',
  [Scopes.ForexBank]: "Banks: read their customers' transaction e-information and report settlements",
};
