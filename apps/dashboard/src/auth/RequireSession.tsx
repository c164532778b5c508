import { Navigate, Outlet, useLocation } from 'react-router';
import { QueryState } from '../components/QueryState';
import { useSessionState } from './session-context';
import { useTranslation } from 'react-i18next';

/** Signed-in routes: without a session, to /login with the page to come back to. */
export function RequireSession() {
  const { t } = useTranslation();
  const { session, isLoading, error, refetch } = useSessionState();
  const location = useLocation();
  if (isLoading || error) return <QueryState isLoading={isLoading} error={error} onRetry={refetch} label={t('auth.checking')} fullPage />;
  if (!session) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login${next && next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  return <Outlet />;
}
