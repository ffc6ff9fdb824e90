import {
  ArgumentsHost,
  Body,
  Catch,
  Controller,
  ExceptionFilter,
  Header,
  HttpCode,
  HttpStatus,
  Post,
  Req,
  UseFilters,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import { AccessTokenResponse, IssueAccessToken } from './issue-access-token.usecase';
import { OAuthError, OAuthErrorCode, parseTokenRequest } from './oauth-token-request';
import { Scopes } from './principal';
import { TokenRequestsLocked } from './token-throttle';

const ENTERPRISE_SCOPES_EXAMPLE = `${Scopes.DocumentsWrite} ${Scopes.DocumentsRead}`;

class TokenRequest {
  @ApiProperty({ description: 'Always `client_credentials`', enum: ['client_credentials'] })
  grant_type!: string;

  @ApiPropertyOptional({
    description: 'Client id, when the client does not authenticate with HTTP Basic',
    example: 'ent-3301960001-1a2b3c4d',
  })
  client_id?: string;

  @ApiPropertyOptional({
    description: 'Client secret, when the client does not authenticate with HTTP Basic',
    example: 'hS3m1Xq0Vb6hE7uUOQv3Dk2z8YjZ1n4cQ5p9rT0wLkA',
  })
  client_secret?: string;

  @ApiPropertyOptional({
    description: 'Space-separated scopes, a subset of the client’s; leave out for all of them',
    example: ENTERPRISE_SCOPES_EXAMPLE,
  })
  scope?: string;

  @ApiPropertyOptional({
    description:
      'Who the token is for: `single-window-api` (the default) or `single-window-kafka`, a regulator’s Kafka ' +
      'token (RS256, 5 minutes, no scopes) for the broker’s subscribers’ listener (SASL/OAUTHBEARER), once an ' +
      'operator granted it Kafka access',
    enum: ['single-window-api', 'single-window-kafka'],
    // The API: with the example's scopes, a Kafka audience is refused (a Kafka token has no scopes).
    example: 'single-window-api',
  })
  audience?: string;
}

class TokenResponse implements AccessTokenResponse {
  @ApiProperty({
    description:
      'The access token: an HS256 JWT (a Kafka token: RS256, verified with /.well-known/jwks.json)',
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…',
  })
  access_token!: string;

  @ApiProperty({ description: 'Send as `Authorization: Bearer <access_token>`', enum: ['Bearer'] })
  token_type!: 'Bearer';

  @ApiProperty({ description: 'Lifetime in seconds (AUTH_TOKEN_TTL_SECONDS)', example: 900 })
  expires_in!: number;

  @ApiProperty({ description: 'Space-separated scopes granted', example: ENTERPRISE_SCOPES_EXAMPLE })
  scope!: string;
}

class TokenErrorResponse {
  @ApiProperty({
    description: 'RFC 6749 §5.2 error code',
    enum: [
      'invalid_request',
      'invalid_client',
      'unauthorized_client',
      'unsupported_grant_type',
      'invalid_scope',
      'temporarily_unavailable',
    ],
    example: 'invalid_scope',
  })
  error!: OAuthErrorCode;

  @ApiProperty({
    description: 'What was wrong',
    example: 'Scopes not granted to this client: registry:write',
  })
  error_description!: string;
}

interface ReplyLike {
  status(code: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
  send(body: unknown): void;
}

/** Token-endpoint errors as RFC 6749 JSON; every other error still goes to the problem+json filter. */
@Catch(OAuthError, TokenRequestsLocked)
class OAuthErrorFilter implements ExceptionFilter<OAuthError | TokenRequestsLocked> {
  catch(exception: OAuthError | TokenRequestsLocked, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<ReplyLike>();
    if (exception instanceof TokenRequestsLocked) {
      reply
        .status(HttpStatus.TOO_MANY_REQUESTS)
        .header('cache-control', 'no-store')
        .header('retry-after', String(exception.retryAfterSeconds))
        .header('content-type', 'application/json; charset=utf-8')
        .send({
          error: 'temporarily_unavailable',
          error_description: `Too many failed attempts for this client or from this address; retry in ${exception.retryAfterSeconds} s`,
        });
      return;
    }
    reply.status(exception.status).header('cache-control', 'no-store').header('pragma', 'no-cache');
    if (exception.status === HttpStatus.UNAUTHORIZED) {
      reply.header('www-authenticate', 'Basic realm="single-window", charset="UTF-8"');
    }
    reply
      .header('content-type', 'application/json; charset=utf-8')
      .send({ error: exception.error, error_description: exception.description });
  }
}

@ApiTags('credentials')
@Controller({ path: 'oauth/token', version: '1' })
@UseFilters(OAuthErrorFilter)
export class OAuthTokenController {
  constructor(private readonly issueAccessToken: IssueAccessToken) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  @Header('cache-control', 'no-store')
  @Header('pragma', 'no-cache')
  @ApiOperation({
    summary: 'Get an access token (OAuth2 client credentials)',
    description:
      'RFC 6749 §4.4. Send `grant_type=client_credentials` as a form (`application/x-www-form-urlencoded`) ' +
      'or as JSON, and authenticate the client with HTTP Basic (`client_id:client_secret`) or with ' +
      '`client_id` and `client_secret` in the body. `scope` narrows the token to some of the client’s ' +
      'scopes. The token is a JWT valid for `expires_in` seconds; send it as `Authorization: Bearer`. It ' +
      'stops working before it expires when the client is revoked, its secret rotated, or its enterprise ' +
      'suspended. In this console, the Authorize button does this exchange for you (oauth2 scheme). ' +
      'Errors are RFC 6749 JSON: `invalid_request`, `invalid_client` (401), `unauthorized_client` (the ' +
      'enterprise is suspended), `unsupported_grant_type`, `invalid_scope`. Failed client authentications are ' +
      'rate-limited per client id and source address and per source address: after a few, the endpoint ' +
      'answers 429 `temporarily_unavailable` with `Retry-After` (1 s, doubling with each further failure, at ' +
      'most 15 minutes); a successful authentication clears the client’s count.',
  })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({ type: TokenRequest })
  @ApiOkResponse({ type: TokenResponse, description: 'The access token' })
  @ApiBadRequestResponse({
    type: TokenErrorResponse,
    description: 'invalid_request, unauthorized_client, unsupported_grant_type or invalid_scope',
  })
  @ApiUnauthorizedResponse({
    type: TokenErrorResponse,
    description: 'invalid_client: unknown client, wrong secret, or revoked client',
  })
  @ApiTooManyRequestsResponse({
    type: TokenErrorResponse,
    description: 'temporarily_unavailable: too many failed attempts; see Retry-After',
  })
  token(
    @Body() body: unknown,
    // The optional HTTP Basic header is read from the request, not declared with @Headers: the console would
    // list it as a required parameter and refuse to send the request without it.
    @Req() request: { ip?: string; headers: Record<string, string | string[] | undefined> },
  ): Promise<TokenResponse> {
    const authorization = request.headers.authorization;
    return this.issueAccessToken.execute(
      parseTokenRequest(body, typeof authorization === 'string' ? authorization : undefined),
      request.ip ?? 'unknown',
    );
  }
}
