import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class RegisterCertificateRequest {
  @ApiProperty({
    description:
      'The X.509 certificate of the key that signs the enterprise’s CEB XML messages (issued by the e-port’s ' +
      'data centre for production), as PEM (`-----BEGIN CERTIFICATE-----` …) or as the base64 DER that ' +
      '`ds:X509Certificate` carries. RSA (rsa-sha1) or SM2 (sm2-sm3) keys.',
    example: '-----BEGIN CERTIFICATE-----\nMIIBTzCB9qADAgECAhAX...\n-----END CERTIFICATE-----\n',
    maxLength: 20000,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(20000)
  certificate!: string;
}

export class CertificateResponse {
  @ApiProperty({
    description: 'SHA-256 of the certificate’s DER, lower-case hex: its id here',
    example: '05e46c21465197311f26b39712bb088e30904fe78734e49aedf8287977c63f4d',
  })
  fingerprint!: string;

  @ApiProperty({ description: 'Customs code of the enterprise it is registered to', example: '1101180326' })
  enterpriseCode!: string;

  @ApiProperty({
    description: 'Signature method its key makes',
    enum: ['rsa-sha1', 'sm2-sm3'],
    example: 'sm2-sm3',
  })
  algorithm!: string;

  @ApiProperty({ description: 'Subject distinguished name', example: 'CN=13号密钥测试服务器开发区' })
  subject!: string;

  @ApiProperty({ description: 'Issuer distinguished name', example: 'CN=中国电子口岸数据中心开发区' })
  issuer!: string;

  @ApiProperty({ description: 'Serial number, hex', example: '009927' })
  serialNumber!: string;

  @ApiProperty({ format: 'date-time', example: '2015-05-19T00:00:00.000Z' })
  notBefore!: string;

  @ApiProperty({ format: 'date-time', example: '2049-12-08T00:00:00.000Z' })
  notAfter!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-30T08:00:00.000Z' })
  registeredAt!: string;

  @ApiProperty({
    description: 'When it was revoked; null while signatures made with it are accepted',
    format: 'date-time',
    nullable: true,
    type: String,
    example: null,
  })
  revokedAt!: string | null;

  @ApiProperty({ description: 'The certificate, PEM' })
  certificate!: string;
}

export class CertificateListResponse {
  @ApiProperty({ type: [CertificateResponse] })
  certificates!: CertificateResponse[];
}

export class PlatformCertificateResponse {
  @ApiProperty({
    description: 'The platform’s certificate, PEM: verify the ds:Signature of XML receipts with it',
  })
  certificate!: string;

  @ApiProperty({ description: 'SHA-256 of its DER, lower-case hex' })
  fingerprint!: string;

  @ApiProperty({ enum: ['rsa-sha1', 'sm2-sm3'], example: 'sm2-sm3' })
  algorithm!: string;

  @ApiProperty({ example: 'CN=single window platform' })
  subject!: string;

  @ApiProperty({ example: '1A2B3C' })
  serialNumber!: string;

  @ApiProperty({ format: 'date-time' })
  notBefore!: string;

  @ApiProperty({ format: 'date-time' })
  notAfter!: string;
}
