import { Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';
import { LanguageSwitch } from '../layout/LanguageSwitch';
import { ThemeSwitch } from '../layout/ThemeSwitch';

/** The frame of the signed-out pages: a centred card, with language and theme reachable before signing in. */
export function AuthFrame({ title, subtitle, children }: { title: string; subtitle?: string; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Confab`;
  }, [title]);
  return (
    <Stack mih="100vh" gap={0}>
      <Group justify="flex-end" p="md" gap="sm">
        <LanguageSwitch />
        <ThemeSwitch />
      </Group>
      <Center component="main" flex={1} p="md" pb="10vh">
        <Paper withBorder shadow="sm" radius="md" p="xl" w="100%" maw={420}>
          <Stack gap="xs" mb="lg">
            <Text fw={700} size="lg" c="var(--mantine-color-anchor)" component="span">Confab</Text>
            <Title order={1} size="h3">{title}</Title>
            {subtitle && <Text size="sm" c="dimmed">{subtitle}</Text>}
          </Stack>
          {children}
        </Paper>
      </Center>
    </Stack>
  );
}
