import { Global, Module } from '@nestjs/common';

import { CertificateRegistry } from './certificate-registry';
import { EnterpriseCertificatesController, PlatformCertificateController } from './certificates.controller';
import { PlatformSigner } from './platform-signer';
import { SignatureVerifier } from './signature-verifier';

/**
 * XML signatures: the certificates registered per enterprise, the verifier the XML intake calls, and the
 * platform's key that signs XML receipts. Global, so the intake and receipts inject the verifier and signer.
 */
@Global()
@Module({
  controllers: [EnterpriseCertificatesController, PlatformCertificateController],
  providers: [CertificateRegistry, SignatureVerifier, PlatformSigner],
  exports: [SignatureVerifier, PlatformSigner],
})
export class SignaturesModule {}
