import { Injectable, Logger } from '@nestjs/common';
import { DOMParser, MIME_TYPE } from '@xmldom/xmldom';

import {
  CEB_NAMESPACE,
  type DocumentDescriptor,
  EXPORT_DESCRIPTORS,
  IMPORT_DESCRIPTORS,
  type RuleViolation,
  type SignatureCheck,
  verifyCebSignature,
} from '@swx/contracts';
import { FieldValidationException } from '@swx/platform';

import { GatewayEnv } from '../gateway.env';
import { CertificateRegistry } from './certificate-registry';

/** Message types whose XSD makes `ds:Signature` mandatory (REFERENCE 2: minOccurs 1). */
export const SIGNATURE_REQUIRED = new Set(['CEB621', 'CEB623', 'CEB625', 'CEB711']);

const DESCRIPTORS = [...IMPORT_DESCRIPTORS, ...EXPORT_DESCRIPTORS] as readonly DocumentDescriptor[];
const PATH = 'ds:Signature';

/** Failures where no registered certificate was involved: what the sandbox lets through with a warning. */
const UNVERIFIABLE = new Set<SignatureCheck['failure']>([
  'unknownCertificate',
  'malformed',
  'unsupportedAlgorithm',
]);

/**
 * Verifies the XML-DSig signature of a CEB XML message against the certificates registered to its parties: the
 * sender (`partyCode`), the transmitter (`BaseTransfer.copCode`) and the enterprise declaring in the head (the
 * type's sender field, e.g. `InventoryHead.agentCode`); any of them may sign. CEB621/623/625/711 must be signed;
 * other types are verified when they carry a signature. SIGNATURE_MODE=sandbox accepts absent and unverifiable
 * signatures (a placeholder, an unknown certificate) with a warning in the gateway log; a signature whose KeyInfo
 * names a registered certificate that does not verify it (tampered, expired) is refused in both modes.
 */
@Injectable()
export class SignatureVerifier {
  private readonly logger = new Logger(SignatureVerifier.name);

  constructor(
    private readonly env: GatewayEnv,
    private readonly certificates: CertificateRegistry,
  ) {}

  /** The reasons to refuse the message's signature; empty when it is acceptable. */
  async verify(
    xml: string,
    messageType: string,
    partyCode: string | readonly string[],
  ): Promise<RuleViolation[]> {
    const { root, parties } = partiesOf(
      xml,
      messageType,
      typeof partyCode === 'string' ? [partyCode] : partyCode,
    );
    // The message's own type decides (a message posted to another type's endpoint is refused after this).
    const type = (root ?? messageType).replace(/Message$/, '');
    // No element named Signature in the text at all: absent, without parsing the XML again or asking the
    // database for certificates (most XML messages of the optional types are unsigned).
    const check: SignatureCheck = xml.includes('Signature')
      ? verifyCebSignature(xml, await this.certificates.activeFor(parties))
      : { status: 'absent', reason: 'the message carries no ds:Signature' };
    const sandbox = this.env.SIGNATURE_MODE === 'sandbox';
    if (check.status === 'valid') return [];
    if (check.status === 'absent') {
      if (!SIGNATURE_REQUIRED.has(type)) return [];
      if (sandbox) return this.warn(type, parties, check);
      return [
        {
          path: PATH,
          rule: 'signature.required',
          message:
            `${type} must carry an enveloped ds:Signature (the XSD requires it), made with a certificate ` +
            `registered to ${parties.join(' or ')}`,
        },
      ];
    }
    // The sandbox refuses only a signature whose KeyInfo names a registered certificate that does not verify it.
    if (sandbox && (UNVERIFIABLE.has(check.failure) || !check.fingerprint))
      return this.warn(type, parties, check);
    return [{ path: PATH, rule: ruleOf(check), message: check.reason }];
  }

  /** Throws the 400 field errors when the signature is refused. */
  async assertAcceptable(
    xml: string,
    messageType: string,
    partyCode: string | readonly string[],
  ): Promise<void> {
    const violations = await this.verify(xml, messageType, partyCode);
    if (violations.length > 0) {
      throw new FieldValidationException(
        violations,
        'The XML message’s signature is refused; nothing was stored',
      );
    }
  }

  private warn(type: string, parties: string[], check: SignatureCheck): [] {
    this.logger.warn(
      {
        event: 'signature.sandbox',
        messageType: type,
        parties,
        status: check.status,
        failure: check.failure,
        fingerprint: check.fingerprint,
      },
      'SIGNATURE_MODE=sandbox: accepted a message whose signature is absent or unverifiable',
    );
    return [];
  }
}

function ruleOf(check: SignatureCheck): string {
  switch (check.failure) {
    case 'unknownCertificate':
      return 'signature.unknownCertificate';
    case 'expired':
      return 'signature.expired';
    default:
      return 'signature.invalid';
  }
}

/**
 * The root element of the message, and its parties: the given codes, BaseTransfer.copCode and the head's sender
 * codes, without repeats.
 */
function partiesOf(
  xml: string,
  messageType: string,
  given: readonly string[],
): { root?: string; parties: string[] } {
  const codes = new Set(given.filter(Boolean));
  let doc;
  try {
    doc = new DOMParser({ onError: () => undefined }).parseFromString(xml, MIME_TYPE.XML_TEXT);
  } catch {
    return { parties: [...codes] };
  }
  const rootElement = doc.documentElement;
  const localName = rootElement?.localName ?? '';
  const root =
    rootElement?.namespaceURI === CEB_NAMESPACE && /^CEB\d{3}Message$/.test(localName)
      ? localName
      : undefined;
  const type = (root ?? messageType).replace(/Message$/, '');
  const textsOf = (name: string, parent: string): string[] =>
    Array.from(doc.getElementsByTagNameNS(CEB_NAMESPACE, name))
      .filter((e) => (e.parentNode as { localName?: string } | null)?.localName === parent)
      .map((e) => (e.textContent ?? '').trim())
      .filter(Boolean);
  textsOf('copCode', 'BaseTransfer').forEach((c) => codes.add(c));
  const descriptor = DESCRIPTORS.find((d) => d.messageType === type);
  if (descriptor) textsOf(descriptor.senderCodeField, descriptor.headElement).forEach((c) => codes.add(c));
  return { root, parties: [...codes] };
}
