import { ActionIcon, Alert, Button, Checkbox, Fieldset, Group, NumberInput, Paper, Select, SimpleGrid, Stack, TagsInput, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/errors';
import { fieldErrorsFromBody } from '../../../components/schema-form';
import { useHttpToolActions } from '../tools-api';
import { draftToInput, draftToUpdate, emptyHeader, isCredentialHeaderName, emptyParam, METHODS, PARAM_PLACES, PARAM_TYPES, type HttpToolDraft, type ParamDraft } from './http-tool-draft';
import { MONO_INPUT } from '../mono';

interface Props {
  initial: HttpToolDraft;
  /** Editing a stored tool: its name is fixed, and secret headers with a stored value may stay empty. */
  editing?: { id: string; storedSecrets: string[] };
  onDone: (name: string | null) => void;
}

/** Defines an HTTP tool. Header values marked secret (and credential-named ones) are stored encrypted and never shown again. */
export function HttpToolForm({ initial, editing, onDone }: Props) {
  const { t } = useTranslation();
  const { create, update } = useHttpToolActions();
  const saving = editing ? update : create;
  const [draft, setDraft] = useState(initial);
  const errors = saving.error instanceof ApiError ? fieldErrorsFromBody(saving.error.body, '') : {};
  const set = (patch: Partial<HttpToolDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const setHeader = (i: number, patch: Partial<HttpToolDraft['headers'][number]>) => set({ headers: draft.headers.map((h, j) => (j === i ? { ...h, ...patch } : h)) });
  const setParam = (i: number, patch: Partial<ParamDraft>) => set({ parameters: draft.parameters.map((p, j) => (j === i ? { ...p, ...patch } : p)) });
  const isStored = (header: string) => !!editing?.storedSecrets.some((n) => n.toLowerCase() === header.trim().toLowerCase());
  const save = () => {
    if (editing) update.mutate({ id: editing.id, body: draftToUpdate(draft, editing.storedSecrets) }, { onSuccess: (tool) => onDone(tool.name) });
    else create.mutate(draftToInput(draft), { onSuccess: (tool) => onDone(tool.name) });
  };
  const titleId = editing ? `http-edit-${editing.id}` : 'http-tool-form-title';

  return (
    <Paper withBorder radius="md" p="md" component="form" aria-labelledby={titleId} onSubmit={(e) => { e.preventDefault(); save(); }}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={titleId}>{editing ? t('tools.http.editTitle', { name: initial.name }) : t('tools.http.newTitle')}</Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t('tools.http.name')} description={editing ? t('tools.http.nameFixed') : t('tools.http.nameHelp')} required readOnly={!!editing} value={draft.name} error={errors.name} onChange={(e) => set({ name: e.currentTarget.value })} styles={MONO_INPUT} />
          <NumberInput label={t('tools.http.timeout')} description={t('tools.http.timeoutHelp')} min={100} max={30_000} step={500} value={draft.timeoutMs} error={errors.timeoutMs}
            onChange={(v) => set({ timeoutMs: typeof v === 'number' ? v : '' })} />
        </SimpleGrid>
        <Textarea label={t('tools.http.description')} description={t('tools.http.descriptionHelp')} required autosize minRows={2} value={draft.description} error={errors.description}
          onChange={(e) => set({ description: e.currentTarget.value })} />
        <Group align="flex-start" gap="sm" wrap="nowrap">
          <Select label={t('tools.http.method')} data={METHODS} value={draft.method} allowDeselect={false} w={120} error={errors.method} onChange={(v) => v && set({ method: v as HttpToolDraft['method'] })} />
          <TextInput label={t('tools.http.url')} description={t('tools.http.urlHelp')} required style={{ flex: 1 }} value={draft.url} error={errors.url} onChange={(e) => set({ url: e.currentTarget.value })} styles={MONO_INPUT} />
        </Group>

        <Fieldset legend={t('tools.http.headers')}>
          <Stack gap="xs">
            {draft.headers.length === 0 && <Text size="sm" c="dimmed">{t('tools.http.noHeaders')}</Text>}
            {draft.headers.map((h, i) => {
              const forced = isCredentialHeaderName(h.name);
              const secret = h.secret || forced;
              return (
              <Group key={i} align="flex-end" gap="xs" wrap="nowrap">
                <TextInput label={t('tools.http.headerName', { n: i + 1 })} value={h.name} error={errors[`headers.${i}.name`]} onChange={(e) => setHeader(i, { name: e.currentTarget.value })} w={200} />
                <TextInput label={t('tools.http.headerValue', { n: i + 1 })} type={secret ? 'password' : 'text'} autoComplete="off" value={h.value} error={errors[`headers.${i}.value`]}
                  placeholder={secret ? (isStored(h.name) ? t('tools.http.storedKeep') : t('tools.http.secretPlaceholder')) : undefined} onChange={(e) => setHeader(i, { value: e.currentTarget.value })} style={{ flex: 1 }} />
                <Checkbox label={t('tools.http.secret')} checked={secret} disabled={forced} onChange={(e) => setHeader(i, { secret: e.currentTarget.checked })} mb={8} />
                <ActionIcon variant="subtle" color="red" size="lg" aria-label={t('tools.http.removeHeader', { n: i + 1 })} onClick={() => set({ headers: draft.headers.filter((_, j) => j !== i) })}>
                  <IconTrash size={18} aria-hidden />
                </ActionIcon>
              </Group>
              );
            })}
            <Text size="xs" c="dimmed">{t('tools.http.secretHelp')}</Text>
            <Group><Button size="xs" variant="default" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => set({ headers: [...draft.headers, emptyHeader()] })}>{t('tools.http.addHeader')}</Button></Group>
          </Stack>
        </Fieldset>

        <Fieldset legend={t('tools.http.parameters')}>
          <Stack gap="sm">
            {draft.parameters.length === 0 && <Text size="sm" c="dimmed">{t('tools.http.noParameters')}</Text>}
            {draft.parameters.map((p, i) => (
              <Paper key={i} withBorder p="xs" radius="sm">
                <Group align="flex-end" gap="xs" wrap="wrap">
                  <TextInput label={t('tools.http.paramName', { n: i + 1 })} value={p.name} error={errors[`parameters.${i}.name`]} onChange={(e) => setParam(i, { name: e.currentTarget.value })} w={170} styles={MONO_INPUT} />
                  <Select label={t('tools.http.paramType')} data={PARAM_TYPES.map((x) => ({ value: x, label: t(`tools.http.type.${x}`) }))} value={p.type} allowDeselect={false} w={130}
                    error={errors[`parameters.${i}.type`]} onChange={(v) => v && setParam(i, { type: v as ParamDraft['type'] })} />
                  <Select label={t('tools.http.paramIn')} data={[{ value: '', label: t('tools.http.in.auto') }, ...PARAM_PLACES.map((x) => ({ value: x, label: t(`tools.http.in.${x}`) }))]} value={p.in}
                    allowDeselect={false} w={150} onChange={(v) => setParam(i, { in: (v ?? '') as ParamDraft['in'] })} />
                  <Checkbox label={t('tools.http.required')} checked={p.required} onChange={(e) => setParam(i, { required: e.currentTarget.checked })} mb={8} />
                  <ActionIcon variant="subtle" color="red" size="lg" mb={2} aria-label={t('tools.http.removeParam', { n: i + 1 })} onClick={() => set({ parameters: draft.parameters.filter((_, j) => j !== i) })}>
                    <IconTrash size={18} aria-hidden />
                  </ActionIcon>
                </Group>
                <TextInput mt="xs" label={t('tools.http.paramDescription')} value={p.description} error={errors[`parameters.${i}.description`]} onChange={(e) => setParam(i, { description: e.currentTarget.value })} />
                {(p.type === 'enum' || p.enum.length > 0) && (
                  <TagsInput mt="xs" label={t('tools.http.paramEnum')} description={t('tools.http.paramEnumHelp')} value={p.enum} error={errors[`parameters.${i}.enum`]} onChange={(v) => setParam(i, { enum: v })} />
                )}
              </Paper>
            ))}
            <Group><Button size="xs" variant="default" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => set({ parameters: [...draft.parameters, emptyParam()] })}>{t('tools.http.addParameter')}</Button></Group>
          </Stack>
        </Fieldset>

        <TagsInput label={t('tools.http.responseFields')} description={t('tools.http.responseFieldsHelp')} value={draft.responseFields} error={errors.responseFields} onChange={(v) => set({ responseFields: v })} />
        {saving.error && <Alert color="red" variant="light" role="alert">{saving.error.message}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => onDone(null)}>{t('tools.cancel')}</Button>
          <Button type="submit" loading={saving.isPending}>{editing ? t('tools.http.save') : t('tools.http.create')}</Button>
        </Group>
      </Stack>
    </Paper>
  );
}
