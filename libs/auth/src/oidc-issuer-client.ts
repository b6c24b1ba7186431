import { Logger } from '@nestjs/common';
import { JwksClient, SigningKey } from 'jwks-rsa';
import type { AuthConfig } from '@latticelm/config';
import { issuerUnavailable, unauthorized } from './auth-errors';
import { DiscoveredIssuer, discoveryUrl, parseDiscoveryDocument } from './discovery-document';
import type { JwtHeader } from './jwt-header';

export interface OidcIssuerClientOptions {
  now?: () => number;
  fetch?: typeof fetch;
  /** after a failed discovery on a request, answer 503 without retrying for this long */
  retryCooldownMs?: number;
  timeoutMs?: number;
  /** jwks-rsa's limit on JWKS fetches caused by unknown `kid`s */
  jwksRequestsPerMinute?: number;
}

interface Ready extends DiscoveredIssuer {
  jwks: JwksClient;
}

/**
 * The issuer as the gateway sees it: discovery (lazy, single-flight, retried after a cooldown) and the JWKS
 * client (keys cached per kid; an unknown kid refetches the set, at most `jwksRequestsPerMinute` times).
 */
export class OidcIssuerClient {
  private readonly logger = new Logger('Auth');
  private readonly now: () => number;
  private readonly fetch: typeof fetch;
  private readonly retryCooldownMs: number;
  private readonly timeoutMs: number;
  private readonly jwksRequestsPerMinute: number;
  private ready?: Ready;
  private pending?: Promise<Ready>;
  private retryAt = 0;

  constructor(
    private readonly config: Pick<AuthConfig, 'issuer'>,
    options: OidcIssuerClientOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.fetch = options.fetch ?? fetch;
    this.retryCooldownMs = options.retryCooldownMs ?? 2_000;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.jwksRequestsPerMinute = options.jwksRequestsPerMinute ?? 10;
  }

  /** Start-up attempt: a failure is logged and leaves the next request free to retry at once. */
  async warmUp(): Promise<void> {
    await this.discovered().catch(() => undefined);
    this.retryAt = 0;
  }

  /** `iss` values accepted; empty until discovery succeeded. */
  acceptedIssuers(): readonly string[] {
    return this.ready?.issuers ?? [];
  }

  async publicKeyFor(header: JwtHeader): Promise<string> {
    const { jwks } = await this.discovered();
    let key: SigningKey;
    try {
      key = await jwks.getSigningKey(header.kid);
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'SigningKeyNotFoundError') throw unauthorized('the token is signed with a key the issuer does not publish');
      if (name === 'JwksRateLimitError') throw unauthorized('the token is signed with an unknown key (key refresh is rate-limited)');
      this.logger.warn(`JWKS fetch failed: ${describe(error)}`);
      throw issuerUnavailable('the identity provider’s signing keys cannot be fetched right now', 5, error);
    }
    // A JWK that names its algorithm binds the key to it (RFC 7517 §4.4); the token must not pick another.
    if (key.alg && key.alg !== header.alg) throw unauthorized('the token algorithm does not match its signing key');
    return key.getPublicKey();
  }

  /** The discovered issuer; rejects with a 503 GatewayError while discovery fails or cools down. */
  discovered(): Promise<Ready> {
    if (this.ready) return Promise.resolve(this.ready);
    if (this.pending) return this.pending;
    const wait = this.retryAt - this.now();
    if (wait > 0) {
      return Promise.reject(issuerUnavailable('the identity provider is unreachable; retry shortly', Math.ceil(wait / 1000)));
    }
    this.pending = this.fetchDiscovery().then(
      (ready) => {
        this.ready = ready;
        this.pending = undefined;
        return ready;
      },
      (error: unknown) => {
        this.pending = undefined;
        this.retryAt = this.now() + this.retryCooldownMs;
        this.logger.warn(`OIDC discovery for ${this.config.issuer} failed: ${describe(error)}`);
        throw issuerUnavailable('the identity provider is unreachable; retry shortly', Math.ceil(this.retryCooldownMs / 1000), error);
      },
    );
    return this.pending;
  }

  private async fetchDiscovery(): Promise<Ready> {
    const url = discoveryUrl(this.config.issuer);
    const res = await this.fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(this.timeoutMs) });
    if (!res.ok) throw new Error(`GET ${url} answered ${res.status}`);
    const discovered = parseDiscoveryDocument(this.config.issuer, await res.json());
    const jwks = new JwksClient({
      jwksUri: discovered.jwksUri,
      cache: true,
      cacheMaxAge: 10 * 60_000,
      rateLimit: true,
      jwksRequestsPerMinute: this.jwksRequestsPerMinute,
      timeout: this.timeoutMs,
    });
    this.logger.log(`OIDC issuer ${this.config.issuer} discovered (JWKS ${discovered.jwksUri})`);
    return { ...discovered, jwks };
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
  return String(error);
}
