/** Who is calling. Set on the request by the auth guard; `anonymous` while auth is off. */
export interface Principal {
  subject: string;
  claims: Record<string, unknown>;
}

export const ANONYMOUS_OWNER = 'anonymous';

export interface RequestWithPrincipal {
  principal?: Principal;
}

export function ownerOf(request: RequestWithPrincipal): string {
  return request.principal?.subject ?? ANONYMOUS_OWNER;
}
