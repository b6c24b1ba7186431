/** What the gateway needs from an issuer's OpenID Provider Metadata. */
export interface DiscoveredIssuer {
  jwksUri: string;
  /** `iss` values a token may carry */
  issuers: readonly string[];
}

/**
 * OpenID Connect Discovery 1.0 §4: the metadata lives at `{issuer}/.well-known/openid-configuration`, "If the
 * Issuer value contains a path component, any terminating / MUST be removed before appending".
 */
export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

/**
 * Validates the metadata document. The document's `issuer` must be the configured one; a trailing slash is
 * tolerated because operators write `https://tenant.auth0.com` while Auth0 issues `https://tenant.auth0.com/`.
 */
export function parseDiscoveryDocument(configuredIssuer: string, body: unknown): DiscoveredIssuer {
  if (!body || typeof body !== 'object') throw new Error('the discovery document is not a JSON object');
  const { issuer, jwks_uri: jwksUri } = body as { issuer?: unknown; jwks_uri?: unknown };
  if (typeof jwksUri !== 'string' || !/^https?:\/\//i.test(jwksUri)) throw new Error('the discovery document has no http(s) jwks_uri');
  if (typeof issuer !== 'string' || trimSlash(issuer) !== trimSlash(configuredIssuer)) {
    throw new Error(`the discovery document names issuer '${String(issuer)}', not the configured '${configuredIssuer}'`);
  }
  return { jwksUri, issuers: acceptedIssuers(configuredIssuer, issuer) };
}

function acceptedIssuers(configured: string, discovered: string): string[] {
  const issuers = new Set([configured, discovered]);
  // Google: "The value of iss in the ID token is equal to accounts.google.com or https://accounts.google.com."
  // (developers.google.com/identity/openid-connect/openid-connect#validatinganidtoken)
  if (trimSlash(discovered) === 'https://accounts.google.com') issuers.add('accounts.google.com');
  return [...issuers];
}

function trimSlash(value: string): string {
  return value.replace(/\/+$/, '');
}
