import { Button, Collapse, Group, NativeSelect, Paper, SimpleGrid, Switch, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconFilter, IconSearch, IconX } from '@tabler/icons-react';
import { forwardRef, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../format/use-format';
import { activeFilterCount, CHANNELS, dayRange, matchPreset, presetRange, PRESETS, rangeDays, type ChatFilters, type Preset } from './filters';
import { DayInput } from '../components/DayInput';

interface Props {
  filters: ChatFilters;
  onChange: (next: ChatFilters) => void;
  assistants: Array<{ id: string; name: string }>;
}

/** Every list filter; each change goes to the URL (so the back button and shared links work). */
export const FilterBar = forwardRef<HTMLInputElement, Props>(function FilterBar({ filters, onChange, assistants }, searchRef) {
  const { t } = useTranslation();
  const { timeZone } = useFormat();
  const wide = useMediaQuery('(min-width: 48em)', true);
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState(filters.q ?? '');
  const [customer, setCustomer] = useState(filters.customer ?? '');
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);
  useEffect(() => setCustomer(filters.customer ?? ''), [filters.customer]);

  // Typing searches after a pause; Enter searches at once.
  useEffect(() => {
    const trimmed = q.trim();
    if (trimmed === (filters.q ?? '')) return;
    const timer = setTimeout(() => onChange({ ...filters, q: trimmed || undefined }), 500);
    return () => clearTimeout(timer);
  }, [q]); // eslint-disable-line react-hooks/exhaustive-deps

  const set = (patch: Partial<ChatFilters>) => onChange({ ...filters, ...patch });
  const preset = matchPreset(filters.from, filters.to, timeZone);
  const days = rangeDays(filters.from, filters.to, timeZone);
  const count = activeFilterCount({ ...filters, q: undefined });
  const any = t('filters.any');

  const fields = (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm" verticalSpacing="xs">
      <NativeSelect label={t('filters.channel')} value={filters.channel ?? ''} onChange={(e) => set({ channel: e.currentTarget.value || undefined })}
        data={[{ value: '', label: any }, ...CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))]} />
      <NativeSelect label={t('filters.assistant')} value={filters.assistantId ?? ''} onChange={(e) => set({ assistantId: e.currentTarget.value || undefined })}
        data={[{ value: '', label: any }, ...assistants.map((a) => ({ value: a.id, label: a.name }))]} />
      <NativeSelect label={t('filters.status')} value={filters.status ?? ''} onChange={(e) => set({ status: (e.currentTarget.value || undefined) as ChatFilters['status'] })}
        data={[{ value: '', label: any }, { value: 'open', label: t('chats.status.open') }, { value: 'closed', label: t('chats.status.closed') }]} />
      <NativeSelect label={t('filters.owner')} value={filters.owner ?? ''} onChange={(e) => set({ owner: (e.currentTarget.value || undefined) as ChatFilters['owner'] })}
        data={[{ value: '', label: any }, { value: 'ai', label: t('chats.owner.ai') }, { value: 'human', label: t('chats.owner.human') }]} />
      <NativeSelect label={t('filters.period')} value={preset ?? (filters.from || filters.to ? 'custom' : '')}
        onChange={(e) => {
          const v = e.currentTarget.value;
          if (v === '') set({ from: undefined, to: undefined });
          else if (v !== 'custom') set(presetRange(v as Preset, timeZone));
        }}
        data={[{ value: '', label: any }, ...PRESETS.map((p) => ({ value: p, label: t(`filters.preset.${p}`) })), ...(preset || !(filters.from || filters.to) ? [] : [{ value: 'custom', label: t('filters.preset.custom') }])]} />
      <DayInput label={t('filters.from')} value={days.fromDay} max={days.toDay}
        onChange={(day) => set({ from: dayRange(day, undefined, timeZone).from })} />
      <DayInput label={t('filters.to')} value={days.toDay} min={days.fromDay}
        onChange={(day) => set({ to: dayRange(undefined, day, timeZone).to })} />
      <TextInput label={t('filters.customer')} placeholder={t('filters.customerPlaceholder')} value={customer}
        onChange={(e) => setCustomer(e.currentTarget.value)}
        onBlur={() => customer.trim() !== (filters.customer ?? '') && set({ customer: customer.trim() || undefined })}
        onKeyDown={(e) => e.key === 'Enter' && set({ customer: customer.trim() || undefined })} />
      <Switch label={t('filters.failedDelivery')} checked={filters.failedDelivery === true} onChange={(e) => set({ failedDelivery: e.currentTarget.checked || undefined })} mt={4} />
      <Switch label={t('filters.unanswered')} checked={filters.unanswered === true} onChange={(e) => set({ unanswered: e.currentTarget.checked || undefined })} mt={4} />
    </SimpleGrid>
  );

  return (
    <Paper withBorder p="sm" mb="md" component="section" aria-label={t('filters.title')}>
      <Group gap="sm" align="flex-end" wrap="nowrap" mb={wide || open ? 'sm' : 0}>
        <TextInput ref={searchRef} flex={1} type="search" label={t('filters.search')} placeholder={t('filters.searchPlaceholder')}
          leftSection={<IconSearch size={16} aria-hidden />} value={q} onChange={(e) => setQ(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') set({ q: q.trim() || undefined });
            if (e.key === 'Escape') e.currentTarget.blur();
          }} />
        {!wide && (
          <Button variant="default" leftSection={<IconFilter size={16} aria-hidden />} onClick={() => setOpen((o) => !o)} aria-expanded={open}>
            {t('filters.title')}{count ? ` (${count})` : ''}
          </Button>
        )}
        {wide && (count > 0 || filters.q) && (
          <Button variant="subtle" leftSection={<IconX size={16} aria-hidden />} onClick={() => onChange({})}>{t('filters.clear')}</Button>
        )}
      </Group>
      {wide ? fields : <Collapse expanded={open}>{fields}{(count > 0 || filters.q) && <Button mt="sm" variant="subtle" onClick={() => onChange({})}>{t('filters.clear')}</Button>}</Collapse>}
    </Paper>
  );
});
