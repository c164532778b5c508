const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);
const CREDENTIAL_PARTS = ['key', 'token', 'secret', 'auth', 'password', 'passwd', 'session', 'signature'];

/**
 * True when an HTTP header of this name carries a credential (Authorization, Cookie, X-Api-Key, X-Auth-Token,
 * X-Session-Id, ...). Such values are sealed at rest and never returned, whatever form they were given in: a
 * user who forgets to mark one secret must not end up with a key in plain text. Case-insensitive; matching is
 * deliberately broad (a harmless header sealed by mistake costs nothing, a key left in the clear does).
 */
export function isCredentialHeaderName(name: string): boolean {
  const lower = name.toLowerCase();
  return CREDENTIAL_HEADERS.has(lower) || CREDENTIAL_PARTS.some((part) => lower.includes(part));
}
