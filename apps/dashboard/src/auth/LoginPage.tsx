import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/errors';
import { formatDuration } from '../format/duration';
import { AuthFrame } from './AuthFrame';
import { safeNext } from './safe-next';
import { signIn } from './session-api';
import { SESSION_KEY, useSessionState } from './session-context';

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { session } = useSessionState();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<{ email?: string; password?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const signedOut = params.has('signedOut');
  const expired = !signedOut && sessionStorage.getItem('confab.sessionExpired') === '1';
  const next = safeNext(params.get('next'));

  // Right after signing out the cached session may still be on its way out; stay here then.
  if (session && !signedOut) return <Navigate to={next} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errors = { email: email.trim() ? undefined : t('auth.emailRequired'), password: password ? undefined : t('auth.passwordRequired') };
    setFieldErrors(errors);
    if (errors.email || errors.password) return;
    setBusy(true);
    setError(null);
    try {
      const s = await signIn(email.trim(), password);
      sessionStorage.removeItem('confab.sessionExpired');
      queryClient.setQueryData(SESSION_KEY, s);
      navigate(next, { replace: true });
    } catch (err) {
      setPassword('');
      if (err instanceof ApiError && err.status === 401) setError(t('auth.wrong'));
      else if (err instanceof ApiError && err.status === 429) {
        setError(err.retryAfterSeconds ? t('auth.locked', { time: formatDuration(err.retryAfterSeconds * 1000, i18n.language) }) : t('auth.lockedShort'));
      } else setError(t('auth.failed', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title={t('auth.title')} subtitle={t('auth.subtitle')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {expired && !error && <Alert color="yellow" variant="light">{t('auth.expired')}</Alert>}
          {signedOut && !error && <Alert color="blue" variant="light">{t('auth.signedOut')}</Alert>}
          {error && <Alert color="red" variant="light" role="alert">{error}</Alert>}
          <TextInput label={t('auth.email')} type="email" autoComplete="username" required withAsterisk={false} value={email}
            onChange={(e) => setEmail(e.currentTarget.value)} error={fieldErrors.email} autoFocus />
          <PasswordInput visibilityToggleButtonProps={{ 'aria-label': t('auth.showPassword') }} label={t('auth.password')} autoComplete="current-password" required withAsterisk={false} value={password}
            onChange={(e) => setPassword(e.currentTarget.value)} error={fieldErrors.password} />
          <Button type="submit" loading={busy} fullWidth mt="xs">{t('auth.signIn')}</Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
