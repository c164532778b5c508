import { definePluginSettings, setting } from '@confab/plugin-sdk';

export const DEFAULT_FETCH_TIMEOUT_MS = 4_000;

/**
 * The installation's settings of this tool (one for every tenant, from the environment; per-assistant settings are
 * OpeningHoursConfig). The server reads and checks them at start and lists them in docs/configuration.md.
 */
export const OpeningHoursSettings = definePluginSettings('example-tool-opening-hours', 'OPENING_HOURS_', {
  fetchTimeoutMs: setting.integer({
    env: 'OPENING_HOURS_FETCH_TIMEOUT_MS',
    description: "How long one call to a store's hours service may take, in ms; under the tool's 5 s so a slow service is reported, not cut off",
    min: 200,
    max: 4_500,
    default: DEFAULT_FETCH_TIMEOUT_MS,
  }),
});
