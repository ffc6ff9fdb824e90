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
      'forex',
      'Banks, transaction e-information, settlements and netting, 名录, total-volume verification (SAFE)',
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
