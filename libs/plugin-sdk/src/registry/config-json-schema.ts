import 'reflect-metadata';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import { secretFieldsOf } from '../channel/channel.decorator';

/** A JSON Schema (draft 2020-12 subset) as the API and the dashboard's generated forms read it. */
export type JsonSchema = Record<string, unknown>;

// @nestjs/swagger keeps @ApiProperty options under these keys; reading them here means a plugin's one set of
// decorators describes its config for the OpenAPI document, the validator and the dashboard's forms alike.
const SWAGGER_PROPERTIES = 'swagger/apiModelPropertiesArray';
const SWAGGER_PROPERTY = 'swagger/apiModelProperties';
const DESCRIPTIVE_KEYS = ['description', 'default', 'example', 'enum', 'title', 'format', 'minimum', 'maximum', 'minLength', 'maxLength'] as const;
const MAX_DEPTH = 5;

/**
 * The JSON Schema of a plugin's class-validator config class: types and limits from its validators, descriptions,
 * defaults and examples from its @ApiProperty options, `writeOnly: true` on @Secret() fields (the API never returns
 * them, so a form must not expect a value back), nested classes inlined so the schema stands alone.
 */
export function configJsonSchema(schema: new () => object): JsonSchema {
  return describeClass(schema, 0);
}

function describeClass(target: new () => object, depth: number): JsonSchema {
  const base = targetConstructorToSchema(target) as JsonSchema;
  const properties = { ...((base.properties as Record<string, JsonSchema> | undefined) ?? {}) };
  const secrets = new Set(secretFieldsOf(target));
  const defaults = instanceDefaults(target);
  for (const key of swaggerKeys(target)) properties[key] ??= {};
  for (const [key, property] of Object.entries(properties)) {
    const swagger = (Reflect.getMetadata(SWAGGER_PROPERTY, target.prototype, key) ?? {}) as Record<string, unknown>;
    const merged: JsonSchema = { ...inlineRefs(property, target, depth) };
    for (const name of DESCRIPTIVE_KEYS) if (swagger[name] !== undefined && merged[name] === undefined) merged[name] = swagger[name];
    if (merged.type === undefined && typeof swagger.type === 'string') merged.type = swagger.type;
    if (merged.default === undefined && defaults[key] !== undefined) merged.default = defaults[key];
    if (secrets.has(key)) merged.writeOnly = true;
    properties[key] = merged;
  }
  const out: JsonSchema = { type: 'object', properties, additionalProperties: false };
  if (Array.isArray(base.required) && base.required.length) out.required = base.required;
  return out;
}

/** Replaces `$ref: '#/definitions/Nested'` (what the converter emits for @ValidateNested @Type) by the nested class. */
function inlineRefs(property: JsonSchema, owner: new () => object, depth: number): JsonSchema {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const obj = node as JsonSchema;
    if (typeof obj.$ref === 'string') {
      const target = nestedTypeFor(owner, obj.$ref);
      return target && depth < MAX_DEPTH ? describeClass(target, depth + 1) : { type: 'object' };
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, walk(v)]));
  };
  return walk(property) as JsonSchema;
}

/** The class a `#/definitions/Name` reference stands for, found among the owner's class-transformer @Type targets. */
function nestedTypeFor(owner: new () => object, ref: string): (new () => object) | undefined {
  const name = ref.split('/').pop();
  // class-transformer records @Type() targets in its default metadata storage; reading it avoids guessing by name.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
    defaultMetadataStorage: { getTypeMetadatas?: unknown; findTypeMetadata(target: Function, key: string): { typeFunction: () => Function } | undefined };
  };
  const keys = Object.getOwnPropertyNames(new owner()).concat(swaggerKeys(owner));
  for (const key of new Set(keys)) {
    const meta = defaultMetadataStorage.findTypeMetadata(owner, key);
    const type = meta?.typeFunction() as (new () => object) | undefined;
    if (type?.name === name) return type;
  }
  return undefined;
}

function swaggerKeys(target: new () => object): string[] {
  const keys = (Reflect.getMetadata(SWAGGER_PROPERTIES, target.prototype) ?? []) as string[];
  return keys.map((k) => k.replace(/^:/, ''));
}

/** Property initialisers (`retries = 3`) are defaults too; a class that cannot be built without arguments has none. */
function instanceDefaults(target: new () => object): Record<string, unknown> {
  try {
    return { ...(new target() as Record<string, unknown>) };
  } catch {
    return {};
  }
}
