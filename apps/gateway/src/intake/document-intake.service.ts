import { ForbiddenException, HttpStatus, Injectable } from '@nestjs/common';

import { CebXmlMessage, CebXmlParseError, parseCebXml, RuleViolation, validateCebXml } from '@swx/contracts';
import { FieldValidationException, ProblemException } from '@swx/platform';

import type { Principal } from '../auth/principal';
import { CreditAccess } from '../credit/credit-access';
import type { IdempotencyClaim } from '../idempotency/idempotent-intake';
import { SignatureVerifier } from '../signatures/signature-verifier';
import { AcceptDocuments, IntakeResult } from './accept-documents.usecase';
import type { IntakeDocumentType } from './document-types';
import { documentsOfJsonBody, validateDocument } from './document-validation';
import { mayTransmitType, TransmissionContext, transmissionOf } from './transmission';
import { isXml } from './xml-body';

export interface IncomingRequest {
  body: unknown;
  rawBody: string;
  contentType: string;
  correlationId: string;
  idempotency?: IdempotencyClaim;
  respond?: (result: IntakeResult) => unknown;
}

/**
 * The intake of one document type: every document is validated (fields and arithmetic, all errors at once);
 * the sender declares in its own name (the head field naming the party carries its own code, and it holds the
 * type's role) or transmits for a party that authorised it, or sends an order as e-commerce enterprise for an
 * unregistered platform (see `transmission.ts`); then the documents are accepted in one transaction, in their
 * parties' names (ownership of earlier versions checked there).
 */
@Injectable()
export class DocumentIntake {
  constructor(
    private readonly acceptDocuments: AcceptDocuments,
    private readonly signatures: SignatureVerifier,
    private readonly credit: CreditAccess,
  ) {}

  async accept(
    type: IntakeDocumentType,
    request: IncomingRequest,
    principal: Principal,
  ): Promise<IntakeResult> {
    const { descriptor } = type;
    if (principal.kind !== 'enterprise' || !principal.enterpriseCode) {
      throw new ForbiddenException('Only enterprises declare documents');
    }
    // Authorisations are read only when needed: a sender in its own role declaring in its own name needs none.
    const grantsOf = () => this.acceptDocuments.grantsTo(principal.enterpriseCode!);
    let grants = mayTransmitType(descriptor, { principalRoles: principal.roles, grants: [] })
      ? undefined
      : await grantsOf();
    if (grants && !mayTransmitType(descriptor, { principalRoles: principal.roles, grants })) {
      throw new ForbiddenException(
        `Declaring ${descriptor.messageType} needs the '${descriptor.senderRole}' role, or an authorisation by the party to transmit it; this enterprise has ${principal.roles.join(', ') || 'none'}`,
      );
    }
    const { items, batch, violations } = isXml(request.contentType)
      ? await this.documentsOfXml(type, request.rawBody, principal)
      : documentsOfJsonBody(request.body);
    const documents: object[] = [];
    const errors: RuleViolation[] = [...violations];
    const warnings: RuleViolation[][] = [];
    items.forEach((item, i) => {
      const result = validateDocument(descriptor, item, batch ? `[${i}]` : '');
      errors.push(...result.violations);
      if (result.document) documents.push(result.document);
      warnings[i] = result.warnings ?? [];
    });
    if (errors.length > 0) {
      throw new FieldValidationException(
        errors,
        `The message has ${errors.length} error(s); nothing was stored`,
      );
    }
    const heads = documents.map(
      (document) => (document as Record<string, Record<string, unknown> | undefined>)[descriptor.headElement],
    );
    const code = principal.enterpriseCode;
    grants ??= heads.some((h) => h?.[descriptor.senderCodeField] !== code) ? await grantsOf() : [];
    const platforms =
      descriptor.messageType === 'CEB311'
        ? await this.acceptDocuments.registeredPlatforms(heads.map((h) => String(h?.ebpCode ?? '')))
        : new Set<string>();
    const context: TransmissionContext = {
      principalCode: code,
      principalRoles: principal.roles,
      grants,
      platformRegistered: (code) => platforms.has(code),
      now: new Date(),
    };
    const parties: string[] = [];
    const refused: RuleViolation[] = [];
    heads.forEach((head, i) => {
      const transmission = transmissionOf(descriptor, head, batch ? `[${i}].` : '', context);
      if (transmission.ok) parties.push(transmission.party);
      else refused.push(transmission.violation);
    });
    if (refused.length > 0) {
      throw new ProblemException(
        HttpStatus.FORBIDDEN,
        'A sender declares only in its own name, or in the name of a party that authorised it',
        refused,
      );
    }
    await this.credit.assertMayDeclare(descriptor, heads, { sender: code, parties }, batch);
    // Warnings (rules the standard does not state) travel with each document's outcome, replays included.
    const withWarnings = (result: IntakeResult): IntakeResult => ({
      ...result,
      documents: result.documents.map((d) =>
        warnings[d.position]?.length ? { ...d, warnings: warnings[d.position] } : d,
      ),
    });
    const result = await this.acceptDocuments.execute({
      type,
      documents,
      parties,
      batch,
      rawBody: request.rawBody,
      contentType: request.contentType,
      principal,
      correlationId: request.correlationId,
      idempotency: request.idempotency,
      respond: request.respond && ((r) => request.respond!(withWarnings(r))),
    });
    return withWarnings(result);
  }

  /**
   * A CEB XML message: checked against the official XSD (every error with its line), its root element must be
   * this endpoint's message type, and its BaseTransfer.copCode the sender's own code (the standard requires
   * it to be the connected client's enterprise). Documents come back as plain objects for validation.
   */
  private async documentsOfXml(
    type: IntakeDocumentType,
    xml: string,
    principal: Principal,
  ): Promise<{ items: unknown[]; batch: boolean; violations: RuleViolation[] }> {
    const schema = await validateCebXml(xml);
    if (!schema.valid) {
      throw new FieldValidationException(
        schema.errors.map((e) => ({
          path: e.path ?? (e.line ? `line ${e.line}` : '(body)'),
          rule: 'xsd',
          message: e.message,
          ...(e.line ? { line: e.line } : {}),
          ...(e.column ? { column: e.column } : {}),
        })),
        'The XML message does not conform to the CEB schema; nothing was stored',
      );
    }
    await this.signatures.assertAcceptable(xml, type.descriptor.messageType, principal.enterpriseCode ?? []);
    const message = parseOrRefuse(xml);
    const { descriptor } = type;
    if (message.rootElement !== descriptor.rootElement) {
      throw new FieldValidationException([
        {
          path: message.rootElement,
          rule: 'rootElement',
          message: `this endpoint takes ${descriptor.rootElement} messages, not ${message.rootElement}`,
        },
      ]);
    }
    const copCode = message.baseTransfer?.copCode;
    if (copCode !== principal.enterpriseCode) {
      throw new ProblemException(HttpStatus.FORBIDDEN, 'A sender transmits only in its own name', [
        {
          path: 'BaseTransfer.copCode',
          rule: 'sender.ownCode',
          message: `copCode ${String(copCode)} is not the sender's own code ${principal.enterpriseCode}`,
        },
      ]);
    }
    // A document that is a single element (CEB513 LogisticsStatus, CEB623 InvtCancel) is its own head in JSON.
    const items =
      descriptor.documentElement === descriptor.headElement
        ? message.documents.map((d) => ({ [descriptor.headElement]: d }))
        : message.documents;
    return { items, batch: true, violations: [] };
  }
}

function parseOrRefuse(xml: string): CebXmlMessage {
  try {
    return parseCebXml(xml);
  } catch (e) {
    if (!(e instanceof CebXmlParseError)) throw e;
    throw new FieldValidationException([{ path: '(body)', rule: 'xml', message: e.message }]);
  }
}
