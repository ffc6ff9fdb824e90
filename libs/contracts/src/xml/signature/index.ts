export {
  CEB_DIGEST_METHODS,
  CEB_SIGNATURE_METHODS,
  CertificateError,
  createSelfSignedCertificate,
  parseCertificate,
  SM2_DEFAULT_USER_ID,
  type CebSignatureAlgorithm,
  type CertificateInfo,
  type KeyAndCertificate,
} from './certificates';
export {
  signCebXml,
  Sm2Sm3Signature,
  Sm3Digest,
  verifyCebSignature,
  XMLDSIG_NAMESPACE,
  type SignatureCheck,
  type SignatureFailure,
} from './ceb-signature';
