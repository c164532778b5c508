import { Alert, Badge, Button, Code, Group, Paper, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useHttpToolActions, type HttpTool, type HttpToolTest } from '../tools-api';
import { testArgs } from './http-tool-draft';

/** Sends one real request with the arguments typed here and shows exactly what went out and what came back. */
export function HttpToolTestPanel({ tool }: { tool: HttpTool }) {
  const { t } = useTranslation();
  const { test } = useHttpToolActions();
  const [values, setValues] = useState<Record<string, string | boolean>>({});
  const set = (name: string, v: string | boolean) => setValues((x) => ({ ...x, [name]: v }));
  return (
    <Stack gap="sm" component="section" aria-label={t('tools.http.testTitle', { name: tool.name })}>
      <Stack gap="xs" component="form" onSubmit={(e) => { e.preventDefault(); test.mutate({ id: tool.id, args: testArgs(tool, values) }); }}>
        {tool.parameters.length === 0 && <Text size="sm" c="dimmed">{t('tools.http.testNoArgs')}</Text>}
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="xs">
          {tool.parameters.map((p) => {
            const common = { label: p.name, description: p.description, required: p.required };
            if (p.type === 'boolean') return <Switch key={p.name} label={p.name} description={p.description} checked={values[p.name] === true} onChange={(e) => set(p.name, e.currentTarget.checked)} mt="lg" />;
            if (p.enum?.length) {
              return <Select key={p.name} {...common} data={p.enum} clearable value={(values[p.name] as string) || null} onChange={(v) => set(p.name, v ?? '')} />;
            }
            return <TextInput key={p.name} {...common} inputMode={p.type === 'number' ? 'decimal' : undefined} value={(values[p.name] as string) ?? ''} onChange={(e) => set(p.name, e.currentTarget.value)} />;
          })}
        </SimpleGrid>
        <Group>
          <Button type="submit" size="sm" leftSection={<IconPlayerPlay size={16} aria-hidden />} loading={test.isPending}>{t('tools.http.sendTest')}</Button>
          <Text size="xs" c="dimmed">{t('tools.http.testHelp')}</Text>
        </Group>
      </Stack>
      {test.error && <Alert color="red" variant="light" role="alert">{test.error.message}</Alert>}
      {test.data && <TestResult result={test.data} />}
    </Stack>
  );
}

function TestResult({ result }: { result: HttpToolTest }) {
  const { t } = useTranslation();
  const { request, response, error } = result;
  const ok = response && response.status < 400;
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm" role="status">
      <Paper withBorder radius="md" p="sm" component="section" aria-label={t('tools.http.request')}>
        <Title order={3} size="h5" mb="xs">{t('tools.http.request')}</Title>
        <Code block data-testid="request-line">{`${request.method} ${request.url}`}</Code>
        <Headers headers={request.headers} label={t('tools.http.requestHeaders')} />
        {request.body !== undefined && <><Text size="xs" fw={600} mt="xs">{t('tools.http.body')}</Text><Code block>{pretty(request.body)}</Code></>}
      </Paper>
      <Paper withBorder radius="md" p="sm" component="section" aria-label={t('tools.http.response')}>
        <Group justify="space-between" mb="xs">
          <Title order={3} size="h5">{t('tools.http.response')}</Title>
          {response && <Badge color={ok ? 'teal' : 'red'} variant="light" data-testid="response-status">HTTP {response.status}</Badge>}
        </Group>
        {error && <Alert color="red" variant="light" title={error.code}>{error.message}</Alert>}
        {response && (
          <>
            {response.redirects.length > 0 && <Text size="xs" c="dimmed">{t('tools.http.redirects')}: {response.redirects.join(' → ')}</Text>}
            <Headers headers={response.headers} label={t('tools.http.responseHeaders')} />
            <Text size="xs" fw={600} mt="xs">{t('tools.http.body')}</Text>
            <Code block data-testid="response-body" style={{ maxHeight: 320, overflow: 'auto' }}>{pretty(response.body)}</Code>
            {response.truncated && <Text size="xs" c="orange">{t('tools.http.truncated')}</Text>}
          </>
        )}
      </Paper>
    </SimpleGrid>
  );
}

function Headers({ headers, label }: { headers: Record<string, string>; label: string }) {
  const entries = Object.entries(headers);
  if (!entries.length) return null;
  return (
    <Table fz="xs" mt="xs" withRowBorders={false} verticalSpacing={2} aria-label={label}>
      <Table.Tbody>
        {entries.map(([k, v]) => (
          <Table.Tr key={k}><Table.Th w="40%" fw={600} style={{ wordBreak: 'break-all' }}>{k}</Table.Th><Table.Td ff="monospace" style={{ wordBreak: 'break-all' }}>{v}</Table.Td></Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function pretty(body: unknown): string {
  if (typeof body === 'string') {
    try {
      return JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      return body;
    }
  }
  return JSON.stringify(body, null, 2);
}
