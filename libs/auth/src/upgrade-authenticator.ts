import { Inject, Injectable, Optional } from '@nestjs/common';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { IncomingMessage } from 'node:http';
import passport from 'passport';
import type { Principal } from '@latticelm/api';
import { GATEWAY_CONFIG, GatewayConfig } from '@latticelm/config';
import { forbidden, unauthorized } from './auth-errors';
import { authenticationOutcome } from './authentication-outcome';
import { ApiKeyGate } from './keys/api-key-gate';
import { OIDC_STRATEGY_NAME } from './oidc-jwt.strategy';

const tracer = trace.getTracer('latticelm-auth');

/**
 * Authentication for requests that never reach a Nest route: a WebSocket upgrade on /v1/responses. The same
 * passport strategy and the same verdict as GatewayAuthGuard, so a token is accepted or refused identically.
 */
@Injectable()
export class UpgradeAuthenticator {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(OIDC_STRATEGY_NAME) private readonly strategyName: string,
    @Optional() private readonly keys?: ApiKeyGate,
  ) {}

  /** The caller, or undefined while auth is off (anonymous); a refused token rejects with its GatewayError. */
  async authenticate(req: IncomingMessage): Promise<Principal | undefined> {
    if (this.keys) {
      const found = await this.keys.authenticate(req, req.url ?? '');
      if (found?.record) {
        // Per-turn model and limit checks are not wired into WebSocket turns yet: such keys stay on HTTP.
        const { models, limits } = found.record;
        if (models.length || limits.requestsPerMinute !== undefined || limits.tokensPerMinute !== undefined) {
          throw forbidden('this API key has allowed models or limits, which WebSocket mode does not enforce yet; use HTTP');
        }
      }
      if (found) return found.principal;
      if (!this.config.auth.enabled) throw unauthorized('an API key is required (Authorization: Bearer lm-… or x-api-key)', 'missing_token');
    }
    if (!this.config.auth.enabled) return undefined;
    return tracer.startActiveSpan('auth.authenticate', async (span) => {
      try {
        return await new Promise<Principal>((resolve, reject) => {
          const verdict = (error: unknown, principal: unknown, info: unknown) => {
            try {
              resolve(authenticationOutcome(error, principal, info));
            } catch (refusal) {
              reject(refusal);
            }
          };
          (passport.authenticate(this.strategyName, { session: false }, verdict) as (req: unknown, res: unknown, next: (error?: unknown) => void) => void)(req, {}, (error) =>
            reject(error),
          );
        });
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : 'authentication failed' });
        throw error;
      } finally {
        span.end();
      }
    });
  }
}
