import {
  Body,
  Controller,
  Delete,
  ForbiddenException,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  NotAcceptableException,
  Param,
  ParseBoolPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';

import { Authenticated } from '../auth/auth.guard';
import { CurrentPrincipal, Principal, Scopes } from '../auth/principal';
import { negotiate } from '../receipts/content-negotiation';
import {
  CertificateListResponse,
  CertificateResponse,
  PlatformCertificateResponse,
  RegisterCertificateRequest,
} from './certificate.dto';
import { CertificateRegistry } from './certificate-registry';
import { PlatformSigner } from './platform-signer';

const CODE_PARAM = { name: 'code', description: 'Customs code of the enterprise', example: '1101180326' };
const HOW =
  'The ds:Signature of an enterprise’s CEB XML messages is verified against the active certificates registered ' +
  'to the sender, the BaseTransfer transmitter or the enterprise declaring in the head (docs/ceb-signatures.md).';

/** An enterprise reads and revokes only its own certificates; operators any. */
function assertOwnOrOperator(principal: Principal, code: string): void {
  if (principal.kind === 'operator') return;
  if (principal.kind === 'enterprise' && principal.enterpriseCode === code) return;
  throw new ForbiddenException('An enterprise manages only its own certificates');
}

@ApiTags('signatures')
@Controller({ path: 'enterprises/:code/certificates', version: '1' })
export class EnterpriseCertificatesController {
  constructor(private readonly registry: CertificateRegistry) {}

  @Post()
  @Authenticated(Scopes.RegistryWrite)
  @ApiOperation({
    summary: 'Register a signing certificate of an enterprise',
    description:
      `Operators register the certificate an enterprise signs its XML messages with (like the e-port’s ` +
      `card issuance, outside the enterprise’s API credentials: stolen client credentials alone cannot make ` +
      `signed messages acceptable). Stores subject, issuer, serial, SHA-256 fingerprint, validity and key ` +
      `algorithm. Registering a revoked certificate again reactivates it. ${HOW}`,
  })
  @ApiParam(CODE_PARAM)
  @ApiCreatedResponse({ type: CertificateResponse })
  @ApiBadRequestResponse({ description: 'Not a certificate, not RSA nor SM2, or expired' })
  @ApiNotFoundResponse({ description: 'No such enterprise' })
  @ApiConflictResponse({
    description: 'The certificate is already registered and active for this enterprise',
  })
  register(
    @Param('code') code: string,
    @Body() request: RegisterCertificateRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CertificateResponse> {
    return this.registry.register(code, request.certificate, principal.clientId);
  }

  @Get()
  @Authenticated(Scopes.RegistryRead, Scopes.DocumentsRead, Scopes.DocumentsWrite)
  @ApiOperation({
    summary: 'List the signing certificates of an enterprise',
    description: `Active ones, oldest first; with \`includeRevoked=true\` revoked ones too. ${HOW}`,
  })
  @ApiParam(CODE_PARAM)
  @ApiQuery({ name: 'includeRevoked', required: false, type: Boolean })
  @ApiOkResponse({ type: CertificateListResponse })
  @ApiNotFoundResponse({ description: 'No such enterprise' })
  async list(
    @Param('code') code: string,
    @Query('includeRevoked', new ParseBoolPipe({ optional: true })) includeRevoked: boolean | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CertificateListResponse> {
    assertOwnOrOperator(principal, code);
    return { certificates: await this.registry.list(code, includeRevoked ?? false) };
  }

  @Delete(':fingerprint')
  @Authenticated(Scopes.RegistryWrite, Scopes.DocumentsWrite)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Revoke a signing certificate',
    description:
      'From now on, signatures made with it are refused (`signature.unknownCertificate`). Operators revoke ' +
      'any; an enterprise its own (e.g. a lost key).',
  })
  @ApiParam(CODE_PARAM)
  @ApiParam({ name: 'fingerprint', description: 'SHA-256 of the certificate, hex (colons allowed)' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiNotFoundResponse({ description: 'No such active certificate for the enterprise' })
  async revoke(
    @Param('code') code: string,
    @Param('fingerprint') fingerprint: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    assertOwnOrOperator(principal, code);
    await this.registry.revoke(code, fingerprint, principal.clientId);
  }
}

interface HeaderReply {
  header(name: string, value: string): unknown;
}

@ApiTags('signatures')
@Controller({ path: 'platform/certificate', version: '1' })
export class PlatformCertificateController {
  constructor(private readonly signer: PlatformSigner) {}

  @Get()
  @ApiOperation({
    summary: 'The platform’s signing certificate',
    description:
      'The certificate whose key signs the XML receipts (enveloped ds:Signature, sm2-sm3 or rsa-sha1 after ' +
      'its key). Public, no token. JSON by default; `Accept: application/x-pem-file` gives the PEM alone.',
  })
  @ApiProduces('application/json', 'application/x-pem-file')
  @ApiOkResponse({ type: PlatformCertificateResponse })
  certificate(
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: HeaderReply,
  ): PlatformCertificateResponse | string {
    const format = negotiate(accept, ['application/json', 'application/x-pem-file']);
    if (!format) throw new NotAcceptableException('Served as application/json or application/x-pem-file');
    const info = this.signer.certificate;
    if (format === 'application/x-pem-file') {
      reply.header('content-type', 'application/x-pem-file');
      return info.pem;
    }
    return {
      certificate: info.pem,
      fingerprint: info.fingerprint,
      algorithm: info.algorithm,
      subject: info.subject,
      serialNumber: info.serialNumber,
      notBefore: info.notBefore.toISOString(),
      notAfter: info.notAfter.toISOString(),
    };
  }
}
