/**
 * Looks a claim up by name: first as a literal key (Auth0's namespaced claims are URLs full of dots, e.g.
 * `https://example.com/roles`), then as a dotted path (Keycloak's `realm_access.roles`).
 */
export function findClaim(claims: Record<string, unknown>, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(claims, name)) return claims[name];
  let current: unknown = claims;
  for (const segment of name.split('.')) {
    if (!current || typeof current !== 'object' || Array.isArray(current)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/**
 * True when the claim holds the value: equal to a string claim, a member of an array claim, or one of the
 * words of a space-separated claim such as OAuth's `scope` (RFC 8693 §4.2).
 */
export function claimHasValue(claims: Record<string, unknown>, name: string, value: string): boolean {
  const claim = findClaim(claims, name);
  if (typeof claim === 'string') return claim === value || claim.split(' ').includes(value);
  if (Array.isArray(claim)) return claim.some((entry) => entry === value);
  return false;
}
