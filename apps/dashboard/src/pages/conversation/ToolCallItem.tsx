import { Badge, Code, Collapse, Group, Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconChevronRight, IconTool } from '@tabler/icons-react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format/use-format';
import { pretty } from '../common/values';
import type { ToolCall } from './timeline';

/** One tool call, closed to a line (name, outcome, duration); open it for arguments, result or error, validation. */
export function ToolCallItem({ call }: { call: ToolCall }) {
  const { t } = useTranslation();
  const f = useFormat();
  const [opened, { toggle }] = useDisclosure(false);
  const panelId = useId();
  const failed = call.error !== null && call.error !== undefined;
  const outcome = failed ? 'error' : call.validation === 'invalid' ? 'invalid' : 'ok';
  const color = outcome === 'ok' ? 'teal' : outcome === 'invalid' ? 'orange' : 'red';
  return (
    <Paper withBorder radius="sm" px="sm" py={6} data-testid="tool-call">
      <UnstyledButton onClick={toggle} aria-expanded={opened} aria-controls={panelId} w="100%">
        <Group gap="xs" wrap="nowrap">
          {opened ? <IconChevronDown size={14} aria-hidden /> : <IconChevronRight size={14} aria-hidden />}
          <IconTool size={14} aria-hidden />
          <Text size="sm" fw={600} ff="monospace" style={{ overflowWrap: 'anywhere' }}>{call.name}</Text>
          <Badge size="xs" color={color} variant="light" tt="none">{t(`conversation.tool.outcome.${outcome}`)}</Badge>
          <Text size="xs" c="dimmed" ml="auto">{f.duration(call.durationMs)}</Text>
        </Group>
      </UnstyledButton>
      <Collapse expanded={opened} id={panelId}>
        <Stack gap={6} mt="xs">
          <Text size="xs" fw={600}>{t('conversation.tool.arguments')}</Text>
          <Code block>{pretty(call.arguments)}</Code>
          <Text size="xs" fw={600}>{failed ? t('conversation.tool.error') : t('conversation.tool.result')}</Text>
          <Code block c={failed ? 'red.8' : undefined}>{pretty(failed ? call.error : call.result)}</Code>
          <Text size="xs" c="dimmed">
            {t('conversation.tool.validation')}: {t(`conversation.tool.validationState.${call.validation}`)} · {t('conversation.tool.duration')}: {f.duration(call.durationMs)} · {f.dateTime(call.createdAt)}
          </Text>
        </Stack>
      </Collapse>
    </Paper>
  );
}
