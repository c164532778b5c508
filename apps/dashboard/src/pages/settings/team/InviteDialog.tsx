import { Alert, Button, Group, Modal, Radio, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';
import { fieldError, formError } from '../form-errors';

export type Role = components['schemas']['OperatorView']['role'];
export const ROLES: Role[] = ['admin', 'agent', 'viewer'];

/** Name, email and role; no password, so the server answers with a one-time link the admin passes on. */
export function InviteDialog({ opened, onClose, onInvited }: { opened: boolean; onClose: () => void; onInvited: (inviteUrl: string) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const invite = useMutation({
    mutationFn: () => unwrap(t('settings.team.inviting'), api.POST('/api/v1/operators', { body: { name: name.trim(), email: email.trim(), role } })),
    onSuccess: (created) => {
      setName('');
      setEmail('');
      setRole('agent');
      onInvited(created.inviteUrl ?? '');
    },
  });
  const close = () => {
    invite.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate();
  };
  const general = formError(invite.error, ['name', 'email', 'role']);
  return (
    <Modal opened={opened} onClose={close} closeButtonProps={{ 'aria-label': t('settings.close') }} title={t('settings.team.inviteTitle')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {general && <Alert color="red" variant="light" role="alert">{general}</Alert>}
          <TextInput label={t('settings.team.name')} required autoComplete="off" value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(invite.error, 'name')} data-autofocus />
          <TextInput label={t('settings.team.email')} type="email" required autoComplete="off" value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={fieldError(invite.error, 'email')} />
          <Radio.Group label={t('settings.team.role')} required value={role} onChange={(v) => setRole(v as Role)}>
            <Stack gap="xs" mt="xs">
              {ROLES.map((r) => <Radio key={r} value={r} label={t(`settings.role.${r}`)} description={t(`settings.team.roleHint.${r}`)} />)}
            </Stack>
          </Radio.Group>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>{t('settings.cancel')}</Button>
            <Button type="submit" loading={invite.isPending}>{t('settings.team.send')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
