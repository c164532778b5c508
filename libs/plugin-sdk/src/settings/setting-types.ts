import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

/** A value a setting refuses; the message says the rule, the core adds the variable and the value it got. */
export class SettingProblem extends Error {}

/** One environment variable a plugin reads, how to turn its text into a value, and what the docs say about it. */
export interface SettingSpec<T> {
  /** The variable's full name, under the plugin's prefix (CRM_BASE_URL for the prefix CRM_). */
  env: string;
  /** One sentence for docs/configuration.md and .env.example. */
  description: string;
  /** What kind of value, for the docs: 'integer 1-100', 'URL', 'path to a JSON file'... */
  kind: string;
  /** Never logged or shown; config dumps show it as set or unset only. */
  secret: boolean;
  /** Used when the variable is unset or empty; undefined means "unset" is a valid value of its own. */
  default?: T;
  /** Unset is a problem (a setting the plugin cannot run without). */
  required: boolean;
  /** An example value for .env.example (commented out there). */
  example?: string;
  /** Turns the raw text into the value; throws SettingProblem (or any Error) saying the rule. */
  parse(raw: string): T;
}

interface Common {
  env: string;
  description: string;
  secret?: boolean;
  required?: boolean;
  example?: string;
}

type Spec<T, O> = O extends { default: unknown } ? SettingSpec<T> : O extends { required: true } ? SettingSpec<T> : SettingSpec<T | undefined>;

function spec<T>(options: Common & { default?: T }, kind: string, parse: (raw: string) => T): SettingSpec<T> {
  return { env: options.env, description: options.description, kind, secret: !!options.secret, default: options.default, required: !!options.required, example: options.example, parse };
}

function string<O extends Common & { default?: string; minLength?: number; pattern?: RegExp; patternHint?: string }>(o: O): Spec<string, O> {
  const kind = o.minLength ? `text, at least ${o.minLength} characters` : 'text';
  return spec(o, kind, (raw) => {
    if (o.minLength && raw.length < o.minLength) throw new SettingProblem(`must be at least ${o.minLength} characters long`);
    if (o.pattern && !o.pattern.test(raw)) throw new SettingProblem(o.patternHint ?? `must match ${o.pattern}`);
    return raw;
  }) as Spec<string, O>;
}

function integer<O extends Common & { default?: number; min?: number; max?: number }>(o: O): Spec<number, O> {
  const range = o.min !== undefined && o.max !== undefined ? ` ${o.min}-${o.max}` : o.min !== undefined ? ` >= ${o.min}` : o.max !== undefined ? ` <= ${o.max}` : '';
  return spec(o, `integer${range}`, (raw) => {
    const n = Number(raw);
    if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n)) throw new SettingProblem('must be an integer number');
    if (o.min !== undefined && n < o.min) throw new SettingProblem(`must not be less than ${o.min}`);
    if (o.max !== undefined && n > o.max) throw new SettingProblem(`must not be greater than ${o.max}`);
    return n;
  }) as Spec<number, O>;
}

function boolean<O extends Common & { default?: boolean }>(o: O): Spec<boolean, O> {
  return spec(o, 'true or false', (raw) => {
    const v = raw.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(v)) return true;
    if (['false', '0', 'no', 'off'].includes(v)) return false;
    throw new SettingProblem('must be true or false');
  }) as Spec<boolean, O>;
}

function url<O extends Common & { default?: string }>(o: O): Spec<string, O> {
  return spec(o, 'http(s) URL', (raw) => {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw new SettingProblem('must be a URL address');
    }
    if (!['http:', 'https:'].includes(parsed.protocol)) throw new SettingProblem('must be an http or https URL');
    return raw;
  }) as Spec<string, O>;
}

function oneOf<const V extends string, O extends Common & { values: readonly V[]; default?: V }>(o: O): Spec<V, O> {
  return spec(o, `one of ${o.values.join(', ')}`, (raw) => {
    if (!o.values.includes(raw as V)) throw new SettingProblem(`must be one of the following values: ${o.values.join(', ')}`);
    return raw as V;
  }) as Spec<V, O>;
}

/**
 * A path to a JSON file, read and checked at start: a missing, unreadable or malformed file stops the start naming
 * the file. `check` turns the parsed JSON into the value or throws SettingProblem saying what shape it needs.
 */
function jsonFile<T>(o: Common & { required: true; check: (json: unknown) => T }): SettingSpec<T>;
function jsonFile<T>(o: Common & { check: (json: unknown) => T }): SettingSpec<T | undefined>;
function jsonFile<T>(o: Common & { check: (json: unknown) => T }): SettingSpec<T | undefined> {
  return spec(o, 'path to a JSON file; a missing or malformed file stops the start', (file) => {
    const where = isAbsolute(file) ? '' : ` (${resolve(file)})`;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new SettingProblem(`${code === 'ENOENT' ? 'no such file' : `the file cannot be read (${code ?? (err as Error).message})`}${where}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new SettingProblem(`the file is not valid JSON (${(err as Error).message})${where}`);
    }
    return o.check(json);
  });
}

/** Builders for plugin settings; each names its variable and says how its text becomes a value. */
export const setting = { string, integer, boolean, url, oneOf, jsonFile };
