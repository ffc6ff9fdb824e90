import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

import { validateCebXml } from '../xsd-validator';
import { createSelfSignedCertificate, parseCertificate, type KeyAndCertificate } from './certificates';
import { signCebXml, verifyCebSignature } from './ceb-signature';

const SAMPLES = path.resolve(__dirname, '../../../../testing/golden/ceb-samples');
const sample = (flow: string, file: string): string =>
  readFileSync(path.join(SAMPLES, flow, file), 'utf8').replace(/^\uFEFF/, '');
const embeddedCertificate = (xml: string): string =>
  /<ds:X509Certificate>([\s\S]*?)<\/ds:X509Certificate>/.exec(xml)?.[1] ?? '';
const withoutSignature = (xml: string): string => xml.replace(/\s*<ds:Signature[\s\S]*<\/ds:Signature>/, '');

const SIGNED_SAMPLES = ['import', 'export'].flatMap((flow) =>
  readdirSync(path.join(SAMPLES, flow))
    .filter((file) => sample(flow, file).includes('<ds:Signature'))
    .map((file) => [`${flow}/${file}`, flow, file] as const),
);

describe('the official 202205 samples', () => {
  it('are signed: every declaration sample carries a ds:Signature', () => {
    expect(SIGNED_SAMPLES.length).toBeGreaterThanOrEqual(18);
  });

  it.each(SIGNED_SAMPLES)('%s does not verify against its own embedded certificate', (_, flow, file) => {
    const xml = sample(flow, file);
    const certificate = parseCertificate(embeddedCertificate(xml));
    // An RSA-1024 test certificate of the e-port's development CA, whatever the SignatureMethod says.
    expect(certificate.algorithm).toBe('rsa-sha1');
    expect(certificate.subject).toContain('13号密钥测试服务器开发区');
    const check = verifyCebSignature(xml, [certificate], { now: new Date('2020-01-01T00:00:00Z') });
    expect(check.status).toBe('invalid');
    expect(check.fingerprint).toBe(certificate.fingerprint);
  });

  it('labelled sm2-sm3, the sample signature is refused as an RSA key that cannot make it', () => {
    const xml = sample('import', 'CEB621Message.xml');
    const check = verifyCebSignature(xml, [embeddedCertificate(xml)]);
    expect(check).toMatchObject({ status: 'invalid', failure: 'badSignature', algorithm: 'sm2-sm3' });
    expect(check.reason).toMatch(/certificate's key is for rsa-sha1/);
  });

  it('labelled rsa-sha1 (CEB701), the sample signature fails its digest: it was copied, not computed', () => {
    const xml = sample('export', 'CEB701Message.xml');
    const check = verifyCebSignature(xml, [embeddedCertificate(xml)]);
    expect(check).toMatchObject({ status: 'invalid', failure: 'tampered', algorithm: 'rsa-sha1' });
  });

  it('all carry the very same SignatureValue and DigestValue, whatever their content', () => {
    const values = new Set(
      SIGNED_SAMPLES.map(([, flow, file]) => {
        const xml = sample(flow, file);
        return /<ds:SignatureValue>([\s\S]*?)</.exec(xml)?.[1].replace(/\s/g, '');
      }),
    );
    expect(values.size).toBe(1);
  });
});

describe.each(['rsa-sha1', 'sm2-sm3'] as const)('a message signed %s', (algorithm) => {
  let key: KeyAndCertificate;
  let other: KeyAndCertificate;
  let unsigned: string;
  let signed: string;

  beforeAll(() => {
    key = createSelfSignedCertificate({ commonName: 'test ERP', organization: '测试企业', algorithm });
    other = createSelfSignedCertificate({ commonName: 'someone else', algorithm });
    unsigned = withoutSignature(sample('import', 'CEB621Message.xml'));
    signed = signCebXml(unsigned, key.privateKeyPem, key.certificatePem);
  });

  it('verifies against its registered certificate, naming it', () => {
    const check = verifyCebSignature(signed, [other.certificatePem, key.certificatePem]);
    expect(check).toEqual({
      status: 'valid',
      reason: expect.stringContaining('test ERP'),
      algorithm,
      fingerprint: parseCertificate(key.certificatePem).fingerprint,
    });
  });

  it('is enveloped as the standard lays it out, and still valid against the XSD', async () => {
    expect(signed).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(signed).toMatch(/<ds:Reference URI="">/);
    expect(signed).toContain('<ds:KeyName>');
    expect(signed).toMatch(
      /<\/ceb:BaseTransfer>\s*<ds:Signature xmlns:ds="http:\/\/www.w3.org\/2000\/09\/xmldsig#">/,
    );
    expect(signed).toMatch(/<\/ds:Signature><\/ceb:CEB621Message>$/);
    await expect(validateCebXml(signed)).resolves.toMatchObject({ valid: true });
  });

  it('replaces a signature already there', () => {
    const again = signCebXml(signed, key.privateKeyPem, key.certificatePem);
    expect(again.match(/<ds:Signature /g)).toHaveLength(1);
    expect(verifyCebSignature(again, [key.certificatePem]).status).toBe('valid');
  });

  it('is refused as tampered when a business field changed', () => {
    const tampered = signed.replace(
      '<ceb:totalPrice>12</ceb:totalPrice>',
      '<ceb:totalPrice>1</ceb:totalPrice>',
    );
    expect(tampered).not.toBe(signed);
    expect(verifyCebSignature(tampered, [key.certificatePem])).toMatchObject({
      status: 'invalid',
      failure: 'tampered',
      reason: expect.stringMatching(/altered after signing/),
    });
  });

  it('is refused when SignedInfo was altered (another digest value)', () => {
    const altered = signed.replace(/<ds:DigestValue>[^<]*</, '<ds:DigestValue>AAAAAAAAAAAAAAAAAAAAAAAAAAA=<');
    expect(verifyCebSignature(altered, [key.certificatePem])).toMatchObject({ status: 'invalid' });
  });

  it('is refused when SignatureValue was altered', () => {
    const value = /<ds:SignatureValue>([^<]*)</.exec(signed)?.[1] ?? '';
    const flipped = Buffer.from(value, 'base64');
    flipped[flipped.length - 1] ^= 1;
    const altered = signed.replace(value, flipped.toString('base64'));
    expect(verifyCebSignature(altered, [key.certificatePem])).toMatchObject({
      status: 'invalid',
      failure: 'badSignature',
    });
  });

  it('is refused with unknownCertificate when only another certificate is trusted', () => {
    expect(verifyCebSignature(signed, [other.certificatePem])).toMatchObject({
      status: 'invalid',
      failure: 'unknownCertificate',
      fingerprint: parseCertificate(key.certificatePem).fingerprint,
      reason: expect.stringContaining('is not registered to the sender'),
    });
    expect(verifyCebSignature(signed, [])).toMatchObject({ failure: 'unknownCertificate' });
  });

  it("is refused when KeyInfo's certificate was swapped for a trusted one that did not sign", () => {
    const swapped = signed.replace(
      /<ds:X509Certificate>[^<]*</,
      `<ds:X509Certificate>${parseCertificate(other.certificatePem).der.toString('base64')}<`,
    );
    expect(verifyCebSignature(swapped, [other.certificatePem, key.certificatePem])).toMatchObject({
      status: 'invalid',
      failure: 'badSignature',
    });
  });

  it('without KeyInfo, verifies against the trusted certificates of its algorithm', () => {
    const bare = signed.replace(/<ds:KeyInfo>[\s\S]*<\/ds:KeyInfo>/, '');
    expect(verifyCebSignature(bare, [other.certificatePem, key.certificatePem]).status).toBe('valid');
    const failed = verifyCebSignature(bare, [other.certificatePem]);
    expect(failed).toMatchObject({ status: 'invalid', reason: expect.stringMatching(/KeyInfo names none/) });
    expect(failed.fingerprint).toBeUndefined();
  });

  it('is refused as expired outside the certificate validity', () => {
    const later = new Date(Date.now() + 400 * 86_400_000);
    expect(verifyCebSignature(signed, [key.certificatePem], { now: later })).toMatchObject({
      status: 'invalid',
      failure: 'expired',
    });
  });

  it('is refused when the reference covers only part of the message', () => {
    const partial = signed.replace('<ds:Reference URI="">', '<ds:Reference URI="#head">');
    expect(verifyCebSignature(partial, [key.certificatePem])).toMatchObject({ failure: 'malformed' });
  });
});

describe('verifyCebSignature', () => {
  const key = createSelfSignedCertificate({ commonName: 'ERP', algorithm: 'rsa-sha1' });

  it('reports absent for an unsigned message', () => {
    expect(verifyCebSignature('<a xmlns="urn:x"><b>1</b></a>', [key.certificatePem])).toEqual({
      status: 'absent',
      reason: 'the message carries no ds:Signature',
    });
  });

  it('refuses an algorithm the standard does not name', () => {
    const signed = signCebXml('<a xmlns="urn:x"><b>1</b></a>', key.privateKeyPem, key.certificatePem);
    const sha256 = signed.replace(
      'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
      'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    );
    expect(verifyCebSignature(sha256, [key.certificatePem])).toMatchObject({
      status: 'invalid',
      failure: 'unsupportedAlgorithm',
    });
  });

  it('refuses a signature that is not a child of the root, and two signatures', () => {
    const signed = signCebXml('<a xmlns="urn:x"><b>1</b></a>', key.privateKeyPem, key.certificatePem);
    const nested = signed.replace('<b>1</b>', '<b>1</b><c>').replace('</a>', '</c></a>');
    expect(verifyCebSignature(nested, [key.certificatePem])).toMatchObject({ failure: 'malformed' });
    const signature = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(signed)?.[0] ?? '';
    const twice = signed.replace('</a>', `${signature}</a>`);
    expect(verifyCebSignature(twice, [key.certificatePem])).toMatchObject({ failure: 'malformed' });
  });

  it('verifies a message declared in GBK once decoded: C14N digests the characters as UTF-8 whatever the declaration', () => {
    const gbk = '<?xml version="1.0" encoding="GBK"?>\n<a xmlns="urn:x"><b>测试企业</b></a>';
    const signed = signCebXml(gbk, key.privateKeyPem, key.certificatePem);
    expect(signed.startsWith('<?xml version="1.0" encoding="GBK"?>\n<a ')).toBe(true);
    expect(verifyCebSignature(signed, [key.certificatePem]).status).toBe('valid');
    expect(verifyCebSignature(signed.replace('测试', '测验'), [key.certificatePem]).failure).toBe('tampered');
  });

  it('reads certificates valid beyond 2049 (GeneralizedTime) and refuses what is not a certificate', () => {
    const long = createSelfSignedCertificate({
      commonName: 'long',
      algorithm: 'sm2-sm3',
      validDays: 365 * 40,
    });
    const info = parseCertificate(long.certificatePem);
    expect(info.notAfter.getUTCFullYear()).toBeGreaterThan(2050);
    expect(info.algorithm).toBe('sm2-sm3');
    expect(() => parseCertificate('not base64!')).toThrow('not a PEM certificate nor base64 DER');
    expect(() => parseCertificate(Buffer.from('hello').toString('base64'))).toThrow(
      /not an X.509 certificate/,
    );
  });

  it('refuses XML that is not well-formed', () => {
    expect(verifyCebSignature('<a><b></a>', [])).toMatchObject({ status: 'invalid', failure: 'malformed' });
  });
});
