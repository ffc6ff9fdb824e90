import { createParamDecorator, ExecutionContext } from '@nestjs/common';

import { type EnterpriseRole, REGULATOR_AGENCIES, type RegulatorAgency } from '@swx/contracts';

/** Regulator agencies that read through the API and subscribe to event topics (@swx/contracts AGENCY_TOPICS). */
export const AGENCIES = REGULATOR_AGENCIES;
export type Agency = RegulatorAgency;

/** OAuth2 scopes of the single window's API. */
export const Scopes = {
  /** Submit documents in the enterprise's own roles. */
  DocumentsWrite: 'documents:write',
  /** Read the enterprise's own messages and receipts. */
  DocumentsRead: 'documents:read',
  /** Manage the enterprise's webhook subscriptions. */
  WebhooksManage: 'webhooks:manage',
  /** Regulators: read documents, receipts and records within their agency. */
  RegulatorRead: 'regulator:read',
  /** Read personal data (buyer ID numbers, phones) unmasked. */
  PersonalData: 'personal-data:read',
  /** Operators: read and write the enterprise registry. */
  RegistryRead: 'registry:read',
  RegistryWrite: 'registry:write',
  /** Operators: issue, rotate and revoke client credentials. */
  CredentialsManage: 'credentials:manage',
  /** Banks: read their customers' transaction e-information and report settlements (forex). */
  ForexBank: 'forex:bank',
} as const;
export type Scope = (typeof Scopes)[keyof typeof Scopes];

/**
 * The authenticated caller of a request. Tokens are HS256 JWTs signed with `AUTH_JWT_SECRET`:
 * `iss` `single-window`, `aud` `single-window-api`, `sub` client id, `jti`, `iat`, `exp`, and the claims
 * `kind`, `ent` (enterprise customs code), `roles`, `agency`, `scope` (space-separated scopes); a named person's
 * session token also has `per` (staff account id) and `sid` (session id), and `sub` `person:<login>`.
 */
export interface Principal {
  clientId: string;
  kind: 'enterprise' | 'regulator' | 'operator' | 'bank';
  /** Customs code (10 characters) of the enterprise, for enterprise clients. */
  enterpriseCode?: string;
  /** Registered roles of the enterprise (备案), for enterprise clients. */
  roles: EnterpriseRole[];
  agency?: Agency;
  /** SWIFT BIC of the bank, for bank clients. */
  bankCode?: string;
  scopes: Scope[];
  tokenId: string;
  /**
   * A named person signed in to the console (a staff account of an operator or a regulator agency): its account
   * id and session id. `clientId` is then `person:<login>`, so reads and decisions audited by client id name the
   * person.
   */
  person?: { id: string; login: string; sessionId: string };
}

export const hasScope = (principal: Principal, scope: Scope): boolean => principal.scopes.includes(scope);

/** The principal the auth guard attached to the request. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const principal = context.switchToHttp().getRequest<{ principal?: Principal }>().principal;
    if (!principal) throw new Error('CurrentPrincipal used on a route without @Authenticated()');
    return principal;
  },
);
