import { ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { Request, Response } from 'express';
import { Principal, RequestWithPrincipal, requestScopeOf } from '@latticelm/api';
import { GATEWAY_CONFIG, GatewayConfig, isOperationalPath, operationalPaths } from '@latticelm/config';
import { unauthorized } from './auth-errors';
import { authenticationOutcome } from './authentication-outcome';
import { ApiKeyGate } from './keys/api-key-gate';
import { OIDC_STRATEGY_NAME } from './oidc-jwt.strategy';
import { IS_PUBLIC } from './public.decorator';

const tracer = trace.getTracer('latticelm-auth');

/**
 * The global authentication guard (registered before the rate-limit guard). With OIDC (`auth.enabled`) or API
 * keys (`auth.api_keys.enabled`) on, every route but the public ones needs a credential: an admin key, a gateway
 * API key (then its model list and limits apply), else an OIDC token, whose `sub` becomes `req.principal`. With
 * both off the guard is not installed and the principal stays anonymous.
 */
@Injectable()
export class GatewayAuthGuard extends AuthGuard() {
  private readonly publicSet: ReadonlySet<string>;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly reflector: Reflector,
    @Inject(OIDC_STRATEGY_NAME) strategyName: string,
    @Optional() private readonly keys?: ApiKeyGate,
  ) {
    super({ defaultStrategy: strategyName, session: false, property: 'principal' });
    this.publicSet = operationalPaths(config);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<Request & RequestWithPrincipal>();
    if (isOperationalPath(request.path, this.publicSet)) return true;
    if (this.keys) {
      const found = await this.keys.authenticate(request, request.path);
      if (found) {
        request.principal = found.principal;
        const scope = requestScopeOf(request);
        scope.caller = found.principal.subject;
        if (found.principal.apiKey) scope.apiKey = found.principal.apiKey;
        if (found.record) await this.keys.admit(found.record, request.body, scope, context.switchToHttp().getResponse<Response>());
        return true;
      }
      if (!this.config.auth.enabled) throw unauthorized('an API key is required (Authorization: Bearer lm-… or x-api-key)', 'missing_token');
    }
    if (!this.config.auth.enabled) return true;
    // A span of its own so slow JWKS fetches show in traces (a no-op tracer while tracing is off).
    return tracer.startActiveSpan('auth.authenticate', async (span) => {
      try {
        const allowed = (await super.canActivate(context)) as boolean;
        // the caller of this request's metrics and traces, read from the scope the pipeline already carries
        if (request.principal) requestScopeOf(request).caller = request.principal.subject;
        return allowed;
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : 'authentication failed' });
        throw error;
      } finally {
        span.end();
      }
    });
  }

  override getAuthenticateOptions(): { session: boolean; property: string } {
    return { session: false, property: 'principal' };
  }

  /** Every outcome becomes a GatewayError so the global filter renders the Open Responses error body. */
  override handleRequest<TUser = Principal>(error: unknown, principal: unknown, info: unknown): TUser {
    return authenticationOutcome(error, principal, info) as TUser;
  }
}
