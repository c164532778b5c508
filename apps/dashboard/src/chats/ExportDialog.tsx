import { Alert, Anchor, Button, Group, Modal, Progress, Radio, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { useFormat } from '../format/use-format';
import { toApiQuery, type ChatFilters } from './filters';

type Level = components['schemas']['CreateExportDto']['level'];
type Kind = 'csv' | 'csv-excel' | 'jsonl';

/** The signed download link, on this origin (the link names the server's public URL, which a proxy may rewrite). */
function sameOriginHref(downloadUrl: string): string {
  const u = new URL(downloadUrl, window.location.origin);
  return `${u.pathname}${u.search}`;
}

/**
 * Exports the list's current filters at conversation, message or tool-call level. It runs as a background export:
 * a progress bar while it counts and writes, then the file downloads (and a link stays for another try).
 */
export function ExportDialog({ opened, onClose, filters }: { opened: boolean; onClose: () => void; filters: ChatFilters }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const [level, setLevel] = useState<Level>('conversations');
  const [kind, setKind] = useState<Kind>(i18n.language === 'de' ? 'csv-excel' : 'csv');
  const [exportId, setExportId] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const downloaded = useRef<string | null>(null);

  useEffect(() => {
    if (!opened) {
      setExportId(null);
      setStartError(null);
      downloaded.current = null;
    }
  }, [opened]);

  const job = useQuery({
    queryKey: ['export', exportId],
    enabled: !!exportId,
    queryFn: () => unwrap(t('export.title'), api.GET('/api/v1/exports/{id}', { params: { path: { id: exportId! } } })),
    refetchInterval: (q) => (q.state.data && ['done', 'failed', 'expired'].includes(q.state.data.status) ? false : 500),
  });
  const data = job.data;

  // Download once when the file is ready; the link below stays for a second download.
  useEffect(() => {
    if (data?.status === 'done' && data.downloadUrl && downloaded.current !== data.id) {
      downloaded.current = data.id;
      const a = document.createElement('a');
      a.href = sameOriginHref(data.downloadUrl);
      a.download = '';
      document.body.appendChild(a);
      a.click();
      a.remove();
    }
  }, [data]);

  const start = async () => {
    setStarting(true);
    setStartError(null);
    try {
      const created = await unwrap(t('export.starting'), api.POST('/api/v1/exports', {
        body: {
          ...toApiQuery(filters),
          level,
          format: kind === 'jsonl' ? 'jsonl' : 'csv',
          delimiter: kind === 'csv-excel' ? ';' : ',',
          bom: kind === 'csv-excel',
          includeTest: true,
        } as components['schemas']['CreateExportDto'],
      }));
      setExportId(created.id);
    } catch (err) {
      setStartError(err instanceof Error ? err.message : String(err));
    } finally {
      setStarting(false);
    }
  };

  const running = !!exportId && (!data || data.status === 'queued' || data.status === 'running');
  const percent = data?.rowsTotal ? Math.min(100, Math.round((data.rowsDone / data.rowsTotal) * 100)) : data?.status === 'done' ? 100 : 0;

  return (
    <Modal opened={opened} onClose={onClose} title={t('export.title')} centered size="md" closeButtonProps={{ 'aria-label': t('state.close') }}>
      <Stack>
        <Text size="sm" c="dimmed">{t('export.filtersApplied')}</Text>
        <Radio.Group label={t('export.level')} value={level} onChange={(v) => setLevel(v as Level)}>
          <Stack gap={6} mt={6}>
            <Radio value="conversations" label={t('export.levelConversations')} disabled={running} />
            <Radio value="messages" label={t('export.levelMessages')} disabled={running} />
            <Radio value="tool-calls" label={t('export.levelToolCalls')} disabled={running} />
          </Stack>
        </Radio.Group>
        <Radio.Group label={t('export.format')} value={kind} onChange={(v) => setKind(v as Kind)}>
          <Stack gap={6} mt={6}>
            <Radio value="csv" label={t('export.csv')} disabled={running} />
            <Radio value="csv-excel" label={t('export.csvExcel')} disabled={running} />
            <Radio value="jsonl" label={t('export.jsonl')} disabled={running} />
          </Stack>
        </Radio.Group>

        {startError && <Alert color="red" variant="light" role="alert">{startError}</Alert>}
        {job.error && <Alert color="red" variant="light" role="alert">{(job.error as Error).message}</Alert>}
        {exportId && data?.status !== 'failed' && (
          <Stack gap={4} role="status" aria-live="polite">
            <Progress value={percent} animated={running} aria-label={t('export.title')} />
            <Text size="sm">
              {data?.status === 'done'
                ? t('export.done', { rows: f.number(data.rowsDone) })
                : data?.rowsTotal != null
                  ? t('export.running', { done: f.number(data.rowsDone), total: f.number(data.rowsTotal) })
                  : t('export.runningUnknown')}
            </Text>
          </Stack>
        )}
        {data?.status === 'failed' && <Alert color="red" variant="light" role="alert">{t('export.failed', { message: data.error ?? '' })}</Alert>}

        <Group justify="flex-end">
          {data?.status === 'done' && data.downloadUrl && (
            <Anchor href={sameOriginHref(data.downloadUrl)} download>
              <Group gap={4}><IconDownload size={16} aria-hidden />{t('export.download')}</Group>
            </Anchor>
          )}
          <Button onClick={() => void start()} loading={starting || running} leftSection={<IconDownload size={16} aria-hidden />}>
            {t('export.start')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
