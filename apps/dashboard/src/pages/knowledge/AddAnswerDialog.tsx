import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAnswerGap, type KnowledgeBase, type KnowledgeGap } from './knowledge-api';

interface Props {
  gap: KnowledgeGap | null;
  knowledgeBases: KnowledgeBase[];
  /** The knowledge bases the gap's assistant searches: the answer is only found if it goes into one of them. */
  assistantKbIds: string[];
  onClose: () => void;
  onAnswered: (question: string) => void;
}

/** Writes the answer to an unanswered question as a document (question as heading) and marks the question resolved. */
export function AddAnswerDialog({ gap, knowledgeBases, assistantKbIds, onClose, onAnswered }: Props) {
  const { t } = useTranslation();
  const answer = useAnswerGap();
  const [kbId, setKbId] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<{ kb?: string; title?: string; text?: string }>({});

  useEffect(() => {
    if (!gap) return;
    setTitle(gap.question);
    setText('');
    setErrors({});
    answer.reset();
    setKbId(knowledgeBases.find((kb) => assistantKbIds.includes(kb.id))?.id ?? knowledgeBases[0]?.id ?? null);
    // Fill the form when a question is picked, not on every list refresh.
  }, [gap?.id]);

  const options = knowledgeBases.map((kb) => ({
    value: kb.id,
    label: assistantKbIds.includes(kb.id) ? `${kb.name} (${t('knowledge.gaps.usedByAssistant')})` : kb.name,
  }));
  const notSearched = !!kbId && !assistantKbIds.includes(kbId);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!gap) return;
    const next: typeof errors = {};
    if (!kbId) next.kb = t('knowledge.gaps.kbRequired');
    if (!title.trim()) next.title = t('knowledge.gaps.titleRequired');
    if (!text.trim()) next.text = t('knowledge.gaps.answerRequired');
    setErrors(next);
    if (Object.keys(next).length) return;
    answer.mutate({ gap, kbId: kbId!, title: title.trim(), answer: text }, {
      onSuccess: () => {
        onAnswered(gap.question);
        onClose();
      },
    });
  };

  return (
    <Modal opened={!!gap} onClose={onClose} title={t('knowledge.gaps.answerTitle')} centered size="lg" closeButtonProps={{ 'aria-label': t('state.close') }}>
      {knowledgeBases.length === 0 ? (
        <Text size="sm">{t('knowledge.gaps.noKnowledgeBase')}</Text>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Select label={t('knowledge.gaps.kb')} data={options} value={kbId} onChange={(v) => { setKbId(v); setErrors((e) => ({ ...e, kb: undefined })); }} allowDeselect={false} required error={errors.kb}
              description={notSearched ? t('knowledge.gaps.notSearched') : undefined} />
            <TextInput label={t('knowledge.gaps.docTitle')} description={t('knowledge.gaps.docTitleHint')} value={title} onChange={(e) => { setTitle(e.currentTarget.value); setErrors((x) => ({ ...x, title: undefined })); }} required maxLength={300} error={errors.title} />
            <Textarea label={t('knowledge.gaps.answerLabel')} description={t('knowledge.gaps.answerHint')} value={text} onChange={(e) => { setText(e.currentTarget.value); setErrors((x) => ({ ...x, text: undefined })); }} required autosize minRows={4} maxRows={12} error={errors.text} data-autofocus />
            {answer.error && <Alert color="red" variant="light" role="alert">{answer.error.message}</Alert>}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>{t('knowledge.cancel')}</Button>
              <Button type="submit" loading={answer.isPending}>{t('knowledge.gaps.saveAnswer')}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
