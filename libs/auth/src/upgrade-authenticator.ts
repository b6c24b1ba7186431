import { Inject, Injectable, Optional } from '@nestjs/common';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { IncomingMessage } from 'node:http';
import passport from 'passport';
import type { NormalizedRequest, Principal, RequestScope } from '@latticelm/api';
import { GATEWAY_CONFIG, GatewayConfig } from '@latticelm/config';
import { unauthorized } from './auth-errors';
import { authenticationOutcome } from './authentication-outcome';
import { ApiKeyGate, KeyAdmission } from './keys/api-key-gate';
import { OIDC_STRATEGY_NAME } from './oidc-jwt.strategy';

const tracer = trace.getTracer('latticelm-auth');

/** Who opened a WebSocket connection, and the checks each of its turns passes. */
export interface UpgradeIdentity {
  /** undefined while auth is off (anonymous) */
  principal: Principal | undefined;
  /**
   * The key's model list, budgets and limits for one `response.create`, as for one HTTP request: rejects with
   * the 403 or 429 to send as the turn's error event; the admission's `finish` runs once the turn has ended.
   * Absent when no gateway key opened the connection.
   */
  admitTurn?: (request: NormalizedRequest, scope: RequestScope) => Promise<KeyAdmission>;
}

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

  /** The caller and its per-turn checks; a refused token rejects with its GatewayError. */
  async authenticate(req: IncomingMessage): Promise<UpgradeIdentity> {
    const keys = this.keys;
    if (keys) {
      const found = await keys.authenticate(req, req.url ?? '');
      const record = found?.record;
      if (found && record) {
        return {
          principal: found.principal,
          admitTurn: (request, scope) => keys.admitCall(record, { model: request.model, max_output_tokens: request.maxOutputTokens }, scope),
        };
      }
      if (found) return { principal: found.principal };
      if (!this.config.auth.enabled) throw unauthorized('an API key is required (Authorization: Bearer lm-… or x-api-key)', 'missing_token');
    }
    if (!this.config.auth.enabled) return { principal: undefined };
    return { principal: await this.verifyToken(req) };
  }

  private verifyToken(req: IncomingMessage): Promise<Principal> {
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
