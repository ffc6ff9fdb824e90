import { createHash, generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';

import { sm2 } from 'sm-crypto';

import { der, derChildren, DerNode, oidOf, readDer } from './der';

/** XML-DSig algorithm URIs of the CEB standard (REFERENCE 2, PDF section 6). */
export const CEB_SIGNATURE_METHODS = {
  'sm2-sm3': 'http://www.chinaport.gov.cn/2022/04/xmldsig#sm2-sm3',
  'rsa-sha1': 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
} as const;
export const CEB_DIGEST_METHODS = {
  sm3: 'http://www.chinaport.gov.cn/2022/04/xmldsig#sm3',
  sha1: 'http://www.w3.org/2000/09/xmldsig#sha1',
} as const;
export type CebSignatureAlgorithm = keyof typeof CEB_SIGNATURE_METHODS;

/** SM2 signatures use this user id in Z unless agreed otherwise (GB/T 35276, GM/T 0009). */
export const SM2_DEFAULT_USER_ID = '1234567812345678';

const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecPublicKey: '1.2.840.10045.2.1',
  sm2Curve: '1.2.156.10197.1.301',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sm2WithSm3: '1.2.156.10197.1.501',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
};

export class CertificateError extends Error {}

/** What the platform records of a certificate. */
export interface CertificateInfo {
  /** SHA-256 of the DER, lower-case hex: the certificate's id in the registry. */
  fingerprint: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  /** Key algorithm, named by the signature method it signs with. */
  algorithm: CebSignatureAlgorithm;
  /** The certificate, PEM. */
  pem: string;
  der: Buffer;
}

/** A certificate given as PEM or as base64 DER (as `ds:X509Certificate` carries it); throws CertificateError. */
export function parseCertificate(input: string | Buffer): CertificateInfo {
  const text = Buffer.isBuffer(input) ? input.toString('latin1') : input;
  const pem = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(text);
  const base64 = (pem ? pem[1] : text).replace(/\s+/g, '');
  if (!base64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) {
    throw new CertificateError('not a PEM certificate nor base64 DER');
  }
  const bytes = Buffer.from(base64, 'base64');
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(bytes);
  } catch (e) {
    throw new CertificateError(`not an X.509 certificate: ${(e as Error).message}`);
  }
  return {
    fingerprint: createHash('sha256').update(bytes).digest('hex'),
    subject: x509.subject.replace(/\n/g, ', '),
    issuer: x509.issuer.replace(/\n/g, ', '),
    serialNumber: x509.serialNumber,
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    algorithm: keyAlgorithmOf(bytes),
    pem: toPem(bytes, 'CERTIFICATE'),
    der: bytes,
  };
}

export function toPem(bytes: Buffer, label: string): string {
  const lines = bytes.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** The SubjectPublicKeyInfo of a certificate's DER. */
function spkiOf(certificate: Buffer): DerNode {
  const tbs = derChildren(readDer(certificate))[0];
  const fields = derChildren(tbs);
  // version [0] is optional; serial, signature, issuer, validity, subject precede the key.
  const start = fields[0].tag === 0xa0 ? 1 : 0;
  return fields[start + 5];
}

function keyAlgorithmOf(certificate: Buffer): CebSignatureAlgorithm {
  const [algorithm] = derChildren(spkiOf(certificate));
  const [oid, parameters] = derChildren(algorithm);
  const id = oidOf(oid);
  if (id === OID.rsaEncryption) return 'rsa-sha1';
  if (
    id === OID.sm2Curve ||
    (id === OID.ecPublicKey && parameters?.tag === 0x06 && oidOf(parameters) === OID.sm2Curve)
  ) {
    return 'sm2-sm3';
  }
  throw new CertificateError(`the certificate's key (${id}) is neither RSA nor SM2`);
}

/** The uncompressed SM2 public point of a certificate (hex, `04` x y), as sm-crypto takes it. */
export function sm2PublicKeyOf(certificate: CertificateInfo | Buffer): string {
  const bytes = Buffer.isBuffer(certificate) ? certificate : certificate.der;
  const [, bitString] = derChildren(spkiOf(bytes));
  const point = bitString.content.subarray(1);
  if (point.length !== 65 || point[0] !== 0x04) throw new CertificateError('not an uncompressed SM2 point');
  return point.toString('hex');
}

/** The DER of a PKCS#8 PEM private key (`-----BEGIN PRIVATE KEY-----`). */
function pkcs8Of(privateKeyPem: string): Buffer {
  const match = /-----BEGIN PRIVATE KEY-----([\s\S]*?)-----END PRIVATE KEY-----/.exec(privateKeyPem);
  if (!match) throw new CertificateError('the private key must be PKCS#8 PEM (BEGIN PRIVATE KEY)');
  return Buffer.from(match[1].replace(/\s+/g, ''), 'base64');
}

/** The private scalar (hex) of an SM2 key in PKCS#8 PEM, as sm-crypto takes it. */
export function sm2PrivateKeyOf(pkcs8Pem: string): string {
  const [, , octets] = derChildren(readDer(pkcs8Of(pkcs8Pem)));
  const ecPrivateKey = readDer(octets.content);
  const [, scalar] = derChildren(ecPrivateKey);
  return scalar.content.toString('hex').padStart(64, '0');
}

/** The signature method a PKCS#8 PEM private key signs with (RSA → rsa-sha1, SM2 → sm2-sm3). */
export function algorithmOfPrivateKey(privateKeyPem: string): CebSignatureAlgorithm {
  const [, algorithm] = derChildren(readDer(pkcs8Of(privateKeyPem)));
  const [oid, parameters] = derChildren(algorithm);
  const id = oidOf(oid);
  if (id === OID.rsaEncryption) return 'rsa-sha1';
  if (
    id === OID.sm2Curve ||
    (id === OID.ecPublicKey && parameters?.tag === 0x06 && oidOf(parameters) === OID.sm2Curve)
  ) {
    return 'sm2-sm3';
  }
  throw new CertificateError(`a key of algorithm ${id} signs neither rsa-sha1 nor sm2-sm3`);
}

export interface KeyAndCertificate {
  privateKeyPem: string;
  certificatePem: string;
  algorithm: CebSignatureAlgorithm;
}

/**
 * A new key pair and a self-signed certificate for it: the platform's key when none is configured (local
 * mode, tests), and test fixtures. RSA 2048 (certificate signed SHA-256 with RSA) or SM2 (signed SM2-SM3).
 */
export function createSelfSignedCertificate(options: {
  commonName: string;
  organization?: string;
  algorithm: CebSignatureAlgorithm;
  validDays?: number;
  notBefore?: Date;
}): KeyAndCertificate {
  const { algorithm } = options;
  const { publicKey, privateKey } =
    algorithm === 'rsa-sha1'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'SM2' });
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  const privateKeyPem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const signatureAlgorithm = der.sequence(
    ...(algorithm === 'rsa-sha1' ? [der.oid(OID.sha256WithRsa), der.null()] : [der.oid(OID.sm2WithSm3)]),
  );
  const name = der.sequence(
    ...(options.organization
      ? [der.set(der.sequence(der.oid(OID.organization), der.utf8(options.organization)))]
      : []),
    der.set(der.sequence(der.oid(OID.commonName), der.utf8(options.commonName))),
  );
  const notBefore = options.notBefore ?? new Date(Date.now() - 60_000);
  const notAfter = new Date(notBefore.getTime() + (options.validDays ?? 365) * 86_400_000);
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  const tbs = der.sequence(
    der.explicit(0, der.integer(Buffer.from([2]))),
    der.integer(serial),
    signatureAlgorithm,
    name,
    der.sequence(der.time(notBefore), der.time(notAfter)),
    name,
    spki,
  );
  const signature =
    algorithm === 'rsa-sha1'
      ? sign('sha256', tbs, privateKey)
      : Buffer.from(
          sm2.doSignature(Array.from(tbs), sm2PrivateKeyOf(privateKeyPem), {
            hash: true,
            der: true,
            userId: SM2_DEFAULT_USER_ID,
          }),
          'hex',
        );
  const certificate = der.sequence(tbs, signatureAlgorithm, der.bitString(signature));
  return { privateKeyPem, certificatePem: toPem(certificate, 'CERTIFICATE'), algorithm };
}
