// Plugins limit per client address too (the web widget), so the one rule lives in the SDK.
export { isLoopback, sourceAddress } from '@confab/plugin-sdk';
