import { signStandardWebhook } from '@confab/plugin-sdk';

/** Callbacks are signed the Standard Webhooks way; the SDK holds the one implementation. */
export const signCallback = signStandardWebhook;
