import { Inject, type DynamicModule, Module, SetMetadata } from '@nestjs/common';
import type { SettingSpec } from './setting-types';

/** The values a definition's settings parse to, e.g. `{ priceRows: WhatsAppPriceRow[] | undefined }`. */
export type PluginSettingValues<S extends Record<string, SettingSpec<unknown>>> = { readonly [K in keyof S]: S[K] extends SettingSpec<infer T> ? T : never };

export interface PluginSettingsDefinition<S extends Record<string, SettingSpec<unknown>> = Record<string, SettingSpec<unknown>>> {
  /** The plugin's name in the plugin list ('channel-whatsapp'); problems and docs are grouped by it. */
  plugin: string;
  /** Every variable starts with it ('WHATSAPP_'), so plugins never take each other's or the core's names. */
  prefix: string;
  settings: S;
  /** Inject the parsed values with @InjectPluginSettings(definition) or `inject: [definition.token]`. */
  token: symbol;
  /** The type of the parsed values, for `typeof Definition.values` (no value at run time). */
  readonly values: PluginSettingValues<S>;
}

const PREFIX = /^[A-Z][A-Z0-9_]*_$/;
const NAME = /^[A-Z][A-Z0-9_]*$/;

/**
 * Declares the platform-wide settings of a plugin. The server reads them from the environment at start, checks
 * them with the same messages as its own settings, lists them in docs and hands the values to the plugin; no core
 * file names them. Attach the definition to the plugin's module with @PluginSettings(definition).
 */
export function definePluginSettings<S extends Record<string, SettingSpec<unknown>>>(plugin: string, prefix: string, settings: S): PluginSettingsDefinition<S> {
  if (!PREFIX.test(prefix)) throw new Error(`Plugin ${plugin}: settings prefix '${prefix}' must be upper-case letters, digits and '_', ending in '_'`);
  for (const [key, s] of Object.entries(settings)) {
    if (!NAME.test(s.env) || !s.env.startsWith(prefix) || s.env === prefix) {
      throw new Error(`Plugin ${plugin}: setting ${key} reads '${s.env}'; plugin settings are upper-case names under the prefix '${prefix}'`);
    }
  }
  return { plugin, prefix, settings, token: Symbol(`${plugin} settings`), values: undefined as never };
}

export const PLUGIN_SETTINGS_METADATA = 'confab:plugin-settings';

/** On a plugin's module class: the server collects the definition from the plugin list and provides its values. */
export const PluginSettings = (definition: PluginSettingsDefinition<any>): ClassDecorator => SetMetadata(PLUGIN_SETTINGS_METADATA, definition);

/** The settings definition a plugin module (class or forRoot result) declares, if any. */
export function pluginSettingsOf(module: unknown): PluginSettingsDefinition | undefined {
  const target = module && typeof module === 'object' && 'module' in module ? (module as DynamicModule).module : module;
  return typeof target === 'function' ? Reflect.getMetadata(PLUGIN_SETTINGS_METADATA, target) : undefined;
}

export const InjectPluginSettings = (definition: PluginSettingsDefinition<any>): ParameterDecorator & PropertyDecorator => Inject(definition.token);

/**
 * A global module providing one plugin's parsed settings under its token (built by the server at start). A class
 * per plugin: Nest tells modules apart by class, and values of two plugins may look alike.
 */
export function providePluginSettings(definition: PluginSettingsDefinition<any>, values: object): DynamicModule {
  const holder = class {};
  Object.defineProperty(holder, 'name', { value: `PluginSettings(${definition.plugin})` });
  Module({})(holder);
  return { module: holder, global: true, providers: [{ provide: definition.token, useValue: Object.freeze({ ...values }) }], exports: [definition.token] };
}
