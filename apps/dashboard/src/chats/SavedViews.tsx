import { ActionIcon, Button, Group, Menu, Popover, Stack, TextInput } from '@mantine/core';
import { IconBookmark, IconDeviceFloppy, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session-context';
import { deleteView, loadViews, saveView, type SavedView } from './saved-views';

/** Save the current filters under a name and go back to them later (kept in this browser, per tenant). */
export function SavedViews({ search, onApply }: { search: string; onApply: (search: string) => void }) {
  const { t } = useTranslation();
  const { tenant } = useSession();
  const [views, setViews] = useState<SavedView[]>(() => loadViews(localStorage, tenant.id));
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');

  const save = () => {
    if (!name.trim()) return;
    setViews(saveView(localStorage, tenant.id, { name, search }));
    setName('');
    setNaming(false);
  };

  return (
    <Group gap="xs">
      <Menu position="bottom-end" withinPortal width={280}>
        <Menu.Target>
          <Button variant="default" leftSection={<IconBookmark size={16} aria-hidden />}>{t('filters.views')}</Button>
        </Menu.Target>
        <Menu.Dropdown>
          {views.length === 0 && <Menu.Label>{t('filters.noViews')}</Menu.Label>}
          {views.map((v) => (
            <Group key={v.name} gap={0} wrap="nowrap">
              <Menu.Item onClick={() => onApply(v.search)} style={{ flex: 1 }}>{v.name}</Menu.Item>
              <ActionIcon variant="subtle" color="gray" aria-label={t('filters.deleteView', { name: v.name })}
                onClick={() => setViews(deleteView(localStorage, tenant.id, v.name))}>
                <IconTrash size={14} aria-hidden />
              </ActionIcon>
            </Group>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Popover opened={naming} onChange={setNaming} position="bottom-end" withinPortal trapFocus>
        <Popover.Target>
          <Button variant="default" leftSection={<IconDeviceFloppy size={16} aria-hidden />} onClick={() => setNaming((o) => !o)}>{t('filters.saveView')}</Button>
        </Popover.Target>
        <Popover.Dropdown>
          <form onSubmit={(e) => { e.preventDefault(); save(); }}>
            <Stack gap="xs">
              <TextInput label={t('filters.viewName')} value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={60} data-autofocus />
              <Group justify="flex-end"><Button type="submit" size="xs" disabled={!name.trim()}>{t('filters.saveView')}</Button></Group>
            </Stack>
          </form>
        </Popover.Dropdown>
      </Popover>
    </Group>
  );
}
