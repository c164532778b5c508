import { ActionIcon, CopyButton, Textarea, TextInput, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** A read-only value to paste elsewhere (webhook URL, token, snippet), with a button that copies it. */
export function CopyField({ label, value, description, multiline }: { label: string; value: string; description?: string; multiline?: boolean }) {
  const { t } = useTranslation();
  const button = (
    <CopyButton value={value} timeout={2000}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? t('channels.copied') : t('channels.copy')} withArrow>
          <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={`${t('channels.copy')}: ${label}`}>
            {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
  const common = { label, description, value, readOnly: true, rightSection: button, styles: { input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } } };
  return multiline ? <Textarea {...common} autosize minRows={2} /> : <TextInput {...common} onFocus={(e) => e.currentTarget.select()} />;
}
