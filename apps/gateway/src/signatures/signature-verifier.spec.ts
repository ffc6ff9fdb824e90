import { CEB621, CEB311, createSelfSignedCertificate, signCebXml } from '@swx/contracts';
import { cebXmlMessage } from '@swx/testing';

import type { GatewayEnv } from '../gateway.env';
import type { CertificateRegistry } from './certificate-registry';
import { SignatureVerifier } from './signature-verifier';

const SENDER = CEB621.example.InventoryHead.agentCode as string;
const rsa = createSelfSignedCertificate({ commonName: 'agent ERP', algorithm: 'rsa-sha1' });
const sm2 = createSelfSignedCertificate({ commonName: 'agent card', algorithm: 'sm2-sm3' });
const stranger = createSelfSignedCertificate({ commonName: 'stranger', algorithm: 'sm2-sm3' });

function verifier(mode: 'enforce' | 'sandbox', registered: Record<string, string[]>) {
  const asked: string[][] = [];
  const registry = {
    activeFor: async (codes: readonly string[]) => {
      asked.push([...codes]);
      return codes.flatMap((c) => registered[c] ?? []);
    },
  } as unknown as CertificateRegistry;
  return { verifier: new SignatureVerifier({ SIGNATURE_MODE: mode } as GatewayEnv, registry), asked };
}

const unsigned = (copCode = 'TRANSMIT01') =>
  cebXmlMessage(CEB621, [CEB621.example], copCode).replace(/\s*<ds:Signature[\s\S]*<\/ds:Signature>/, '');

describe('SignatureVerifier', () => {
  it.each([
    ['RSA-SHA1', rsa],
    ['SM2-SM3', sm2],
  ])(
    'accepts a CEB621 signed %s with a certificate registered to the declaring enterprise',
    async (_, key) => {
      const { verifier: v } = verifier('enforce', { [SENDER]: [key.certificatePem] });
      const xml = signCebXml(unsigned(), key.privateKeyPem, key.certificatePem);
      await expect(v.verify(xml, 'CEB621', 'SOMEONE001')).resolves.toEqual([]);
    },
  );

  it('accepts a certificate registered to the BaseTransfer transmitter, asking for every party', async () => {
    const { verifier: v, asked } = verifier('enforce', { TRANSMIT01: [sm2.certificatePem] });
    const xml = signCebXml(unsigned('TRANSMIT01'), sm2.privateKeyPem, sm2.certificatePem);
    await expect(v.verify(xml, 'CEB621', 'SENDER0001')).resolves.toEqual([]);
    expect(asked[0].sort()).toEqual(['SENDER0001', 'TRANSMIT01', SENDER].sort());
  });

  it('refuses an unsigned CEB621 in enforce mode, accepts it in sandbox', async () => {
    await expect(verifier('enforce', {}).verifier.verify(unsigned(), 'CEB621', SENDER)).resolves.toEqual([
      {
        path: 'ds:Signature',
        rule: 'signature.required',
        message: expect.stringContaining('CEB621 must carry'),
      },
    ]);
    await expect(verifier('sandbox', {}).verifier.verify(unsigned(), 'CEB621', SENDER)).resolves.toEqual([]);
  });

  it('does not require a signature of a CEB311, but verifies one that is there', async () => {
    const order = cebXmlMessage(CEB311, [CEB311.example], 'TRANSMIT01').replace(
      /\s*<ds:Signature[\s\S]*<\/ds:Signature>/,
      '',
    );
    const { verifier: v } = verifier('enforce', {});
    await expect(v.verify(order, 'CEB311', 'TRANSMIT01')).resolves.toEqual([]);
    const signed = signCebXml(order, stranger.privateKeyPem, stranger.certificatePem);
    await expect(v.verify(signed, 'CEB311', 'TRANSMIT01')).resolves.toMatchObject([
      { rule: 'signature.unknownCertificate' },
    ]);
  });

  it('refuses a tampered message in both modes, with the reason', async () => {
    const signed = signCebXml(unsigned(), sm2.privateKeyPem, sm2.certificatePem);
    const tampered = signed.replace(/<ceb:totalPrice>[^<]*</, '<ceb:totalPrice>1<');
    for (const mode of ['enforce', 'sandbox'] as const) {
      const { verifier: v } = verifier(mode, { [SENDER]: [sm2.certificatePem] });
      await expect(v.verify(tampered, 'CEB621', SENDER)).resolves.toEqual([
        {
          path: 'ds:Signature',
          rule: 'signature.invalid',
          message: expect.stringMatching(/altered after signing/),
        },
      ]);
    }
  });

  it('refuses an unregistered certificate in enforce mode, lets it through in sandbox', async () => {
    const signed = signCebXml(unsigned(), stranger.privateKeyPem, stranger.certificatePem);
    const registered = { [SENDER]: [sm2.certificatePem] };
    await expect(
      verifier('enforce', registered).verifier.verify(signed, 'CEB621', SENDER),
    ).resolves.toMatchObject([
      { rule: 'signature.unknownCertificate', message: expect.stringContaining('not registered') },
    ]);
    await expect(verifier('sandbox', registered).verifier.verify(signed, 'CEB621', SENDER)).resolves.toEqual(
      [],
    );
  });

  it('lets a placeholder signature (no KeyInfo, no key) through in sandbox only, even with certificates registered', async () => {
    const placeholder = cebXmlMessage(CEB621, [CEB621.example], 'TRANSMIT01');
    const registered = { [SENDER]: [sm2.certificatePem, rsa.certificatePem] };
    await expect(
      verifier('enforce', registered).verifier.verify(placeholder, 'CEB621', SENDER),
    ).resolves.toMatchObject([
      { rule: 'signature.invalid', message: expect.stringContaining('enveloped-signature transform') },
    ]);
    await expect(
      verifier('sandbox', registered).verifier.verify(placeholder, 'CEB621', SENDER),
    ).resolves.toEqual([]);
  });

  it('judges the message by its own root element, whatever endpoint it was posted to', async () => {
    await expect(
      verifier('enforce', {}).verifier.verify(unsigned(), 'CEB311', SENDER),
    ).resolves.toMatchObject([{ rule: 'signature.required' }]);
  });
});
