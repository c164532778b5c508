export const SESSION_COOKIE = 'confab_session';

/**
 * The value of one cookie from a Cookie header (RFC 6265 syntax: `a=1; b=2`), or null. Express here has no cookie
 * parser; only the session cookie is ever needed. The first occurrence wins, as browsers send the most specific first.
 */
export function readCookie(header: unknown, name: string): string | null {
  if (typeof header !== 'string' || header.length > 16_384) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      return decodeURIComponent(value);
    } catch {
      return null;
    }
  }
  return null;
}

/** Set-Cookie for a new session: HttpOnly (no script reads it), SameSite=Lax (no cross-site writes), Secure over https. */
export function sessionCookie(token: string, opts: { secure: boolean; maxAgeSeconds: number }): string {
  return [`${SESSION_COOKIE}=${token}`, 'HttpOnly', 'SameSite=Lax', 'Path=/', `Max-Age=${opts.maxAgeSeconds}`, ...(opts.secure ? ['Secure'] : [])].join('; ');
}

/** Set-Cookie that makes the browser forget the session. */
export function clearedSessionCookie(opts: { secure: boolean }): string {
  return [`${SESSION_COOKIE}=`, 'HttpOnly', 'SameSite=Lax', 'Path=/', 'Max-Age=0', 'Expires=Thu, 01 Jan 1970 00:00:00 GMT', ...(opts.secure ? ['Secure'] : [])].join('; ');
}
