import { DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { GATEWAY_CONFIG, GatewayConfig } from '@latticelm/config';
import { GatewayAuthGuard } from './gateway-auth.guard';
import { ApiKeysController } from './keys/api-keys.controller';
import { API_KEY_PROVIDERS } from './keys/api-keys.providers';
import { OwnersController } from './keys/owners.controller';
import { OidcIssuerClient } from './oidc-issuer-client';
import { OIDC_STRATEGY_NAME, OidcJwtStrategy } from './oidc-jwt.strategy';
import { UpgradeAuthenticator } from './upgrade-authenticator';

let instances = 0;

/**
 * Tries discovery once at start-up (bounded by its 5 s timeout) so the log says at once whether the issuer is
 * reachable; a failure never stops the gateway, it leaves the first request to retry.
 */
@Injectable()
class IssuerWarmUp implements OnApplicationBootstrap {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly issuer: OidcIssuerClient,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.auth.enabled) await this.issuer.warmUp();
  }
}

/**
 * OIDC bearer-token authentication as a global guard. Import it before the traffic module so that its
 * APP_GUARD runs first (Nest runs global guards in module registration order): a request without a valid
 * token is refused with 401 before it can spend a rate-limit token. AdminGuard needs no module: it is
 * instantiated where `@UseGuards(AdminGuard)` names it.
 */
@Module({})
export class AuthModule {
  /**
   * With `gatewayConfig` given and both OIDC and API keys off, no global guard is installed: it would only answer true, yet every
   * request paid Nest's async guard chain for it (see TrafficModule.forRoot).
   */
  static forRoot(gatewayConfig?: GatewayConfig): DynamicModule {
    const strategyName = `latticelm-oidc-${++instances}`;
    const keys = gatewayConfig?.auth.apiKeys.enabled === true;
    const guarded = !gatewayConfig || gatewayConfig.auth.enabled || keys;
    return {
      module: AuthModule,
      controllers: keys ? [ApiKeysController, OwnersController] : [],
      imports: [PassportModule.register({ defaultStrategy: strategyName, session: false, property: 'principal' })],
      providers: [
        { provide: OIDC_STRATEGY_NAME, useValue: strategyName },
        { provide: OidcIssuerClient, inject: [GATEWAY_CONFIG], useFactory: (config: GatewayConfig) => new OidcIssuerClient(config.auth) },
        OidcJwtStrategy,
        IssuerWarmUp,
        UpgradeAuthenticator,
        ...(keys ? API_KEY_PROVIDERS : []),
        ...(guarded ? [{ provide: APP_GUARD, useClass: GatewayAuthGuard }] : []),
      ],
      exports: [UpgradeAuthenticator],
    };
  }
}
