import { Badge, Button, Group, Paper, Progress, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';
import { PageTitle } from '../../../components/PageTitle';
import { QueryState } from '../../../components/QueryState';
import { useFormat } from '../../../format/use-format';
import { ScrollTable } from '../../common/ScrollTable';
import { useAssistants } from '../../common/use-assistants';
import { ConfirmDialog } from '../ConfirmDialog';
import { spentPercent } from './decimal';
import { BudgetDialog, type BudgetTarget } from './BudgetDialog';

type Budget = components['schemas']['BudgetView'];
export const BUDGETS_KEY = ['budgets'] as const;
const STATUS_COLOR: Record<string, string> = { ok: 'teal', warning: 'yellow', exhausted: 'red' };

/** `/settings/budgets`: a monthly cap for the tenant and per assistant; at the cap the assistant stops answering. */
export function BudgetsPage() {
  const { t } = useTranslation();
  const assistants = useAssistants();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: BUDGETS_KEY, queryFn: () => unwrap(t('settings.budgets.loading'), api.GET('/api/v1/budgets')) });
  const [editing, setEditing] = useState<BudgetTarget | null>(null);
  const [removing, setRemoving] = useState<Budget | null>(null);
  const remove = useMutation({
    mutationFn: (b: Budget) =>
      b.scope === 'tenant'
        ? unwrap(t('settings.budgets.removing'), api.DELETE('/api/v1/budgets/tenant'))
        : unwrap(t('settings.budgets.removing'), api.DELETE('/api/v1/budgets/assistants/{id}', { params: { path: { id: String(b.assistantId) } } })),
    onSuccess: () => {
      setRemoving(null);
      void queryClient.invalidateQueries({ queryKey: BUDGETS_KEY });
    },
  });
  const budgets = list.data ?? [];
  const tenant = budgets.find((b) => b.scope === 'tenant') ?? null;
  const perAssistant = budgets.filter((b) => b.scope === 'assistant');
  const without = assistants.assistants.filter((a) => !perAssistant.some((b) => b.assistantId === a.id));
  const label = (b: Budget) => (b.scope === 'tenant' ? t('settings.budgets.tenant') : assistants.nameOf(String(b.assistantId)));

  return (
    <Stack gap="md">
      <PageTitle>{t('settings.budgets.title')}</PageTitle>
      <Text size="sm" c="dimmed" maw={720}>{t('settings.budgets.intro')}</Text>
      {!list.data ? (
        <QueryState isLoading={list.isLoading} error={list.error} onRetry={() => void list.refetch()} label={t('settings.budgets.loading')} />
      ) : (
        <>
          <Paper withBorder radius="md" p="md" component="section" aria-labelledby="tenant-budget">
            <Stack gap="sm">
              <Group justify="space-between">
                <Title order={2} size="h4" id="tenant-budget">{t('settings.budgets.tenant')}</Title>
                <Group gap="xs">
                  <Button size="xs" variant="light" onClick={() => setEditing({ scope: 'tenant', budget: tenant })}>
                    {tenant ? t('settings.budgets.change') : t('settings.budgets.set')}
                  </Button>
                  {tenant && <Button size="xs" variant="subtle" color="red" onClick={() => setRemoving(tenant)}>{t('settings.budgets.remove')}</Button>}
                </Group>
              </Group>
              {tenant ? <BudgetUsage budget={tenant} /> : <Text size="sm" c="dimmed">{t('settings.budgets.noTenant')}</Text>}
            </Stack>
          </Paper>
          <Paper withBorder radius="md" p="md" component="section" aria-labelledby="assistant-budgets">
            <Stack gap="sm">
              <Group justify="space-between">
                <Title order={2} size="h4" id="assistant-budgets">{t('settings.budgets.perAssistant')}</Title>
                <Button size="xs" variant="light" disabled={without.length === 0} onClick={() => setEditing({ scope: 'assistant', budget: null, choices: without })}>
                  {t('settings.budgets.addAssistant')}
                </Button>
              </Group>
              {perAssistant.length === 0 ? (
                <Text size="sm" c="dimmed">{t('settings.budgets.noAssistant')}</Text>
              ) : (
                <ScrollTable label={t('settings.budgets.perAssistant')} minWidth={640}>
                  <Table verticalSpacing="sm">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('settings.budgets.assistant')}</Table.Th>
                        <Table.Th>{t('settings.budgets.usage')}</Table.Th>
                        <Table.Th><VisuallyHidden>{t('settings.actions')}</VisuallyHidden></Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {perAssistant.map((b) => (
                        <Table.Tr key={b.id}>
                          <Table.Td><Text size="sm" fw={500}>{label(b)}</Text></Table.Td>
                          <Table.Td miw={260}><BudgetUsage budget={b} /></Table.Td>
                          <Table.Td>
                            <Group gap={6} wrap="nowrap" justify="flex-end">
                              <Button size="xs" variant="light" aria-label={t('settings.budgets.changeOf', { name: label(b) })}
                                onClick={() => setEditing({ scope: 'assistant', budget: b, assistantId: String(b.assistantId) })}>{t('settings.budgets.change')}</Button>
                              <Button size="xs" variant="subtle" color="red" aria-label={t('settings.budgets.removeOf', { name: label(b) })} onClick={() => setRemoving(b)}>
                                {t('settings.budgets.remove')}
                              </Button>
                            </Group>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </ScrollTable>
              )}
            </Stack>
          </Paper>
        </>
      )}
      <BudgetDialog target={editing} onClose={() => setEditing(null)} />
      <ConfirmDialog opened={removing !== null} title={t('settings.budgets.removeTitle')} message={t('settings.budgets.removeMessage', { name: removing ? label(removing) : '' })}
        confirmLabel={t('settings.budgets.remove')} busy={remove.isPending} error={remove.error?.message}
        onConfirm={() => removing && remove.mutate(removing)} onClose={() => { setRemoving(null); remove.reset(); }} />
    </Stack>
  );
}

/** Spent of the limit this month, in the budget's currency, as words and a bar. */
function BudgetUsage({ budget }: { budget: Budget }) {
  const { t } = useTranslation();
  const f = useFormat();
  const percent = spentPercent(budget.spent.micros, budget.monthlyLimit.micros);
  const spent = f.money(budget.spent.micros, budget.spent.currency);
  const limit = f.money(budget.monthlyLimit.micros, budget.monthlyLimit.currency);
  // The budget month is a calendar month ("2026-12"), named the reader's way ("December 2026").
  const month = new Intl.DateTimeFormat(f.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${budget.month}-15T12:00:00Z`));
  return (
    <Stack gap={4}>
      <Group gap="xs" justify="space-between">
        <Text size="sm" data-testid="budget-usage">{t('settings.budgets.spentOf', { spent, limit, month })}</Text>
        <Badge variant="light" color={STATUS_COLOR[budget.status] ?? 'gray'}>{t(`settings.budgets.status.${budget.status}`)}</Badge>
      </Group>
      <Progress value={percent} color={STATUS_COLOR[budget.status] ?? 'blue'} aria-label={t('settings.budgets.spentPercent', { percent })} />
      {budget.includeTest && <Text size="xs" c="dimmed">{t('settings.budgets.includesTest')}</Text>}
    </Stack>
  );
}
