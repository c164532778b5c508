import { Anchor, Badge, Button, Group, Paper, Spoiler, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryState } from '../../components/QueryState';
import { useFormat } from '../../format/use-format';
import { useAssistants } from '../common/use-assistants';
import { str } from '../common/values';
import { AddAnswerDialog } from './AddAnswerDialog';
import { useDismissGap, useKnowledgeGaps, type KnowledgeBase, type KnowledgeGap } from './knowledge-api';

/**
 * The questions customers asked that the knowledge could not answer, grouped by the server (near-identical
 * questions are one entry with a count), most asked first. Answering one writes a document and resolves it.
 */
export function KnowledgeGaps({ knowledgeBases, canEdit }: { knowledgeBases: KnowledgeBase[]; canEdit: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const gaps = useKnowledgeGaps();
  const assistants = useAssistants();
  const dismiss = useDismissGap();
  const [answering, setAnswering] = useState<KnowledgeGap | null>(null);
  const [answered, setAnswered] = useState<string | null>(null);

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="gaps-title">
      <Title order={2} size="h4" id="gaps-title" mb={4}>{t('knowledge.gaps.title')}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t('knowledge.gaps.hint')}</Text>
      <div role="status" aria-live="polite">{answered && <Text size="sm" c="var(--mantine-color-green-text)" mb="sm">{t('knowledge.gaps.answered', { question: answered })}</Text>}</div>
      {dismiss.error && <Text size="sm" c="var(--mantine-color-red-text)" role="alert" mb="xs">{dismiss.error.message}</Text>}
      {!gaps.data ? (
        <QueryState isLoading={gaps.isLoading} error={gaps.error} onRetry={() => void gaps.refetch()} label={t('knowledge.gaps.loading')} />
      ) : gaps.data.length === 0 ? (
        <Text size="sm" c="dimmed">{t('knowledge.gaps.none')}</Text>
      ) : (
        <Stack gap={0} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('knowledge.gaps.title')}>
          {gaps.data.map((gap) => (
            <li key={gap.id} data-gap-id={gap.id} style={{ borderTop: '1px solid var(--mantine-color-default-border)', padding: '10px 0' }}>
              <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
                <Stack gap={4} style={{ flex: '1 1 260px', minWidth: 0 }}>
                  <Group gap="xs" wrap="wrap">
                    <Text fw={500} size="sm">{gap.question}</Text>
                    <Badge variant="light" color="orange" tt="none">{t('knowledge.gaps.asked', { count: gap.count })}</Badge>
                  </Group>
                  <Text size="xs" c="dimmed">
                    {assistants.nameOf(gap.assistantId)} · {t('knowledge.gaps.last', { time: f.listTime(gap.lastAskedAt) })}
                  </Text>
                  {gap.examples.length > 0 && (
                    <Spoiler maxHeight={0} showLabel={t('knowledge.gaps.showExamples', { count: gap.examples.length })} hideLabel={t('knowledge.gaps.hideExamples')}
                      styles={{ control: { fontSize: 'var(--mantine-font-size-xs)' } }}>
                      <Stack gap={2} mt={4}>
                        {gap.examples.map((ex, i) => (
                          <Text size="xs" key={i}>
                            {t('knowledge.gaps.quoted', { text: ex.question })} · {t(`knowledge.gaps.reason.${ex.reason}`, { defaultValue: ex.reason })}
                            {typeof ex.topScore === 'number' && ` · ${t('knowledge.gaps.bestScore', { score: f.number(ex.topScore, 2) })}`}
                            {str(ex.conversationId) && <> · <Anchor component={Link} to={`/chats/${str(ex.conversationId)}`} size="xs">{t('knowledge.gaps.openChat')}</Anchor></>}
                          </Text>
                        ))}
                      </Stack>
                    </Spoiler>
                  )}
                </Stack>
                {canEdit && (
                  <Group gap="xs" wrap="nowrap">
                    <Button size="xs" variant="default" loading={dismiss.isPending && dismiss.variables === gap.id} onClick={() => dismiss.mutate(gap.id)} aria-label={t('knowledge.gaps.dismissFor', { question: gap.question })}>{t('knowledge.gaps.dismiss')}</Button>
                    <Button size="xs" onClick={() => setAnswering(gap)} aria-label={t('knowledge.gaps.answerFor', { question: gap.question })}>{t('knowledge.gaps.answer')}</Button>
                  </Group>
                )}
              </Group>
            </li>
          ))}
        </Stack>
      )}
      <AddAnswerDialog gap={answering} knowledgeBases={knowledgeBases} assistantKbIds={assistants.assistants.find((a) => a.id === answering?.assistantId)?.knowledgeBaseIds ?? []}
        onClose={() => setAnswering(null)} onAnswered={(q) => setAnswered(q)} />
    </Paper>
  );
}
