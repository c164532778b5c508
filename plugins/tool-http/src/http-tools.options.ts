import type { AllowedHost } from '@confab/net';

export const HTTP_TOOLS_OPTIONS = Symbol('HTTP_TOOLS_OPTIONS');

export interface HttpToolsOptions {
  /** From HTTP_TOOLS_ALLOWED_HOSTS: private hosts that HTTP tools may reach anyway. */
  allowedHosts: AllowedHost[];
}
