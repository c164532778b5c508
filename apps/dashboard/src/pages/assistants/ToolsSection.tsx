import { Alert, Badge, Group, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { SchemaForm, schemaDefaults, type FieldErrors, type JsonSchema } from '../../components/schema-form';
import { QueryState } from '../../components/QueryState';
import { toggleTool, type ToolSetting } from './assistant-form';
import { useTools } from './assistants-api';

/** The problems of one enabled tool's settings, relative to its config (`tools.<i>.config.x` -> `x`). */
function toolErrors(errors: FieldErrors, index: number): { fields: FieldErrors; whole?: string } {
  const prefix = `tools.${index}.config`;
  const fields: FieldErrors = {};
  for (const [path, problem] of Object.entries(errors)) {
    if (path.startsWith(`${prefix}.`)) fields[path.slice(prefix.length + 1)] = problem;
  }
  return { fields, whole: errors[prefix] ?? errors[`tools.${index}.name`] };
}

/**
 * Every tool of the catalogue with a switch; an enabled tool's settings form is generated from the JSON Schema the
 * catalogue gives, so a new tool needs no dashboard code.
 */
export function ToolsSection({ value, onChange, errors, disabled }: {
  value: ToolSetting[];
  onChange: (next: ToolSetting[]) => void;
  errors: FieldErrors;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const tools = useTools();
  const catalogue = tools.data ?? [];
  // A tool whose plugin is gone is still listed, so it can be switched off.
  const missing = value.filter((v) => !catalogue.some((c) => c.name === v.name));
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="assistant-tools-heading">
      <Title order={2} size="h4" id="assistant-tools-heading" mb={4}>{t('assistants.tools.heading')}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t('assistants.tools.help')}</Text>
      {!tools.data ? (
        <QueryState isLoading={tools.isLoading} error={tools.error} onRetry={() => void tools.refetch()} label={t('assistants.loadingTools')} />
      ) : (
        <Stack gap="sm">
          {[...catalogue.map((c) => ({ name: c.name, description: c.description, risk: c.risk, schema: c.configSchema as JsonSchema | undefined })),
            ...missing.map((m) => ({ name: m.name, description: t('assistants.tools.missing'), risk: null, schema: undefined }))].map((tool) => {
            const index = value.findIndex((v) => v.name === tool.name);
            const enabled = index >= 0;
            const problems = enabled ? toolErrors(errors, index) : { fields: {} };
            const hasSettings = !!tool.schema && Object.keys(tool.schema.properties ?? {}).length > 0;
            return (
              <Paper key={tool.name} withBorder radius="sm" p="sm" data-testid={`tool-${tool.name}`}>
                <Group justify="space-between" align="flex-start" wrap="nowrap">
                  <Switch
                    label={<Text fw={600} ff="monospace" size="sm" component="span">{tool.name}</Text>}
                    description={tool.description} checked={enabled} disabled={disabled}
                    aria-label={t('assistants.tools.enable', { name: tool.name })}
                    onChange={(e) => onChange(toggleTool(value, tool.name, e.currentTarget.checked, () => (tool.schema ? schemaDefaults(tool.schema) : {})))}
                  />
                  {tool.risk && <Badge style={{ flexShrink: 0 }} variant="light" color={tool.risk === 'read' ? 'gray' : tool.risk === 'write' ? 'blue' : 'orange'} tt="none">{t(`assistants.tools.risk.${tool.risk}`)}</Badge>}
                </Group>
                {problems.whole && <Alert color="red" variant="light" mt="sm" role="alert">{problems.whole}</Alert>}
                {enabled && hasSettings && (
                  <Stack mt="sm" pl={{ base: 0, sm: 'xl' }} gap="xs" role="group" aria-label={t('assistants.tools.settings', { name: tool.name })}>
                    <SchemaForm
                      schema={tool.schema!} value={value[index].config} errors={problems.fields} disabled={disabled} idPrefix={`tool-${tool.name}`}
                      onChange={(config) => onChange(value.map((v, i) => (i === index ? { ...v, config } : v)))}
                    />
                  </Stack>
                )}
              </Paper>
            );
          })}
        </Stack>
      )}
    </Paper>
  );
}
