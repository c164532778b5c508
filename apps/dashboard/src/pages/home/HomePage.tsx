import { Anchor, Badge, Group, Paper, Progress, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCircleCheck, IconCircleDashed } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useSession } from '../../auth/session-context';
import { PageTitle } from '../../components/PageTitle';
import { QueryState } from '../../components/QueryState';
import { dayKey } from '../../format/dates';
import { useFormat } from '../../format/use-format';
import { useOnboarding, type Step } from './use-onboarding';

/** `/`: what to do next while the tenant is being set up; once all is done, today at a glance. */
export function HomePage() {
  const { t } = useTranslation();
  const session = useSession();
  const onboarding = useOnboarding();
  const done = onboarding.steps.filter((s) => s.done).length;
  const all = done === onboarding.steps.length;
  return (
    <Stack gap="md" maw={880}>
      <PageTitle>{t('home.title')}</PageTitle>
      <Text c="dimmed">{t('home.welcome', { name: session.operator.name, tenant: session.tenant.name })}</Text>
      {onboarding.isLoading || onboarding.error ? (
        <QueryState isLoading={onboarding.isLoading} error={onboarding.error} onRetry={onboarding.refetch} label={t('home.loading')} />
      ) : all ? (
        <Summary />
      ) : (
        <Paper withBorder radius="md" p="md" component="section" aria-labelledby="checklist-title">
          <Stack gap="sm">
            <Group justify="space-between" align="baseline">
              <Title order={2} size="h4" id="checklist-title">{t('home.checklist.title')}</Title>
              <Text size="sm" c="dimmed" data-testid="checklist-progress">{t('home.checklist.progress', { done, total: onboarding.steps.length })}</Text>
            </Group>
            <Progress value={(done * 100) / onboarding.steps.length} aria-label={t('home.checklist.progress', { done, total: onboarding.steps.length })} />
            <Stack gap={0} component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {onboarding.steps.map((step) => <StepItem key={step.key} step={step} />)}
            </Stack>
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}

function StepItem({ step }: { step: Step }) {
  const { t } = useTranslation();
  return (
    <Group component="li" gap="sm" py="sm" wrap="nowrap" align="flex-start" data-testid={`step-${step.key}`} data-done={step.done}
      style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
      <ThemeIcon variant="light" radius="xl" color={step.done ? 'teal' : 'gray'} aria-hidden>
        {step.done ? <IconCircleCheck size={18} /> : <IconCircleDashed size={18} />}
      </ThemeIcon>
      <Stack gap={2} style={{ flex: 1 }}>
        <Group gap="xs">
          <Text fw={500} td={step.done ? 'line-through' : undefined} c={step.done ? 'dimmed' : undefined}>{t(`home.step.${step.key}.title`)}</Text>
          <Badge size="sm" variant="light" color={step.done ? 'teal' : 'gray'}>{step.done ? t('home.checklist.done') : t('home.checklist.todo')}</Badge>
        </Group>
        <Text size="sm" c="dimmed">{t(`home.step.${step.key}.hint`)}</Text>
      </Stack>
      <Anchor component={Link} to={step.to} size="sm" style={{ whiteSpace: 'nowrap' }}>{t(`home.step.${step.key}.action`)}</Anchor>
    </Group>
  );
}

/** Today's chats from the metrics API (the tenant's day, test chats left out), with the places an operator goes next. */
function Summary() {
  const { t } = useTranslation();
  const f = useFormat();
  const today = dayKey(new Date(), f.timeZone);
  const metrics = useQuery({
    queryKey: ['metrics', { from: today, to: today }, 'home'],
    queryFn: () => unwrap(t('home.loading'), api.GET('/api/v1/metrics', { params: { query: { from: today, to: today } } })),
    refetchInterval: 60_000,
  });
  const totals = metrics.data?.totals;
  const links = [
    { to: '/chats', key: 'chats' },
    { to: '/metrics', key: 'metrics' },
    { to: '/monitoring', key: 'monitoring' },
    { to: '/test-chat', key: 'testChat' },
  ];
  return (
    <Stack gap="md" component="section" aria-labelledby="today-title">
      <Title order={2} size="h4" id="today-title">{t('home.today.title')}</Title>
      {!totals ? (
        <QueryState isLoading={metrics.isLoading} error={metrics.error} onRetry={() => void metrics.refetch()} />
      ) : (
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <Figure label={t('home.today.chats')} value={f.number(totals.chats)} testId="today-chats" />
          <Figure label={t('home.today.handoffs')} value={f.number(totals.handoffs)} />
          <Figure label={t('home.today.failed')} value={f.number(totals.failedDeliveries)} />
        </SimpleGrid>
      )}
      <Group gap="lg" component="nav" aria-label={t('home.today.next')}>
        {links.map((l) => <Anchor key={l.key} component={Link} to={l.to}>{t(`nav.${l.key}`)}</Anchor>)}
      </Group>
    </Stack>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Paper withBorder radius="md" p="md" data-testid={testId}>
      <Text size="sm" c="dimmed">{label}</Text>
      <Text size="xl" fw={700}>{value}</Text>
    </Paper>
  );
}
