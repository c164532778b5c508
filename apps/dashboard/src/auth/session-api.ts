import { api, getCsrfToken, setCsrfToken, unwrap } from '../api/client';
import { ApiError, toApiError } from '../api/errors';
import type { paths } from '../api/schema';

export type Session = paths['/api/v1/auth/session']['get']['responses'][200]['content']['application/json'];
export type Operator = Session['operator'];
export type Role = 'admin' | 'agent' | 'viewer';

/** The current session, or null when not signed in (401). Any other failure is an error worth showing. */
export async function fetchSession(what: string): Promise<Session | null> {
  try {
    const session = await unwrap(what, api.GET('/api/v1/auth/session'));
    setCsrfToken(session.csrfToken);
    return session;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw err;
  }
}

/** Signs in; a wrong password and a lock-out come back as ApiError (401, 429 with retryAfterSeconds). */
export async function signIn(email: string, password: string): Promise<Session> {
  const res = await api.POST('/api/v1/auth/login', { body: { email, password } });
  if (!res.response.ok || !res.data) {
    throw toApiError(res.response.status, res.error, res.response.headers.get('retry-after'));
  }
  setCsrfToken(res.data.csrfToken);
  return res.data;
}

export async function signOut(what: string): Promise<void> {
  await unwrap(what, api.POST('/api/v1/auth/logout', { params: { header: { 'X-CSRF-Token': getCsrfToken() } } }));
  setCsrfToken(null);
}

export async function acceptInvitation(token: string, password: string, name: string | undefined): Promise<Session> {
  const res = await api.POST('/api/v1/auth/invitations/{token}', { params: { path: { token } }, body: { password, ...(name ? { name } : {}) } });
  if (!res.response.ok || !res.data) {
    throw toApiError(res.response.status, res.error, res.response.headers.get('retry-after'));
  }
  setCsrfToken(res.data.csrfToken);
  return res.data;
}
