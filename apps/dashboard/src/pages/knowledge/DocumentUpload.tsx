import '@mantine/dropzone/styles.css';
import { Button, Group, List, Stack, Text } from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { IconFileUpload, IconUpload, IconX } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACCEPTED_FILES } from './document-status';
import { uploadFile, useInvalidateDocuments } from './knowledge-api';

/** Upload limit the server applies by default (KNOWLEDGE_MAX_FILE_MB); a bigger file is refused there with the reason. */
const MAX_BYTES = 20 * 1024 * 1024;

interface Outcome {
  name: string;
  ok: boolean;
  message: string;
}

/**
 * Drag and drop (or pick) several files; each is sent on its own, one after the other, so one refused file does not
 * stop the others and the list shows each file's outcome in words.
 */
export function DocumentUpload({ kbId }: { kbId: string }) {
  const { t } = useTranslation();
  const openRef = useRef<() => void>(null);
  const refresh = useInvalidateDocuments(kbId);
  const [busy, setBusy] = useState(false);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);

  const upload = async (files: File[]) => {
    setBusy(true);
    setOutcomes([]);
    const results: Outcome[] = [];
    for (const file of files) {
      try {
        const doc = await uploadFile(kbId, file, t('knowledge.upload.failed'));
        results.push({ name: file.name, ok: true, message: doc.unchanged ? t('knowledge.upload.unchanged') : doc.replaced ? t('knowledge.upload.replaced') : t('knowledge.upload.queued') });
      } catch (err) {
        results.push({ name: file.name, ok: false, message: err instanceof Error ? err.message : String(err) });
      }
      setOutcomes([...results]);
      refresh();
    }
    setBusy(false);
  };

  return (
    <Stack gap="xs">
      <Dropzone
        onDrop={(files) => void upload(files)}
        onReject={(rejections) => setOutcomes(rejections.map((r) => ({ name: r.file.name, ok: false, message: r.errors.map((e) => (e.code === 'file-invalid-type' ? t('knowledge.upload.wrongType') : e.code === 'file-too-large' ? t('knowledge.upload.tooLarge') : e.message)).join('; ') })))}
        accept={ACCEPTED_FILES}
        maxSize={MAX_BYTES}
        multiple
        loading={busy}
        openRef={openRef}
        // The zone takes drops; the button below opens the file picker for keyboard and screen-reader users, so the
        // zone itself is not a second, nested control.
        activateOnClick={false}
        activateOnKeyboard={false}
        role="group"
        aria-labelledby="kb-upload-drop"
        aria-describedby="kb-upload-formats"
        radius="md"
      >
        <Group justify="center" gap="lg" mih={110} style={{ pointerEvents: 'none' }}>
          <Dropzone.Accept><IconUpload size={40} stroke={1.5} aria-hidden /></Dropzone.Accept>
          <Dropzone.Reject><IconX size={40} stroke={1.5} aria-hidden /></Dropzone.Reject>
          <Dropzone.Idle><IconFileUpload size={40} stroke={1.5} aria-hidden color="var(--mantine-color-dimmed)" /></Dropzone.Idle>
          <Stack gap={4}>
            <Text size="md" fw={500} id="kb-upload-drop">{t('knowledge.upload.drop')}</Text>
            <Text size="sm" c="dimmed" id="kb-upload-formats">{t('knowledge.upload.formats')}</Text>
          </Stack>
        </Group>
      </Dropzone>
      <Group>
        <Button variant="light" leftSection={<IconUpload size={16} aria-hidden />} onClick={() => openRef.current?.()} loading={busy}>{t('knowledge.upload.choose')}</Button>
      </Group>
      <div role="status" aria-live="polite">
        {outcomes.length > 0 && (
          <List size="sm" spacing={2}>
            {outcomes.map((o, i) => (
              <List.Item key={i}>
                <Text span size="sm" fw={500}>{o.name}</Text>: <Text span size="sm" c={o.ok ? undefined : 'var(--mantine-color-red-text)'}>{o.message}</Text>
              </List.Item>
            ))}
          </List>
        )}
      </div>
    </Stack>
  );
}
