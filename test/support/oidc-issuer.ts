import { once } from 'node:events';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPublicKey, randomUUID } from 'node:crypto';
import * as jose from 'jose';

export type SigningAlg = 'RS256' | 'PS256' | 'ES256';

interface IssuerKey {
  kid: string;
  alg: SigningAlg;
  privateKey: jose.CryptoKey;
  publicJwk: jose.JWK;
  publicPem: string;
}

export interface OidcIssuerOptions {
  /** the `issuer` the discovery document names: Auth0 style adds a trailing slash */
  trailingSlash?: boolean;
  /** a path under which the issuer lives, Keycloak style: "/realms/test" */
  path?: string;
  audience?: string;
}

export interface SignOptions {
  kid?: string;
  alg?: SigningAlg;
  /** sign with a fresh key that the JWKS does not publish (a forged signature) */
  foreignKey?: boolean;
}

/**
 * A local OpenID provider: discovery + JWKS over HTTP on port 0, tokens minted with jose. Keys rotate on
 * demand; `available = false` makes discovery answer 503, like an issuer that is down.
 */
export class OidcIssuer {
  readonly audience: string;
  available = true;
  discoveryHits = 0;
  jwksHits = 0;
  private keys: IssuerKey[] = [];
  private readonly unpublished = new Map<string, IssuerKey>();
  private server?: Server;

  constructor(private readonly options: OidcIssuerOptions = {}) {
    this.audience = options.audience ?? 'latticelm-test-client';
  }

  async start(): Promise<this> {
    this.keys = [await generateKey('RS256')];
    this.server = createServer((req, res) => this.route(req, res));
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  get origin(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('issuer not started');
    return `http://127.0.0.1:${address.port}`;
  }

  /** The issuer identifier as the discovery document and the tokens state it. */
  get issuer(): string {
    return `${this.origin}${this.options.path ?? ''}${this.options.trailingSlash ? '/' : ''}`;
  }

  get currentKid(): string {
    return this.keys[this.keys.length - 1].kid;
  }

  get currentPublicPem(): string {
    return this.keys[this.keys.length - 1].publicPem;
  }

  /** Publishes a new key; the old one is dropped unless `keepOld`. Returns the new kid. */
  async rotate(alg: SigningAlg = 'RS256', keepOld = false): Promise<string> {
    const key = await generateKey(alg);
    this.keys = keepOld ? [...this.keys, key] : [key];
    return key.kid;
  }

  /** Mints a key the issuer does not publish yet; `publish(kid)` makes the JWKS serve it. */
  async prepareKey(alg: SigningAlg = 'RS256'): Promise<string> {
    const key = await generateKey(alg);
    this.unpublished.set(key.kid, key);
    return key.kid;
  }
  publish(kid: string): void {
    const key = this.unpublished.get(kid);
    if (!key) throw new Error(`no prepared key ${kid}`);
    this.keys.push(key);
    this.unpublished.delete(kid);
  }

  /** Default claims: this issuer, the audience, a subject, issued now, valid for five minutes. */
  claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const now = Math.floor(Date.now() / 1000);
    return { iss: this.issuer, aud: this.audience, sub: 'user-a', iat: now, exp: now + 300, ...overrides };
  }

  async token(overrides: Record<string, unknown> = {}, options: SignOptions = {}): Promise<string> {
    const payload = Object.fromEntries(Object.entries(this.claims(overrides)).filter(([, value]) => value !== undefined));
    const key =
      options.foreignKey ? await generateKey(options.alg ?? 'RS256') :
      [...this.keys, ...this.unpublished.values()].find((candidate) => candidate.kid === (options.kid ?? this.currentKid));
    if (!key) throw new Error(`unknown kid ${options.kid}`);
    const kid = options.foreignKey ? (options.kid ?? this.currentKid) : key.kid;
    return new jose.SignJWT(payload).setProtectedHeader({ alg: key.alg, kid, typ: 'JWT' }).sign(key.privateKey);
  }

  /** `alg: none`, no signature. */
  unsignedToken(overrides: Record<string, unknown> = {}): string {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', kid: this.currentKid })).toString('base64url');
    const payload = Buffer.from(JSON.stringify(this.claims(overrides))).toString('base64url');
    return `${header}.${payload}.`;
  }

  /** The classic key-confusion attack: HS256 with the issuer's public key (PEM) as the HMAC secret. */
  async hs256WithPublicKey(overrides: Record<string, unknown> = {}): Promise<string> {
    const secret = new TextEncoder().encode(this.currentPublicPem);
    return new jose.SignJWT(this.claims(overrides))
      .setProtectedHeader({ alg: 'HS256', kid: this.currentKid, typ: 'JWT' })
      .sign(secret);
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    const base = this.options.path ?? '';
    if (path === `${base}/.well-known/openid-configuration`) {
      this.discoveryHits += 1;
      if (!this.available) return send(res, 503, { error: 'temporarily_unavailable' });
      return send(res, 200, {
        issuer: this.issuer,
        jwks_uri: `${this.origin}${base}/protocol/openid-connect/certs`,
        authorization_endpoint: `${this.origin}${base}/authorize`,
        token_endpoint: `${this.origin}${base}/token`,
        response_types_supported: ['code', 'id_token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256', 'PS256', 'ES256'],
      });
    }
    if (path === `${base}/protocol/openid-connect/certs`) {
      this.jwksHits += 1;
      return send(res, 200, { keys: this.keys.map((key) => ({ ...key.publicJwk, kid: key.kid, alg: key.alg, use: 'sig' })) });
    }
    send(res, 404, { error: 'not_found' });
  }
}

async function generateKey(alg: SigningAlg): Promise<IssuerKey> {
  const { privateKey, publicKey } = await jose.generateKeyPair(alg, { extractable: true });
  const publicJwk = await jose.exportJWK(publicKey);
  const publicPem = createPublicKey({ key: publicJwk as import('node:crypto').JsonWebKey, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
  return { kid: randomUUID(), alg, privateKey, publicJwk, publicPem };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
