import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { onUnauthorized } from '../api/client';
import { fetchSession, type Role, type Session } from './session-api';

export const SESSION_KEY = ['session'] as const;

interface SessionState {
  session: Session | null | undefined;
  isLoading: boolean;
  error: Error | null;
  refetch: () => void;
}

const SessionContext = createContext<SessionState>({ session: undefined, isLoading: true, error: null, refetch: () => undefined });

/** Loads the session once; any 401 from the API (expired, signed out elsewhere) drops it, and the guard sends to /login. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: SESSION_KEY, queryFn: () => fetchSession(t('auth.checking')), staleTime: Infinity, retry: 1 });
  useEffect(() => onUnauthorized(() => {
    sessionStorage.setItem('confab.sessionExpired', '1');
    queryClient.setQueryData(SESSION_KEY, null);
  }), [queryClient]);
  return (
    <SessionContext.Provider value={{ session: query.data, isLoading: query.isLoading, error: query.error, refetch: () => void query.refetch() }}>
      {children}
    </SessionContext.Provider>
  );
}

export function useSessionState(): SessionState {
  return useContext(SessionContext);
}

/** Inside the guard the session is always there. */
export function useSession(): Session {
  const { session } = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in route');
  return session;
}

/** What a role may do, as the server enforces it (contract B); the UI hides what would be refused. */
export function can(role: Role | string, action: 'converse' | 'configure' | 'export'): boolean {
  if (action === 'export') return true;
  if (action === 'converse') return role === 'admin' || role === 'agent';
  return role === 'admin';
}
