import { Button, Group, Indicator, Text, Tooltip } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { PageTitle } from '../components/PageTitle';
import { QueryState } from '../components/QueryState';
import { ChatsTable } from './ChatsTable';
import { ExportDialog } from './ExportDialog';
import { FilterBar } from './FilterBar';
import { filtersFromSearch, filtersToSearch, type ChatFilters } from './filters';
import { SavedViews } from './SavedViews';
import { useAssistants } from './use-assistants';
import { useConversations } from './use-conversations';
import { useLiveList } from './use-live-list';

/** Keys that act on the list, unless the operator is typing in a field or a dialog is open. */
function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || !!el.closest('[role="dialog"],[role="menu"]'));
}

/** /chats — every conversation of the tenant, filtered by the URL, refreshed by the live feed. */
export function ChatsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(params), [params]);
  const search = filtersToSearch(filters).toString();
  const live = useLiveList();
  const list = useConversations(filters, live.state === 'polling');
  const assistants = useAssistants();
  const [selected, setSelected] = useState(-1);
  const [exporting, setExporting] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);

  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  useEffect(() => setSelected(-1), [search]);

  // Each filter change is a history entry: the back button steps back through the filters.
  const change = (next: ChatFilters) => setParams(filtersToSearch(next));

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === '/' && !typingIn(e.target)) {
        e.preventDefault();
        searchRef.current?.focus();
        return;
      }
      if (typingIn(e.target)) return;
      // Enter on a focused button or link is that control's own action.
      if (e.key === 'Enter' && (e.target as HTMLElement | null)?.closest?.('button,a,[role="button"]')) return;
      if (e.key === 'j') setSelected((s) => Math.min(items.length - 1, s + 1));
      else if (e.key === 'k') setSelected((s) => Math.max(0, s - 1));
      else if (e.key === 'Enter' && selected >= 0 && items[selected]) navigate(`/chats/${items[selected].id}`);
      else if (e.key === 'Escape') setSelected(-1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items, selected, navigate]);

  // Keep the selected row in view as j/k move through a long list.
  useEffect(() => {
    if (selected < 0 || !items[selected]) return;
    document.querySelector(`[data-conversation-id="${items[selected].id}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected, items]);

  const liveLabel = live.state === 'live' ? t('chats.liveOn') : live.state === 'polling' ? t('chats.liveOff') : t('chats.liveConnecting');

  return (
    <>
      <PageTitle actions={
        <Group gap="xs">
          <SavedViews search={search} onApply={(s) => setParams(new URLSearchParams(s))} />
          <Button leftSection={<IconDownload size={16} aria-hidden />} onClick={() => setExporting(true)}>{t('export.button')}</Button>
        </Group>
      }>{t('chats.title')}</PageTitle>

      <FilterBar ref={searchRef} filters={filters} onChange={change} assistants={assistants.data ?? []} />

      <Group justify="space-between" mb="xs" gap="xs">
        <Text size="sm" c="dimmed" aria-live="polite">{list.data ? t('chats.shown', { count: items.length }) : ''}</Text>
        <Group gap="md">
          <Text size="xs" c="dimmed" visibleFrom="sm">{t('chats.keyboardHint')}</Text>
          <Tooltip label={liveLabel}>
            <Group gap={6} data-live-state={live.state}>
              <Indicator color={live.state === 'live' ? 'green' : live.state === 'polling' ? 'orange' : 'gray'} processing={live.state === 'live'} size={8} position="middle-start" zIndex={0}>
                <span style={{ display: 'inline-block', width: 8 }} />
              </Indicator>
              <Text size="xs">{live.state === 'live' ? t('chats.live') : liveLabel}</Text>
            </Group>
          </Tooltip>
        </Group>
      </Group>

      {(list.isLoading || list.error) && !list.data ? (
        <QueryState isLoading={list.isLoading} error={list.error} onRetry={() => void list.refetch()} label={t('chats.loading')} />
      ) : (
        <>
          {list.error && <QueryState isLoading={false} error={list.error} onRetry={() => void list.refetch()} />}
          {assistants.error && <QueryState isLoading={false} error={assistants.error} onRetry={() => void assistants.refetch()} />}
          {items.length === 0 ? (
            <Text c="dimmed" py="xl" ta="center">{search ? t('chats.none') : t('chats.noneAtAll')}</Text>
          ) : (
            <ChatsTable items={items} assistantNames={assistants.names} selected={selected} onSelect={setSelected} onOpen={(id) => navigate(`/chats/${id}`)} />
          )}
          {list.hasNextPage && (
            <Group justify="center" mt="md">
              <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>{t('chats.loadMore')}</Button>
            </Group>
          )}
        </>
      )}

      <ExportDialog opened={exporting} onClose={() => setExporting(false)} filters={filters} />
    </>
  );
}
