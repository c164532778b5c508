import { Alert, Anchor, Badge, Button, Drawer, Grid, Group, NumberInput, Paper, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { IconArrowLeft, IconDeviceFloppy, IconFlask } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { can, useSession } from '../../auth/session-context';
import { PageTitle } from '../../components/PageTitle';
import { QueryState } from '../../components/QueryState';
import { fieldErrorsFromApi, type FieldErrors } from '../../components/schema-form';
import { ChatWindow } from '../test-chat/TestChatPage';
import { bodyFromForm, draftFromForm, emptyForm, formFromView, sameForm, type AssistantForm } from './assistant-form';
import { useAssistant } from './assistants-api';
import { KnowledgeSection } from './KnowledgeSection';
import { PromptSection } from './PromptSection';
import { ToolsSection } from './ToolsSection';
import { UnsavedChangesGuard } from './UnsavedChangesGuard';

/** `/assistants/new` and `/assistants/:id`: every setting of one assistant, saved together. */
export function AssistantEditPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const isNew = !id || id === 'new';
  const assistant = useAssistant(isNew ? undefined : id);
  if (!isNew && !assistant.data) {
    return <QueryState isLoading={assistant.isLoading} error={assistant.error} onRetry={() => void assistant.refetch()} label={t('assistants.loadingOne')} fullPage />;
  }
  // Keyed by id: opening another assistant starts from its own stored settings.
  return <Editor key={id ?? 'new'} id={isNew ? undefined : id} stored={assistant.data ? formFromView(assistant.data) : emptyForm()} />;
}

function Editor({ id, stored }: { id: string | undefined; stored: AssistantForm }) {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState(stored);
  const [form, setForm] = useState(stored);
  const [errors, setErrors] = useState<FieldErrors>({});
  // A new assistant's first save lands on its own page (a fresh editor): the confirmation comes along in the history state.
  const [justSaved, setJustSaved] = useState((useLocation().state as { created?: boolean } | null)?.created === true);
  const [testChat, setTestChat] = useState<string | null>(null);
  const allowLeave = useRef(false);
  const canEdit = can(session.operator.role, 'configure');
  const canTry = can(session.operator.role, 'converse');
  const dirty = !sameForm(form, saved);
  const ro = !canEdit;

  const patch = (next: Partial<AssistantForm>) => {
    setJustSaved(false);
    setForm((f) => ({ ...f, ...next }));
  };

  const save = useMutation({
    mutationFn: () => {
      const body = bodyFromForm(form);
      return unwrap(t('assistants.saveFailed'), id
        ? api.PATCH('/api/v1/assistants/{id}', { params: { path: { id } }, body })
        : api.POST('/api/v1/assistants', { body }));
    },
    onMutate: () => setErrors({}),
    onError: (err) => setErrors(fieldErrorsFromApi(err, '')),
    onSuccess: async (view) => {
      const next = formFromView(view);
      setSaved(next);
      setForm(next);
      setJustSaved(true);
      await queryClient.invalidateQueries({ queryKey: ['assistants'] });
      if (!id) {
        allowLeave.current = true;
        navigate(`/assistants/${view.id}`, { replace: true, state: { created: true } });
      }
    },
  });

  const tryIt = useMutation({
    mutationFn: () => unwrap(t('assistants.tryFailed'), api.POST('/api/v1/assistants/{id}/test-chats', {
      params: { path: { id: id! } },
      body: { name: t('assistants.try.chatName', { name: form.name || saved.name }), ...(canEdit ? { draft: draftFromForm(form) } : {}) },
    })),
    onMutate: () => setErrors({}),
    // The draft is checked like a save; its problems are named under draft.* and shown at the same fields.
    onError: (err) => setErrors(fieldErrorsFromApi(err, 'draft')),
    onSuccess: (chat) => setTestChat(chat.id),
  });

  const failure = save.error ?? tryIt.error;
  const title = id ? t('assistants.editTitle', { name: saved.name }) : t('assistants.newTitle');

  return (
    <>
      {/* React events bubble through portals: the try-it drawer's message form must not submit this one, hence the check. */}
      <Stack gap="md" component="form" onSubmit={(e: React.FormEvent) => { if (e.target !== e.currentTarget) return; e.preventDefault(); if (canEdit) save.mutate(); }}>
        <Anchor component={Link} to="/assistants" size="sm"><Group gap={4}><IconArrowLeft size={14} aria-hidden />{t('assistants.back')}</Group></Anchor>
        <PageTitle actions={id && <Badge variant="light" color={saved.enabled ? 'green' : 'gray'} tt="none" size="lg">{saved.enabled ? t('assistants.enabled') : t('assistants.disabled')}</Badge>}>{title}</PageTitle>
        {ro && <Alert color="gray" variant="light">{t('assistants.readOnlyOne')}</Alert>}

        <Paper withBorder radius="md" p="md" component="section" aria-labelledby="assistant-basics-heading">
          <Title order={2} size="h4" id="assistant-basics-heading" mb="sm">{t('assistants.basics.heading')}</Title>
          <Grid gap="md">
            <Grid.Col span={{ base: 12, md: 6 }}>
              <TextInput label={t('assistants.basics.name')} required withAsterisk maxLength={200} value={form.name} error={errors.name}
                onChange={(e) => patch({ name: e.currentTarget.value })} disabled={ro} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 6 }}>
              <Switch mt={{ base: 0, md: 'lg' }} label={t('assistants.basics.enabled')} description={t('assistants.basics.enabledHelp')}
                checked={form.enabled} onChange={(e) => patch({ enabled: e.currentTarget.checked })} disabled={ro} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <TextInput label={t('assistants.basics.model')} description={t('assistants.basics.modelHelp')} required withAsterisk maxLength={200}
                value={form.model} error={errors.model} onChange={(e) => patch({ model: e.currentTarget.value })} disabled={ro}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <NumberInput label={t('assistants.basics.temperature')} description={t('assistants.basics.temperatureHelp')} min={0} max={2} step={0.1} decimalScale={2}
                placeholder={t('assistants.basics.modelDefault')} value={form.temperature ?? ''} error={errors.temperature}
                onChange={(v) => patch({ temperature: v === '' ? null : Number(v) })} disabled={ro} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 4 }}>
              <NumberInput label={t('assistants.basics.debounce')} description={t('assistants.basics.debounceHelp')} min={0} max={60_000} step={500} allowDecimal={false}
                placeholder={t('assistants.basics.installationDefault')} value={form.replyDebounceMs ?? ''} error={errors.replyDebounceMs}
                onChange={(v) => patch({ replyDebounceMs: v === '' ? null : Number(v) })} disabled={ro} />
            </Grid.Col>
          </Grid>
        </Paper>

        <PromptSection assistantId={id} value={form.systemPrompt} onChange={(systemPrompt) => patch({ systemPrompt })} error={errors.systemPrompt} disabled={ro} />
        <ToolsSection value={form.tools} onChange={(tools) => patch({ tools })} errors={errors} disabled={ro} />
        <KnowledgeSection form={form} patch={patch} errors={errors} disabled={ro} />

        {failure && (
          <Alert color="red" variant="light" role="alert" title={save.error ? t('assistants.notSaved') : t('assistants.try.failed')}>
            {/* Problems shown at their fields are only pointed to here; others (a conflict, a lost connection) are told in full. */}
            {Object.keys(errors).length ? t('assistants.fixFields', { count: Object.keys(errors).length }) : failure.message}
          </Alert>
        )}
        <Paper withBorder radius="md" p="sm" pos="sticky" bottom={0} style={{ zIndex: 5 }} shadow="sm">
          <Group justify="space-between" wrap="wrap" gap="sm">
            <Text size="sm" c="dimmed" role="status" aria-live="polite">
              {dirty ? t('assistants.unsavedChanges') : justSaved ? t('assistants.saved') : ''}
            </Text>
            <Group gap="sm">
              {canTry && (
                <Button variant="default" leftSection={<IconFlask size={16} aria-hidden />} disabled={!id} loading={tryIt.isPending}
                  title={!id ? t('assistants.try.saveFirst') : undefined} onClick={() => tryIt.mutate()}>
                  {dirty && canEdit ? t('assistants.try.draft') : t('assistants.try.button')}
                </Button>
              )}
              {canEdit && (
                <Button type="submit" leftSection={<IconDeviceFloppy size={16} aria-hidden />} loading={save.isPending} disabled={!dirty && !!id}>
                  {id ? t('assistants.save') : t('assistants.createSubmit')}
                </Button>
              )}
            </Group>
          </Group>
          {canTry && !id && <Text size="xs" c="dimmed" mt={4} ta="right">{t('assistants.try.saveFirst')}</Text>}
        </Paper>
      </Stack>

      <Drawer opened={!!testChat} onClose={() => setTestChat(null)} position="right" size="xl" title={t('assistants.try.title', { name: form.name || saved.name })}
        closeButtonProps={{ 'aria-label': t('assistants.close') }}>
        <Text size="sm" c="dimmed" mb="sm">{t('assistants.try.help')}</Text>
        {testChat && <ChatWindow key={testChat} chatId={testChat} canWrite={canTry} />}
      </Drawer>
      <UnsavedChangesGuard dirty={dirty && canEdit} allowLeave={allowLeave} />
    </>
  );
}
