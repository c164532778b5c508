import { Alert, Badge, Button, Group, NumberInput, Paper, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format/use-format';
import { num, str } from '../common/values';
import { scoreVerdict, thresholdOf } from './document-status';
import { useSearch } from './knowledge-api';

/**
 * Try a question the way an assistant would search: the ranked chunks with their similarity scores against the
 * threshold, so an operator sees why an answer was (or was not) found.
 */
export function SearchPanel({ kbId }: { kbId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const search = useSearch(kbId);
  const [query, setQuery] = useState('');
  const [topK, setTopK] = useState<number | string>(4);
  const [hybrid, setHybrid] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!query.trim()) return setError(t('knowledge.search.queryRequired'));
    setError(null);
    search.mutate({ query: query.trim(), topK: Number(topK) || 4, hybrid });
  };

  const result = search.data;
  const threshold = thresholdOf(result?.thresholds as Record<string, unknown> | undefined);
  const best = num(result?.bestScore);
  const score = (v: number | null) => f.number(v, 3);

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="kb-search-title">
      <Title order={2} size="h4" id="kb-search-title" mb={4}>{t('knowledge.search.title')}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t('knowledge.search.hint')}</Text>
      <form onSubmit={submit} noValidate role="search" aria-label={t('knowledge.search.title')}>
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput label={t('knowledge.search.query')} placeholder={t('knowledge.search.placeholder')} value={query} onChange={(e) => { setQuery(e.currentTarget.value); setError(null); }}
            error={error} style={{ flex: '1 1 320px' }} leftSection={<IconSearch size={16} aria-hidden />} maxLength={2000} />
          <NumberInput label={t('knowledge.search.topK')} min={1} max={50} value={topK} onChange={setTopK} w={110} />
          <Switch label={t('knowledge.search.hybrid')} checked={hybrid} onChange={(e) => setHybrid(e.currentTarget.checked)} mt={32} />
          <Button type="submit" mt={25} loading={search.isPending}>{t('knowledge.search.run')}</Button>
        </Group>
      </form>

      <div aria-live="polite">
        {search.error && <Alert color="red" variant="light" role="alert" mt="sm">{search.error.message}</Alert>}
        {result && (
          <Stack gap="sm" mt="md">
            <Text size="sm" data-testid="search-summary">
              {t('knowledge.search.summary', { count: result.items.length })}
              {best !== null && ` · ${t('knowledge.search.best', { score: score(best) })}`}
              {threshold !== null && ` · ${t('knowledge.search.threshold', { score: score(threshold) })}`}
            </Text>
            {result.items.length === 0 && (
              <Alert color="yellow" variant="light">
                {best !== null && threshold !== null ? t('knowledge.search.noneAbove', { best: score(best), threshold: score(threshold) }) : t('knowledge.search.noneAtAll')}
              </Alert>
            )}
            <Stack gap="xs" component="ol" style={{ margin: 0, padding: 0, listStyle: 'none' }} aria-label={t('knowledge.search.results')}>
              {result.items.map((hit, i) => {
                const verdict = scoreVerdict(num(hit.score), threshold);
                const lexical = num(hit.lexicalRank);
                return (
                  <Paper component="li" key={hit.chunkId} withBorder radius="sm" p="sm" data-testid="search-hit">
                    <Group justify="space-between" align="flex-start" gap="xs" mb={4}>
                      <Group gap="xs">
                        <Badge variant="filled" color="gray" circle aria-label={t('knowledge.search.rank', { rank: i + 1 })}>{i + 1}</Badge>
                        <Text size="sm" fw={500}>{hit.documentTitle}</Text>
                        {hit.headingPath.length > 0 && <Text size="xs" c="dimmed">{hit.headingPath.join(' › ')}</Text>}
                      </Group>
                      <Group gap={6}>
                        <Badge variant="light" color={verdict === 'above' ? 'green' : verdict === 'below' ? 'orange' : 'gray'} tt="none" data-testid="hit-score">
                          {verdict === 'lexical' ? t('knowledge.search.wordsOnly') : t('knowledge.search.score', { score: score(num(hit.score)) })}
                        </Badge>
                        {lexical !== null && <Badge variant="outline" color="gray" tt="none">{t('knowledge.search.lexicalRank', { rank: lexical })}</Badge>}
                      </Group>
                    </Group>
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} lineClamp={6}>{hit.text}</Text>
                    {str(hit.url) && <Text size="xs" c="dimmed" mt={2}>{str(hit.url)}</Text>}
                  </Paper>
                );
              })}
            </Stack>
          </Stack>
        )}
      </div>
    </Paper>
  );
}
