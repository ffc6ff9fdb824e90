import { Injectable, Logger } from '@nestjs/common';

import {
  type CertificateInfo,
  createSelfSignedCertificate,
  parseCertificate,
  signCebXml,
  verifyCebSignature,
} from '@swx/contracts';

import { GatewayEnv } from '../gateway.env';

/** A PEM from an environment variable: literal `\n` escapes (one-line .env files) become line breaks. */
const pemOf = (value: string): string => value.replace(/\\n/g, '\n').trim() + '\n';

/**
 * The platform's signing key: signs the XML receipts (enveloped ds:Signature, like the messages it receives) and
 * publishes its certificate. From PLATFORM_SIGNING_KEY + PLATFORM_SIGNING_CERTIFICATE (both or neither; the
 * certificate must be the key's); without them, an SM2 key and self-signed certificate made at start, which
 * change at every restart and differ between instances (local mode, tests).
 */
@Injectable()
export class PlatformSigner {
  private readonly logger = new Logger(PlatformSigner.name);
  private readonly privateKeyPem: string;
  readonly certificate: CertificateInfo;

  constructor(env: GatewayEnv) {
    const key = env.PLATFORM_SIGNING_KEY?.trim();
    const certificate = env.PLATFORM_SIGNING_CERTIFICATE?.trim();
    if (key && certificate) {
      this.privateKeyPem = pemOf(key);
      this.certificate = parseCertificate(pemOf(certificate));
      this.assertPair();
    } else if (key || certificate) {
      throw new Error('Set both PLATFORM_SIGNING_KEY and PLATFORM_SIGNING_CERTIFICATE, or neither');
    } else {
      const made = createSelfSignedCertificate({
        commonName: 'single window platform (ephemeral key)',
        algorithm: 'sm2-sm3',
        validDays: 365,
      });
      this.privateKeyPem = made.privateKeyPem;
      this.certificate = parseCertificate(made.certificatePem);
      this.logger.warn(
        { fingerprint: this.certificate.fingerprint },
        'No PLATFORM_SIGNING_KEY: XML receipts are signed with a key made at start (not for production)',
      );
    }
  }

  /** The message with the platform's enveloped signature. */
  sign(xml: string): string {
    return signCebXml(xml, this.privateKeyPem, this.certificate.pem);
  }

  /** Fails at start when the key does not match the certificate: a wrong pair would sign unverifiable receipts. */
  private assertPair(): void {
    const probe = this.sign('<probe xmlns="urn:swx:probe">key check</probe>');
    const check = verifyCebSignature(probe, [this.certificate]);
    if (check.status !== 'valid') {
      throw new Error(
        `PLATFORM_SIGNING_KEY and PLATFORM_SIGNING_CERTIFICATE do not sign together: ${check.reason}`,
      );
    }
  }
}
