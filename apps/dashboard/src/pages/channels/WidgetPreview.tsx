import { Box, Paper, Text } from '@mantine/core';
import { IconMessageCircle, IconSend } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

interface Options {
  title?: unknown;
  greeting?: unknown;
  color?: unknown;
  position?: unknown;
  language?: unknown;
  preChatForm?: unknown;
}

/** The widget's own words in each language (plugins/channel-web-widget/web), so the preview matches what visitors see. */
const WIDGET_TEXT = {
  en: { title: 'Chat', placeholder: 'Message…', name: 'Name', email: 'Email', intro: 'Please tell us who you are before we start.' },
  de: { title: 'Chat', placeholder: 'Nachricht…', name: 'Name', email: 'E-Mail', intro: 'Bitte sagen Sie uns vor dem Start, wer Sie sind.' },
};

/**
 * How the widget will look on the website with the settings as they are in the form (saved or not): the open chat
 * panel with its title, greeting and pre-chat fields, and the launcher in the chosen colour and corner.
 */
export function WidgetPreview({ options }: { options: Options }) {
  const { t, i18n } = useTranslation();
  const color = typeof options.color === 'string' && /^#[0-9a-fA-F]{6}$/.test(options.color) ? options.color : '#1f6feb';
  const side = options.position === 'left' ? 'left' : 'right';
  const lang = options.language === 'de' || options.language === 'en' ? options.language : i18n.language === 'de' ? 'de' : 'en';
  const words = WIDGET_TEXT[lang];
  const title = typeof options.title === 'string' && options.title ? options.title : words.title;
  const greeting = typeof options.greeting === 'string' ? options.greeting : '';
  const preChat = (options.preChatForm ?? {}) as { name?: boolean; email?: boolean };
  return (
    <Box
      role="img"
      aria-label={t('channels.widget.previewLabel', { title, side: t(`channels.widget.side.${side}`) })}
      data-testid="widget-preview"
      data-position={side}
      pos="relative"
      h={420}
      style={{ borderRadius: 'var(--mantine-radius-md)', border: '1px dashed var(--mantine-color-default-border)', background: 'var(--mantine-color-default-hover)', overflow: 'hidden' }}
    >
      <Text size="xs" c="dimmed" p="xs" aria-hidden>{t('channels.widget.yourWebsite')}</Text>
      <Paper shadow="md" radius="md" withBorder pos="absolute" bottom={84} w={280} style={{ [side]: 16, overflow: 'hidden' }} aria-hidden>
        <Box px="md" py="sm" style={{ background: color, color: '#fff' }}>
          <Text fw={600} size="sm" data-testid="widget-preview-title">{title}</Text>
        </Box>
        <Box p="sm" h={170} style={{ overflow: 'hidden' }}>
          {greeting && (
            <Paper radius="md" px="sm" py={6} bg="var(--mantine-color-default-hover)" maw="85%">
              <Text size="sm" data-testid="widget-preview-greeting">{greeting}</Text>
            </Paper>
          )}
          {(preChat.name || preChat.email) && (
            <Box mt="sm">
              <Text size="xs" c="dimmed" mb={6}>{words.intro}</Text>
              {preChat.name && <FakeInput text={words.name} />}
              {preChat.email && <FakeInput text={words.email} />}
            </Box>
          )}
        </Box>
        <Box px="sm" py={8} style={{ borderTop: '1px solid var(--mantine-color-default-border)', display: 'flex', alignItems: 'center', gap: 8 }}>
          <Text size="sm" c="dimmed" style={{ flex: 1 }}>{words.placeholder}</Text>
          <IconSend size={16} color={color} />
        </Box>
      </Paper>
      <Box
        aria-hidden
        pos="absolute"
        bottom={16}
        w={56}
        h={56}
        style={{ [side]: 16, borderRadius: '50%', background: color, color: '#fff', display: 'grid', placeItems: 'center', boxShadow: 'var(--mantine-shadow-md)' }}
      >
        <IconMessageCircle size={28} />
      </Box>
    </Box>
  );
}

/** Looks like the widget's input; not a real one, so the preview has nothing to focus or fill in. */
function FakeInput({ text }: { text: string }) {
  return (
    <Box px={8} py={4} mb={6} style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 'var(--mantine-radius-sm)' }}>
      <Text size="xs" c="dimmed">{text}</Text>
    </Box>
  );
}
