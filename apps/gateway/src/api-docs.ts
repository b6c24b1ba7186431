import { readFileSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { GatewayOpenApiOptions, JsonObject, buildGatewayOpenApiDocument, openResponsesDocumentPath } from '@latticelm/api';
import { packageVersion } from '@latticelm/admin';
import { GatewayConfig, metricsEnabled } from '@latticelm/config';
import { ProviderRegistry } from '@latticelm/providers';

export const DOCS_PATH = '/docs';
export const OPENAPI_DOCUMENT_PATH = '/docs/openapi.json';

/** Where `npm run openapi` writes the reference copy, relative to the repository root (everything on in that copy). */
export const COMMITTED_OPENAPI_FILE = 'docs/openapi.json';

type DocumentOptions = Omit<GatewayOpenApiOptions, 'version'>;

const COMMITTED_OPTIONS: DocumentOptions = { bearerAuth: true, admin: true, apiKeys: true, usageLog: true, metricsPath: '/metrics', exampleModel: 'gpt-4o-mini' };

/** What this configuration serves: the operations that are on, and a model it can answer for the example. */
export function documentOptions(config: GatewayConfig, exampleModel: string): DocumentOptions {
  return {
    bearerAuth: config.auth.enabled || config.auth.apiKeys.enabled,
    admin: config.admin.enabled,
    apiKeys: config.auth.apiKeys.enabled,
    usageLog: config.usageLog.enabled,
    metricsPath: metricsEnabled(config) ? config.observability.metrics.path : undefined,
    exampleModel,
  };
}

/** The document this gateway serves: the Open Responses document (read once, here) plus the gateway's additions. */
export function gatewayOpenApiDocument(options: DocumentOptions): JsonObject {
  const standard = JSON.parse(readFileSync(openResponsesDocumentPath(), 'utf8')) as JsonObject;
  return buildGatewayOpenApiDocument(standard, { version: packageVersion(), ...options });
}

/** The committed copy's exact text, so the drift test can compare byte for byte. */
export function renderCommittedOpenApi(): string {
  return `${JSON.stringify(gatewayOpenApiDocument(COMMITTED_OPTIONS), null, 2)}\n`;
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
    document = gatewayOpenApiDocument(documentOptions(config, app.get(ProviderRegistry).exampleModel())) as unknown as OpenAPIObject;
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
