import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { RequestWithPrincipal } from '@latticelm/api';
import { GATEWAY_CONFIG, GatewayConfig } from '@latticelm/config';
import { forbidden, unauthorized } from './auth-errors';
import { claimHasValue } from './claim-matcher';

/**
 * Admin routes: with auth on, the principal's `auth.admin_claim` must contain `auth.admin_value`. Runs after the
 * global authentication guard, so a missing principal here means the route was wrongly marked public.
 */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const { enabled, adminClaim, adminValue } = this.config.auth;
    if (!enabled) return true;
    const principal = context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
    if (!principal) throw unauthorized('a bearer token is required (Authorization: Bearer <token>)', 'missing_token');
    if (!claimHasValue(principal.claims, adminClaim, adminValue)) {
      throw forbidden(`admin access requires the '${adminClaim}' claim to contain '${adminValue}'`);
    }
    return true;
  }
}
