import { Button, Group, Modal, Text } from '@mantine/core';
import { useEffect, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useBlocker } from 'react-router';

/**
 * Asks before unsaved edits are thrown away: on a link inside the dashboard (a dialog) and on closing or reloading the
 * tab (the browser's own question). `allowLeave` lets a save that navigates (new -> its own page) pass.
 */
export function UnsavedChangesGuard({ dirty, allowLeave }: { dirty: boolean; allowLeave: RefObject<boolean> }) {
  const { t } = useTranslation();
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && !allowLeave.current && currentLocation.pathname !== nextLocation.pathname);

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  return (
    <Modal opened={blocker.state === 'blocked'} onClose={() => blocker.reset?.()} title={t('assistants.unsaved.title')} centered closeButtonProps={{ 'aria-label': t('assistants.close') }}>
      <Text size="sm">{t('assistants.unsaved.body')}</Text>
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={() => blocker.reset?.()} data-autofocus>{t('assistants.unsaved.stay')}</Button>
        <Button color="red" onClick={() => blocker.proceed?.()}>{t('assistants.unsaved.leave')}</Button>
      </Group>
    </Modal>
  );
}
