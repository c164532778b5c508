import { Alert, Button, Group, Modal, Select, Stack, Switch, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import type { components } from '../../../api/schema';
import { fieldError, formError } from '../form-errors';
import { amountToDecimal } from './decimal';

type Budget = components['schemas']['BudgetView'];
type Assistant = components['schemas']['AssistantView'];
export type BudgetTarget =
  | { scope: 'tenant'; budget: Budget | null }
  | { scope: 'assistant'; budget: Budget | null; assistantId?: string; choices?: Assistant[] };

/** Sets the monthly limit as an exact decimal string (the currency the usage ledger prices in, USD). */
export function BudgetDialog({ target, onClose }: { target: BudgetTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [amount, setAmount] = useState('');
  const [includeTest, setIncludeTest] = useState(false);
  const [assistantId, setAssistantId] = useState<string | null>(null);
  const [amountError, setAmountError] = useState<string | undefined>();
  useEffect(() => {
    if (!target) return;
    setAmount(target.budget ? target.budget.monthlyLimit.amount.replace(/\.?0+$/, '') : '');
    setIncludeTest(target.budget?.includeTest ?? false);
    setAssistantId(target.scope === 'assistant' ? target.assistantId ?? null : null);
    setAmountError(undefined);
  }, [target]);
  const save = useMutation({
    mutationFn: (monthlyLimit: string) => {
      const body = { monthlyLimit, currency: 'USD' as const, includeTest };
      return target?.scope === 'tenant'
        ? unwrap(t('settings.budgets.saving'), api.PUT('/api/v1/budgets/tenant', { body }))
        : unwrap(t('settings.budgets.saving'), api.PUT('/api/v1/budgets/assistants/{id}', { params: { path: { id: assistantId ?? '' } }, body }));
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['budgets'] });
      close();
    },
  });
  const close = () => {
    save.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const decimal = amountToDecimal(amount);
    if (!decimal) return setAmountError(t('settings.budgets.badAmount'));
    if (target?.scope === 'assistant' && !assistantId) return;
    setAmountError(undefined);
    save.mutate(decimal);
  };
  const choosing = target?.scope === 'assistant' && !target.budget;
  const general = formError(save.error, ['monthlyLimit', 'currency', 'includeTest']);
  return (
    <Modal opened={target !== null} onClose={close} closeButtonProps={{ 'aria-label': t('settings.close') }} title={target?.scope === 'tenant' ? t('settings.budgets.tenantTitle') : t('settings.budgets.assistantTitle')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {general && <Alert color="red" variant="light" role="alert">{general}</Alert>}
          {choosing && (
            <Select label={t('settings.budgets.assistant')} required allowDeselect={false} value={assistantId} onChange={setAssistantId}
              data={(target.choices ?? []).map((a) => ({ value: a.id, label: a.name }))} />
          )}
          <TextInput label={t('settings.budgets.limit')} description={t('settings.budgets.limitHint')} required inputMode="decimal" rightSection="USD" rightSectionWidth={48}
            value={amount} onChange={(e) => setAmount(e.currentTarget.value)} error={amountError ?? fieldError(save.error, 'monthlyLimit')} data-autofocus />
          <Switch label={t('settings.budgets.includeTest')} description={t('settings.budgets.includeTestHint')} checked={includeTest} onChange={(e) => setIncludeTest(e.currentTarget.checked)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>{t('settings.cancel')}</Button>
            <Button type="submit" loading={save.isPending} disabled={choosing && !assistantId}>{t('settings.budgets.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
