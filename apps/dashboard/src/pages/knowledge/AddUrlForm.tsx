import { Button, Group, NumberInput, Text, TextInput } from '@mantine/core';
import { IconWorld } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/errors';
import { useAddDocument } from './knowledge-api';

/** Only web addresses make sense here; the server refuses private and loopback hosts itself (SSRF guard). */
function validUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** A web page as a document; with a crawl depth, same-site links become documents of their own. */
export function AddUrlForm({ kbId }: { kbId: string }) {
  const { t } = useTranslation();
  const add = useAddDocument(kbId);
  const [url, setUrl] = useState('');
  const [depth, setDepth] = useState<number | string>(0);
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setAdded(null);
    const trimmed = url.trim();
    if (!validUrl(trimmed)) return setError(t('knowledge.url.invalid'));
    setError(null);
    add.mutate({ url: trimmed, crawlDepth: Number(depth) || 0 }, {
      onSuccess: (doc) => {
        setAdded(doc.unchanged ? t('knowledge.url.unchanged') : t('knowledge.url.added'));
        setUrl('');
      },
      onError: (err) => setError(err instanceof ApiError ? err.message : String(err)),
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Group align="flex-start" gap="sm" wrap="wrap">
        <TextInput
          label={t('knowledge.url.label')}
          placeholder="https://example.com/help"
          type="url"
          value={url}
          onChange={(e) => { setUrl(e.currentTarget.value); setError(null); }}
          error={error}
          style={{ flex: '1 1 320px' }}
          leftSection={<IconWorld size={16} aria-hidden />}
        />
        <NumberInput
          label={t('knowledge.url.depth')}
          min={0}
          max={3}
          value={depth}
          onChange={setDepth}
          w={170}
        />
        <Button type="submit" mt={25} loading={add.isPending}>{t('knowledge.url.add')}</Button>
      </Group>
      <Text size="xs" c="dimmed" mt={4}>{t('knowledge.url.depthHint')}</Text>
      <div role="status" aria-live="polite">{added && <Text size="sm" mt={4}>{added}</Text>}</div>
    </form>
  );
}
