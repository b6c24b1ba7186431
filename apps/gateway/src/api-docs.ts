import { readFileSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { JsonObject, buildGatewayOpenApiDocument, openResponsesDocumentPath } from '@latticelm/api';
import { packageVersion } from '@latticelm/admin';
import type { GatewayConfig } from '@latticelm/config';

export const DOCS_PATH = '/docs';
export const OPENAPI_DOCUMENT_PATH = '/docs/openapi.json';

/** Where `npm run openapi` writes the reference copy, relative to the repository root (auth on in that copy). */
export const COMMITTED_OPENAPI_FILE = 'docs/openapi.json';

/** The document this gateway serves: the Open Responses document (read once, here) plus the gateway's additions. */
export function gatewayOpenApiDocument(bearerAuth: boolean): JsonObject {
  const standard = JSON.parse(readFileSync(openResponsesDocumentPath(), 'utf8')) as JsonObject;
  return buildGatewayOpenApiDocument(standard, { version: packageVersion(), bearerAuth });
}

/** The committed copy's exact text, so the drift test can compare byte for byte. */
export function renderCommittedOpenApi(): string {
  return `${JSON.stringify(gatewayOpenApiDocument(true), null, 2)}\n`;
}

/**
 * Swagger UI at /docs and the document at /docs/openapi.json. The UI's assets come from the installed
 * swagger-ui-dist, so the page works offline. Swagger registers these routes on Express directly: they pass the
 * request observer (logs, metrics) but no Nest guard, which is what keeps them public and unthrottled.
 */
export function setupApiDocs(app: NestExpressApplication, config: GatewayConfig): void {
  if (!config.server.docsEnabled) return;
  let document: OpenAPIObject;
  try {
    // Swagger's own type models OpenAPI 3.0; the document is 3.1, which Swagger UI renders.
    document = gatewayOpenApiDocument(config.auth.enabled) as unknown as OpenAPIObject;
  } catch (error) {
    // The API reference is a convenience: the gateway serves without it rather than not at all.
    new Logger('ApiDocs').error(`API reference disabled: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: OPENAPI_DOCUMENT_PATH,
    raw: ['json'],
    customSiteTitle: 'latticelm API reference',
    // "none" turns off the badge that would send the page's URL to swagger.io's online validator.
    swaggerOptions: { validatorUrl: 'none', displayOperationId: true, defaultModelsExpandDepth: 0 },
  });
}
