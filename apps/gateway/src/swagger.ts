import { writeFileSync } from 'node:fs';

import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

import { acceptOAuth2WhereBearer, addSecuritySchemes } from './auth/swagger-security';

export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = addSecuritySchemes(new DocumentBuilder())
    .setTitle('Cross-border e-commerce single window')
    .setDescription(
      'One access point for enterprise ERP systems: declare CEB documents once, read receipts back. ' +
        'Amounts are decimal strings; field names follow the customs CEB standard.',
    )
    .setVersion('1')
    .addTag('import documents', 'CEB import retail flow: order, payment, waybill, inventory list')
    .addTag('operations', 'Health and readiness')
    .addTag('enterprise registry', 'Enterprises and individual sellers registered on the platform (备案)')
    .addTag('credentials', 'OAuth2 client credentials: access tokens, and the clients operators issue')
    .addTag(
      'credit',
      'Credit archive (信用档案): grades A–D and lists for anyone authenticated, whole files for the enterprise and regulators, facts, list decisions, credit repair and appeals',
    )
    .build();
  return acceptOAuth2WhereBearer(SwaggerModule.createDocument(app, config));
}

/** Swagger console at `/docs`, OpenAPI JSON at `/docs-json`. */
export function setupSwagger(app: INestApplication, exportPath?: string): void {
  const document = openApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  if (exportPath) writeFileSync(exportPath, `${JSON.stringify(document, null, 2)}\n`);
}
