import { Code, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CopyField } from './CopyField';
import { WidgetPreview } from './WidgetPreview';
import type { Channel } from './channels-api';

/** The one script tag for the website, and the origins that may run it. */
export function WidgetSnippetPanel({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const origins = Array.isArray(channel.config.allowedOrigins) ? (channel.config.allowedOrigins as string[]) : [];
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="widget-snippet-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="widget-snippet-title">{t('channels.widget.snippetTitle')}</Title>
        <Text size="sm">{t('channels.widget.snippetHelp')}</Text>
        {channel.embedSnippet && <CopyField label={t('channels.widget.snippet')} value={channel.embedSnippet} multiline />}
        {origins.length > 0 && <Text size="sm" c="dimmed">{t('channels.widget.originsNote', { origins: origins.join(', ') })}</Text>}
      </Stack>
    </Paper>
  );
}

/** The preview beside the form, following the unsaved settings. */
export function WidgetPreviewPanel({ config }: { config: Record<string, unknown> }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="widget-preview-title" style={{ position: 'sticky', top: 16 }}>
      <Stack gap="sm">
        <Title order={2} size="h4" id="widget-preview-title">{t('channels.widget.previewTitle')}</Title>
        <Text size="xs" c="dimmed">{t('channels.widget.previewHelp')}</Text>
        <WidgetPreview options={config} />
      </Stack>
    </Paper>
  );
}

/** How the app talks to this connection: the real endpoint, a request to copy, and where replies go. */
export function ApiChannelGuide({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const endpoint = `${window.location.origin}/api/v1/channels/${channel.id}/messages`;
  const callbackUrl = typeof channel.config.callbackUrl === 'string' ? channel.config.callbackUrl : null;
  const sample = [
    `curl -X POST '${endpoint}' \\`,
    `  -H "Authorization: Bearer $CONFAB_API_KEY" \\`,
    `  -H 'content-type: application/json' \\`,
    `  -d '{"customerId": "user-4711", "customerName": "Jane Doe", "text": "Where is my order?"${callbackUrl ? ', "mode": "async"' : ''}}'`,
  ].join('\n');
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="api-guide-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="api-guide-title">{t('channels.api.title')}</Title>
        <CopyField label={t('channels.api.endpoint')} value={endpoint} description={t('channels.api.endpointHelp')} />
        <CopyField label={t('channels.api.sample')} value={sample} multiline />
        <Text size="sm">
          {callbackUrl ? t('channels.api.callbackOn', { url: callbackUrl }) : t('channels.api.callbackOff')}
        </Text>
        {channel.secretsSet.includes('callbackSecret') && <Text size="sm" c="dimmed">{t('channels.api.signed')} <Code>webhook-signature</Code></Text>}
      </Stack>
    </Paper>
  );
}
