import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { RequestWithPrincipal } from '@latticelm/api';
import { GATEWAY_CONFIG, GatewayConfig } from '@latticelm/config';
import { forbidden, unauthorized } from './auth-errors';
import { claimHasValue } from './claim-matcher';

/**
 * Admin routes: with API keys on, an admin key opens them and a gateway key never does (nor does no credential,
 * with OIDC off too). With OIDC on, the principal's `auth.admin_claim` must contain `auth.admin_value`. Runs after the
 * global authentication guard, so a missing principal here means the route was wrongly marked public.
 */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const { enabled, adminClaim, adminValue, apiKeys } = this.config.auth;
    if (!enabled && !apiKeys.enabled) return true;
    const principal = context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
    if (!principal) throw unauthorized('a bearer token is required (Authorization: Bearer <token>)', 'missing_token');
    if (principal.via === 'admin_key') return true;
    if (principal.via === 'api_key') throw forbidden('an API key does not open the admin API; use an admin key (auth.api_keys.admin_keys) or an OIDC token with the admin claim');
    if (!claimHasValue(principal.claims, adminClaim, adminValue)) {
      throw forbidden(`admin access requires the '${adminClaim}' claim to contain '${adminValue}'`);
    }
    return true;
  }
}
