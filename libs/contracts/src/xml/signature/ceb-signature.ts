import type { BinaryLike, KeyLike } from 'node:crypto';

import { DOMParser, Element, MIME_TYPE, XMLSerializer } from '@xmldom/xmldom';
import { sm2, sm3 } from 'sm-crypto';
import { type ErrorFirstCallback, type HashAlgorithm, type SignatureAlgorithm, SignedXml } from 'xml-crypto';

import {
  algorithmOfPrivateKey,
  CEB_DIGEST_METHODS,
  CEB_SIGNATURE_METHODS,
  CebSignatureAlgorithm,
  CertificateError,
  CertificateInfo,
  parseCertificate,
  SM2_DEFAULT_USER_ID,
  sm2PrivateKeyOf,
  sm2PublicKeyOf,
} from './certificates';

export const XMLDSIG_NAMESPACE = 'http://www.w3.org/2000/09/xmldsig#';
const C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
const C14N_WITH_COMMENTS = `${C14N}#WithComments`;
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const ALLOWED_TRANSFORMS = new Set([ENVELOPED, C14N, C14N_WITH_COMMENTS]);
const DIGEST_OF: Record<CebSignatureAlgorithm, string> = {
  'sm2-sm3': CEB_DIGEST_METHODS.sm3,
  'rsa-sha1': CEB_DIGEST_METHODS.sha1,
};

/** SM3 digest of the canonical XML (UTF-8), base64: xml-crypto's pluggable hash for `...xmldsig#sm3`. */
export class Sm3Digest implements HashAlgorithm {
  getHash(xml: string): string {
    return Buffer.from(sm3(xml), 'hex').toString('base64');
  }

  getAlgorithmName(): string {
    return CEB_DIGEST_METHODS.sm3;
  }
}

/**
 * SM2 with SM3 (user id 1234567812345678) for `...xmldsig#sm2-sm3`, by sm-crypto. Signs with a PKCS#8 PEM key;
 * verifies with a PEM certificate. The SignatureValue is r‖s (64 octets); a DER SEQUENCE { r, s } is accepted too.
 */
export class Sm2Sm3Signature implements SignatureAlgorithm {
  getSignature(signedInfo: BinaryLike, privateKey: KeyLike): string;
  getSignature(signedInfo: BinaryLike, privateKey: KeyLike, callback?: ErrorFirstCallback<string>): void;
  getSignature(
    signedInfo: BinaryLike,
    privateKey: KeyLike,
    callback?: ErrorFirstCallback<string>,
  ): string | void {
    const hex = sm2.doSignature(bytesOf(signedInfo), sm2PrivateKeyOf(String(privateKey)), {
      hash: true,
      userId: SM2_DEFAULT_USER_ID,
    });
    const value = Buffer.from(hex, 'hex').toString('base64');
    if (callback) return callback(null, value);
    return value;
  }

  verifySignature(material: string, key: KeyLike, signatureValue: string): boolean;
  verifySignature(
    material: string,
    key: KeyLike,
    signatureValue: string,
    callback?: ErrorFirstCallback<boolean>,
  ): void;
  verifySignature(
    material: string,
    key: KeyLike,
    signatureValue: string,
    callback?: ErrorFirstCallback<boolean>,
  ): boolean | void {
    const certificate = parseCertificate(String(key));
    const signature = Buffer.from(signatureValue.replace(/\s+/g, ''), 'base64');
    const valid = sm2.doVerifySignature(material, signature.toString('hex'), sm2PublicKeyOf(certificate), {
      hash: true,
      der: signature.length !== 64,
      userId: SM2_DEFAULT_USER_ID,
    });
    if (callback) return callback(null, valid);
    return valid;
  }

  getAlgorithmName(): string {
    return CEB_SIGNATURE_METHODS['sm2-sm3'];
  }
}

function bytesOf(data: BinaryLike): string | number[] {
  if (typeof data === 'string') return data;
  return Array.from(Buffer.from(data as Uint8Array));
}

function signedXml(options: ConstructorParameters<typeof SignedXml>[0]): SignedXml {
  const sig = new SignedXml(options);
  sig.HashAlgorithms[CEB_DIGEST_METHODS.sm3] = Sm3Digest;
  sig.SignatureAlgorithms[CEB_SIGNATURE_METHODS['sm2-sm3']] = Sm2Sm3Signature;
  return sig;
}

class XmlError extends Error {}

function parseXml(xml: string) {
  return new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw new XmlError(message);
    },
  }).parseFromString(xml, MIME_TYPE.XML_TEXT);
}

const childElements = (parent: Element, localName?: string): Element[] =>
  Array.from(parent.childNodes).filter(
    (n): n is Element =>
      n.nodeType === 1 &&
      (localName === undefined ||
        ((n as Element).localName === localName && (n as Element).namespaceURI === XMLDSIG_NAMESPACE)),
  );

/**
 * Signs a CEB message as the standard asks (REFERENCE 2): an enveloped `ds:Signature`, last child of the root,
 * over the whole document (`Reference URI=""`, enveloped-signature transform, C14N 20010315), with KeyInfo
 * carrying KeyName (the certificate's serial) and the X509Certificate. A signature already at the root is
 * replaced. `algorithm` defaults to the key's (RSA → rsa-sha1 with SHA-1 digest, SM2 → sm2-sm3 with SM3).
 */
export function signCebXml(
  xml: string,
  privateKeyPem: string,
  certificate: string,
  algorithm: CebSignatureAlgorithm = algorithmOfPrivateKey(privateKeyPem),
): string {
  const info = parseCertificate(certificate);
  const declaration = /^\uFEFF?(<\?xml[^>]*\?>\s*)/.exec(xml)?.[1] ?? '';
  const doc = parseXml(xml);
  const root = doc.documentElement;
  if (!root) throw new XmlError('no root element');
  const previous = childElements(root, 'Signature');
  for (const old of previous) root.removeChild(old);
  // The bytes as given when there is nothing to replace; the root re-serialised otherwise.
  const unsigned =
    previous.length === 0
      ? xml.replace(/^\uFEFF?(<\?xml[^>]*\?>\s*)?/, '')
      : new XMLSerializer().serializeToString(root);
  const sig = signedXml({
    privateKey: privateKeyPem,
    publicCert: info.pem,
    signatureAlgorithm: CEB_SIGNATURE_METHODS[algorithm],
    canonicalizationAlgorithm: C14N,
    getKeyInfoContent: (args) => {
      const p = args?.prefix ? `${args.prefix}:` : '';
      const base64 = info.der.toString('base64');
      return (
        `<${p}KeyName>${info.serialNumber}</${p}KeyName>` +
        `<${p}X509Data><${p}X509Certificate>${base64}</${p}X509Certificate></${p}X509Data>`
      );
    },
  });
  sig.addReference({
    xpath: '/*',
    transforms: [ENVELOPED],
    digestAlgorithm: DIGEST_OF[algorithm],
    isEmptyUri: true,
  });
  sig.computeSignature(unsigned, { prefix: 'ds', location: { reference: '/*', action: 'append' } });
  return `${declaration}${sig.getSignedXml()}`;
}

export type SignatureFailure =
  'malformed' | 'unsupportedAlgorithm' | 'unknownCertificate' | 'expired' | 'tampered' | 'badSignature';

export interface SignatureCheck {
  /** `absent`: no ds:Signature; `invalid`: one that does not verify against a trusted certificate. */
  status: 'valid' | 'absent' | 'invalid';
  /** Why an invalid signature is refused. */
  failure?: SignatureFailure;
  reason: string;
  /** SHA-256 (hex) of the certificate that verified, or of the one KeyInfo carries. */
  fingerprint?: string;
  /** Signature method: `sm2-sm3`, `rsa-sha1`, or the URI of an unsupported one. */
  algorithm?: string;
}

const invalid = (
  failure: SignatureFailure,
  reason: string,
  extra: Partial<SignatureCheck> = {},
): SignatureCheck => ({ status: 'invalid', failure, reason, ...extra });

/**
 * Verifies the enveloped `ds:Signature` of a CEB message against `trusted` certificates (PEM, base64 DER, or
 * parsed): the signature must be a child of the root over the whole document, with an algorithm of the
 * standard, made by the key of a trusted certificate valid at `now` (the one KeyInfo names by its
 * X509Certificate; without one, any trusted certificate of the method's key type). Pure: no I/O.
 */
export function verifyCebSignature(
  xml: string,
  trusted: readonly (CertificateInfo | string)[],
  options: { now?: Date } = {},
): SignatureCheck {
  let doc;
  try {
    doc = parseXml(xml.replace(/^\uFEFF/, ''));
  } catch (e) {
    return invalid('malformed', `the XML is not well-formed: ${(e as Error).message}`);
  }
  const root = doc.documentElement;
  const signatures = root ? Array.from(doc.getElementsByTagNameNS(XMLDSIG_NAMESPACE, 'Signature')) : [];
  if (!root || signatures.length === 0)
    return { status: 'absent', reason: 'the message carries no ds:Signature' };
  if (signatures.length > 1) return invalid('malformed', 'the message carries more than one ds:Signature');
  const signature = signatures[0];
  if (signature.parentNode !== root) {
    return invalid('malformed', 'ds:Signature must be enveloped: a child of the root element');
  }

  const [signedInfo] = childElements(signature, 'SignedInfo');
  if (!signedInfo) return invalid('malformed', 'ds:Signature has no ds:SignedInfo');
  const algorithmOf = (parent: Element, name: string): string | undefined =>
    childElements(parent, name)[0]?.getAttribute('Algorithm') ?? undefined;
  const canonicalization = algorithmOf(signedInfo, 'CanonicalizationMethod');
  if (canonicalization !== C14N && canonicalization !== C14N_WITH_COMMENTS) {
    return invalid(
      'unsupportedAlgorithm',
      `CanonicalizationMethod ${String(canonicalization)} is not ${C14N}, which the standard uses`,
    );
  }
  const method = algorithmOf(signedInfo, 'SignatureMethod');
  const algorithm = (Object.keys(CEB_SIGNATURE_METHODS) as CebSignatureAlgorithm[]).find(
    (a) => CEB_SIGNATURE_METHODS[a] === method,
  );
  if (!algorithm) {
    return invalid(
      'unsupportedAlgorithm',
      `SignatureMethod ${String(method)} is not one the standard names (sm2-sm3 or rsa-sha1)`,
      { algorithm: method },
    );
  }
  const references = childElements(signedInfo, 'Reference');
  if (references.length !== 1 || references[0].getAttribute('URI') !== '') {
    return invalid('malformed', 'the signature must hold one ds:Reference with URI="" (the whole message)', {
      algorithm,
    });
  }
  const digest = algorithmOf(references[0], 'DigestMethod');
  if (digest !== CEB_DIGEST_METHODS.sm3 && digest !== CEB_DIGEST_METHODS.sha1) {
    return invalid('unsupportedAlgorithm', `DigestMethod ${String(digest)} is not sm3 nor sha1`, {
      algorithm,
    });
  }
  const [transformList] = childElements(references[0], 'Transforms');
  const transforms = transformList
    ? childElements(transformList, 'Transform').map((t) => t.getAttribute('Algorithm') ?? '')
    : [];
  const unknown = transforms.find((t) => !ALLOWED_TRANSFORMS.has(t));
  if (unknown !== undefined || !transforms.includes(ENVELOPED)) {
    return invalid(
      'unsupportedAlgorithm',
      `the reference's transforms must be the enveloped-signature transform (and C14N), not ${transforms.join(', ') || 'none'}`,
      { algorithm },
    );
  }

  let trustedCertificates: CertificateInfo[];
  try {
    trustedCertificates = trusted.map((c) => (typeof c === 'string' ? parseCertificate(c) : c));
  } catch (e) {
    throw new CertificateError(`a trusted certificate is unreadable: ${(e as Error).message}`);
  }
  const keyInfo = childElements(signature, 'KeyInfo')[0];
  const x509Data = keyInfo ? childElements(keyInfo, 'X509Data')[0] : undefined;
  const embeddedText = x509Data ? childElements(x509Data, 'X509Certificate')[0]?.textContent : undefined;
  let candidates: CertificateInfo[];
  let fingerprint: string | undefined;
  if (embeddedText) {
    let embedded: CertificateInfo;
    try {
      embedded = parseCertificate(embeddedText);
    } catch (e) {
      return invalid('malformed', `ds:X509Certificate is unreadable: ${(e as Error).message}`, { algorithm });
    }
    fingerprint = embedded.fingerprint;
    candidates = trustedCertificates.filter((c) => c.fingerprint === embedded.fingerprint);
    if (candidates.length === 0) {
      return invalid(
        'unknownCertificate',
        `the signing certificate (${embedded.subject}, serial ${embedded.serialNumber}, SHA-256 ` +
          `${embedded.fingerprint}) is not registered to the sender`,
        { algorithm, fingerprint },
      );
    }
  } else {
    candidates = trustedCertificates.filter((c) => c.algorithm === algorithm);
    if (candidates.length === 0) {
      return invalid(
        'unknownCertificate',
        'KeyInfo carries no X509Certificate and no certificate is registered to the sender for ' + algorithm,
        { algorithm },
      );
    }
  }

  const now = options.now ?? new Date();
  let last: SignatureCheck | undefined;
  for (const certificate of candidates) {
    if (certificate.algorithm !== algorithm) {
      last = invalid(
        'badSignature',
        `SignatureMethod is ${algorithm} but the certificate's key is for ${certificate.algorithm}`,
        { algorithm, fingerprint: certificate.fingerprint },
      );
      continue;
    }
    if (now < certificate.notBefore || now > certificate.notAfter) {
      last = invalid(
        'expired',
        `the signing certificate is valid from ${certificate.notBefore.toISOString()} to ` +
          `${certificate.notAfter.toISOString()} only`,
        { algorithm, fingerprint: certificate.fingerprint },
      );
      continue;
    }
    const sig = signedXml({ publicCert: certificate.pem, getCertFromKeyInfo: () => null });
    try {
      sig.loadSignature(signature);
      if (sig.checkSignature(xml)) {
        return {
          status: 'valid',
          reason: `signed ${algorithm} by ${certificate.subject} (serial ${certificate.serialNumber})`,
          algorithm,
          fingerprint: certificate.fingerprint,
        };
      }
      last = invalid(
        'tampered',
        'the message was altered after signing: the digest of the signed content does not match DigestValue',
        { algorithm, fingerprint: certificate.fingerprint },
      );
    } catch (e) {
      const message = (e as Error).message;
      last = message.startsWith('invalid signature')
        ? invalid(
            'badSignature',
            "SignatureValue does not verify over SignedInfo with the certificate's key (SignedInfo altered, " +
              'or signed by another key)',
            { algorithm, fingerprint: certificate.fingerprint },
          )
        : invalid('malformed', `the signature cannot be checked: ${message}`, {
            algorithm,
            fingerprint: certificate.fingerprint,
          });
    }
  }
  if (fingerprint === undefined && last) {
    // KeyInfo named no certificate: none of the trusted ones verifies, and none is to blame.
    return {
      ...last,
      fingerprint: undefined,
      reason: `no certificate registered to the sender verifies the signature (KeyInfo names none): ${last.reason}`,
    };
  }
  return last as SignatureCheck;
}
