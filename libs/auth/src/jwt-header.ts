/**
 * Only asymmetric signatures: the keys come from the issuer's public JWKS, so accepting HS* would let anyone
 * holding the public key (everyone) sign tokens with it as the HMAC secret, and `none` needs no key at all.
 */
export const ACCEPTED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'] as const;
export type AcceptedAlgorithm = (typeof ACCEPTED_ALGORITHMS)[number];

export interface JwtHeader {
  alg: AcceptedAlgorithm;
  kid?: string;
}

/** Reads a compact JWS header without trusting it; returns a reason instead of the header when it is unusable. */
export function readJwtHeader(token: string): JwtHeader | { refused: string } {
  const parts = token.split('.');
  if (parts.length !== 3) return { refused: 'the token is not a compact JWS' };
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
  } catch {
    return { refused: 'the token header is not valid JSON' };
  }
  if (!header || typeof header !== 'object') return { refused: 'the token header is not an object' };
  const { alg, kid } = header as { alg?: unknown; kid?: unknown };
  if (typeof alg !== 'string' || !(ACCEPTED_ALGORITHMS as readonly string[]).includes(alg)) {
    const named = typeof alg === 'string' ? ` '${alg.slice(0, 16)}'` : '';
    return { refused: `the signing algorithm${named} is not accepted (only RS*, PS* and ES*)` };
  }
  if (kid !== undefined && typeof kid !== 'string') return { refused: 'the token kid is not a string' };
  return { alg: alg as AcceptedAlgorithm, kid };
}
