import { DocumentBuilder, OpenAPIObject } from '@nestjs/swagger';

import { SCOPE_DESCRIPTIONS } from './client-scopes';

const BEARER = 'bearer';
const OAUTH2 = 'oauth2';

/**
 * Two ways to authorize in the Swagger console: paste an access token (`bearer`, the scheme `@Authenticated`
 * names), or let the console run the client-credentials exchange with a client id and secret (`oauth2`).
 */
export function addSecuritySchemes(builder: DocumentBuilder): DocumentBuilder {
  return builder
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'An access token from POST /v1/oauth/token',
      },
      BEARER,
    )
    .addOAuth2(
      {
        type: 'oauth2',
        description:
          'OAuth2 client credentials: enter a client id and secret (an operator’s, at first: ' +
          'OPERATOR_CLIENT_ID / OPERATOR_CLIENT_SECRET); leave the scopes unticked to get all of the client’s.',
        flows: { clientCredentials: { tokenUrl: '/v1/oauth/token', scopes: SCOPE_DESCRIPTIONS } },
      },
      OAUTH2,
    );
}

/** Every operation that accepts a bearer token accepts one obtained through the `oauth2` scheme too. */
export function acceptOAuth2WhereBearer(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path)) {
      const security = (operation as { security?: Record<string, string[]>[] }).security;
      if (security?.some((s) => BEARER in s) && !security.some((s) => OAUTH2 in s)) {
        security.push({ [OAUTH2]: [] });
      }
    }
  }
  return document;
}
