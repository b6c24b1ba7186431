import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import passport from 'passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Principal } from '@latticelm/api';
import { GATEWAY_CONFIG, GatewayConfig } from '@latticelm/config';
import { unauthorized } from './auth-errors';
import { ACCEPTED_ALGORITHMS, readJwtHeader } from './jwt-header';
import { OidcIssuerClient } from './oidc-issuer-client';

/** Unique per application instance; see the constructor. */
export const OIDC_STRATEGY_NAME = Symbol('OIDC_STRATEGY_NAME');

/**
 * passport-jwt verifies signature, audience, expiry (with the configured clock skew) and algorithm; this class
 * finds the key through the issuer's JWKS and turns the claims into the request's principal.
 */
@Injectable()
export class OidcJwtStrategy extends PassportStrategy(Strategy) implements OnApplicationShutdown {
  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    private readonly issuer: OidcIssuerClient,
    @Inject(OIDC_STRATEGY_NAME) private readonly strategyName: string,
  ) {
    super({
      // Anthropic's clients (Claude Code with ANTHROPIC_API_KEY, curl per Anthropic's docs) send the key as x-api-key.
      jwtFromRequest: ExtractJwt.fromExtractors([ExtractJwt.fromAuthHeaderAsBearerToken(), ExtractJwt.fromHeader('x-api-key')]),
      secretOrKeyProvider: (_request: unknown, rawToken: string, done: (error: unknown, key?: string) => void) => {
        const header = readJwtHeader(rawToken);
        if ('refused' in header) return done(unauthorized(header.refused));
        void issuer.publicKeyFor(header).then(
          (key) => done(null, key),
          (error: unknown) => done(error),
        );
      },
      audience: config.auth.audience,
      algorithms: [...ACCEPTED_ALGORITHMS],
      jsonWebTokenOptions: { clockTolerance: Math.ceil(config.auth.clockSkewMs / 1000) },
    });
    // passport's strategy registry is process-global; a name per application keeps two gateways in one
    // process (the tests) from authenticating with each other's issuer.
    passport.use(strategyName, this);
  }

  /** The mixin registers every strategy under its default name; keep that registration out of the global one. */
  getPassportInstance(): passport.Authenticator {
    return new passport.Authenticator();
  }

  validate(payload: Record<string, unknown>): Principal {
    if (typeof payload.iss !== 'string' || !this.issuer.acceptedIssuers().includes(payload.iss)) {
      throw unauthorized('the token was issued by another issuer');
    }
    if (typeof payload.exp !== 'number') throw unauthorized('the token has no expiry (exp)');
    if (typeof payload.sub !== 'string' || payload.sub === '') throw unauthorized('the token has no subject (sub)');
    return { subject: payload.sub, claims: payload };
  }

  onApplicationShutdown(): void {
    passport.unuse(this.strategyName);
  }
}
