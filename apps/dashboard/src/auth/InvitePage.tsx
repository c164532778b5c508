import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/errors';
import { AuthFrame } from './AuthFrame';
import { acceptInvitation } from './session-api';
import { SESSION_KEY } from './session-context';

const MIN_PASSWORD = 10;

/** /invite/:token — the one-time link from an admin: choose a password, and be signed in. */
export function InvitePage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [fieldErrors, setFieldErrors] = useState<{ password?: string; confirm?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errors = {
      password: password.length < MIN_PASSWORD ? t('invite.tooShort') : undefined,
      confirm: confirm !== password ? t('invite.mismatch') : undefined,
    };
    setFieldErrors(errors);
    if (errors.password || errors.confirm) return;
    setBusy(true);
    setError(null);
    try {
      const s = await acceptInvitation(token, password, name.trim() || undefined);
      queryClient.setQueryData(SESSION_KEY, s);
      navigate('/chats', { replace: true });
    } catch (err) {
      if (err instanceof ApiError && (err.status === 404 || err.status === 410)) setError(t('invite.invalid'));
      else setError(t('invite.failed', { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title={t('invite.title')} subtitle={t('invite.subtitle')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && <Alert color="red" variant="light" role="alert">{error}</Alert>}
          <TextInput label={t('invite.name')} autoComplete="name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <PasswordInput visibilityToggleButtonProps={{ 'aria-label': t('auth.showPassword') }} label={t('invite.password')} description={t('invite.passwordHint')} autoComplete="new-password" required
            value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={fieldErrors.password} />
          <PasswordInput visibilityToggleButtonProps={{ 'aria-label': t('auth.showPassword') }} label={t('invite.confirm')} autoComplete="new-password" required
            value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} error={fieldErrors.confirm} />
          <Button type="submit" loading={busy} fullWidth mt="xs">{t('invite.submit')}</Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
