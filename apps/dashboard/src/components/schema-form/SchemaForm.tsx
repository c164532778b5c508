import { ActionIcon, Button, Fieldset, Group, MultiSelect, NumberInput, PasswordInput, Select, Stack, Switch, TagsInput, Text, Textarea, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { getPath, humanize, schemaDefaults, schemaType, setPath, type ConfigValue, type FieldErrors, type JsonSchema } from './schema-values';

export interface SchemaFormProps {
  schema: JsonSchema;
  value: ConfigValue;
  onChange: (next: ConfigValue) => void;
  /** Problems by field path relative to `value` (see fieldErrorsFromApi). */
  errors?: FieldErrors;
  /** Secret fields (paths) that already have a stored value: left empty, the stored one is kept. */
  storedSecrets?: string[];
  disabled?: boolean;
  /** Keeps ids unique when two forms share a page. */
  idPrefix?: string;
}

interface FieldProps {
  name: string;
  path: string[];
  schema: JsonSchema;
  required: boolean;
  form: SchemaFormProps;
}

/**
 * A settings form generated from a plugin's JSON Schema, so a new channel or tool gets its form with no dashboard
 * code. Labels come from the schema (title, else the humanised key), help text from its descriptions.
 */
export function SchemaForm(props: SchemaFormProps) {
  const properties = Object.entries(props.schema.properties ?? {});
  const { t } = useTranslation();
  if (!properties.length) return <Text c="dimmed" size="sm">{t('schemaForm.noSettings')}</Text>;
  return <ObjectFields path={[]} schema={props.schema} form={props} />;
}

function ObjectFields({ path, schema, form }: { path: string[]; schema: JsonSchema; form: SchemaFormProps }) {
  const required = new Set(schema.required ?? []);
  return (
    <Stack gap="sm">
      {Object.entries(schema.properties ?? {}).map(([key, prop]) => (
        <Field key={key} name={key} path={[...path, key]} schema={prop} required={required.has(key)} form={form} />
      ))}
    </Stack>
  );
}

function Field(props: FieldProps) {
  const { schema } = props;
  const type = schemaType(schema);
  if (schema.writeOnly) return <SecretField {...props} />;
  if (schema.enum) return <EnumField {...props} />;
  if (type === 'boolean') return <BooleanField {...props} />;
  if (type === 'integer' || type === 'number') return <NumberField {...props} />;
  if (type === 'array') return <ArrayField {...props} />;
  if (type === 'object' && schema.properties) return <ObjectField {...props} />;
  if (type === 'object') return <JsonField {...props} />;
  return <TextField {...props} />;
}

function common({ name, path, schema, required, form }: FieldProps) {
  const id = `${form.idPrefix ?? 'sf'}-${path.join('-')}`;
  return {
    id,
    label: schema.title ?? humanize(name),
    description: schema.description,
    withAsterisk: required,
    required,
    error: form.errors?.[path.join('.')],
    disabled: form.disabled,
    value: getPath(form.value, path),
    set: (next: unknown) => form.onChange(setPath(form.value, path, next) as ConfigValue),
  };
}

function TextField(props: FieldProps) {
  const { value, set, ...field } = common(props);
  const long = (props.schema.maxLength ?? 0) > 200;
  const text = typeof value === 'string' ? value : value == null ? '' : String(value);
  const placeholder = props.schema.example != null ? String(props.schema.example) : undefined;
  const onChange = (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => set(e.currentTarget.value === '' ? undefined : e.currentTarget.value);
  return long ? (
    <Textarea {...field} value={text} onChange={onChange} autosize minRows={3} maxRows={12} placeholder={placeholder} />
  ) : (
    <TextInput {...field} value={text} onChange={onChange} placeholder={placeholder} type={props.schema.format === 'uri' || props.schema.format === 'url' ? 'url' : props.schema.format === 'email' ? 'email' : 'text'} />
  );
}

function SecretField(props: FieldProps) {
  const { t } = useTranslation();
  const { value, set, ...field } = common(props);
  const stored = props.form.storedSecrets?.includes(props.path.join('.')) ?? false;
  return (
    <PasswordInput
      {...field}
      required={props.required && !stored}
      withAsterisk={props.required && !stored}
      autoComplete="new-password"
      value={typeof value === 'string' ? value : ''}
      onChange={(e) => set(e.currentTarget.value === '' ? undefined : e.currentTarget.value)}
      placeholder={stored ? t('schemaForm.storedSecret') : undefined}
      description={[props.schema.description, stored ? t('schemaForm.storedSecretHelp') : t('schemaForm.secretHelp')].filter(Boolean).join(' · ')}
    />
  );
}

function EnumField(props: FieldProps) {
  const { t } = useTranslation();
  const { value, set, ...field } = common(props);
  const data = (props.schema.enum ?? []).map((v) => ({ value: String(v), label: String(v) }));
  const original = new Map((props.schema.enum ?? []).map((v) => [String(v), v]));
  return (
    <Select {...field} data={data} value={value == null ? null : String(value)} clearable={!props.required}
      placeholder={t('schemaForm.choose')} onChange={(v) => set(v == null ? undefined : original.get(v))} allowDeselect={!props.required} />
  );
}

function BooleanField(props: FieldProps) {
  const { value, set, withAsterisk: _a, required: _r, ...field } = common(props);
  const checked = typeof value === 'boolean' ? value : props.schema.default === true;
  return <Switch {...field} checked={checked} onChange={(e) => set(e.currentTarget.checked)} />;
}

function NumberField(props: FieldProps) {
  const { value, set, ...field } = common(props);
  return (
    <NumberInput {...field} value={typeof value === 'number' ? value : ''} min={props.schema.minimum} max={props.schema.maximum}
      allowDecimal={schemaType(props.schema) === 'number'} placeholder={props.schema.default != null ? String(props.schema.default) : undefined}
      onChange={(v) => set(v === '' || v == null ? undefined : Number(v))} />
  );
}

function ArrayField(props: FieldProps) {
  const items = props.schema.items ?? {};
  const { value, set, ...field } = common(props);
  const list = Array.isArray(value) ? value : [];
  if (items.enum) {
    const original = new Map(items.enum.map((v) => [String(v), v]));
    return <MultiSelect {...field} data={items.enum.map(String)} value={list.map(String)} onChange={(v) => set(v.length ? v.map((s) => original.get(s)) : undefined)} />;
  }
  if (schemaType(items) === 'object' && items.properties) return <ObjectListField {...props} />;
  return <TagsInput {...field} value={list.map(String)} onChange={(v) => set(v.length ? v : undefined)} />;
}

function ObjectListField(props: FieldProps) {
  const { t } = useTranslation();
  const { value, set, label, description, error, disabled } = common(props);
  const list = Array.isArray(value) ? value : [];
  const items = props.schema.items!;
  const itemLabel = items.title ?? label;
  return (
    <Fieldset legend={label} disabled={disabled}>
      {description && <Text size="xs" c="dimmed" mb="xs">{description}</Text>}
      <Stack gap="sm">
        {list.map((_, i) => (
          <Fieldset key={i} legend={`${itemLabel} ${i + 1}`} variant="filled">
            <ObjectFields path={[...props.path, String(i)]} schema={items} form={props.form} />
            <Group justify="flex-end" mt="xs">
              <ActionIcon variant="subtle" color="red" aria-label={t('schemaForm.removeItem', { item: `${itemLabel} ${i + 1}` })}
                onClick={() => set(list.length > 1 ? list.filter((__, j) => j !== i) : undefined)}>
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
          </Fieldset>
        ))}
        {error && <Text size="sm" c="red" role="alert">{error}</Text>}
        <Group>
          <Button variant="light" size="xs" leftSection={<IconPlus size={14} aria-hidden />} disabled={disabled ||
            (props.schema.maxItems != null && list.length >= props.schema.maxItems)} onClick={() => set([...list, schemaDefaults(items)])}>
            {t('schemaForm.addItem', { item: itemLabel })}
          </Button>
        </Group>
      </Stack>
    </Fieldset>
  );
}

function ObjectField(props: FieldProps) {
  const { label, description, error, disabled } = common(props);
  return (
    <Fieldset legend={label} disabled={disabled}>
      {description && <Text size="xs" c="dimmed" mb="xs">{description}</Text>}
      {error && <Text size="sm" c="red" role="alert" mb="xs">{error}</Text>}
      <ObjectFields path={props.path} schema={props.schema} form={props.form} />
    </Fieldset>
  );
}

/** A free-form object (no declared properties): edited as JSON, applied only when it parses. */
function JsonField(props: FieldProps) {
  const { t } = useTranslation();
  const { value, set, ...field } = common(props);
  return (
    <Textarea {...field} autosize minRows={3} defaultValue={value === undefined ? '' : JSON.stringify(value, null, 2)}
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} description={[field.description, t('schemaForm.jsonHelp')].filter(Boolean).join(' · ')}
      onBlur={(e) => {
        const text = e.currentTarget.value.trim();
        if (!text) return set(undefined);
        try {
          set(JSON.parse(text));
        } catch {
          /* left as typed; the server names the field if it is sent unparsed */
        }
      }} />
  );
}
