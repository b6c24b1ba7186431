/** Who is calling. Set on the request by the auth guard; `anonymous` while auth is off. */
export interface Principal {
  subject: string;
  claims: Record<string, unknown>;
  /** how the caller proved who it is; absent: an OIDC token */
  via?: 'api_key' | 'admin_key';
  /**
   * the gateway API key that authenticated the request (its owner is `subject`), with the key's metadata; `models`:
   * its allowed models, when it has a list
   */
  apiKey?: { id: string; name: string; metadata?: Readonly<Record<string, string>>; models?: readonly string[] };
}

export const ANONYMOUS_OWNER = 'anonymous';

export interface RequestWithPrincipal {
  principal?: Principal;
}

export function ownerOf(request: RequestWithPrincipal): string {
  return request.principal?.subject ?? ANONYMOUS_OWNER;
}
