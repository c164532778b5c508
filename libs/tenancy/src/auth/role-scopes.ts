import type { ApiKeyScope, OperatorRole } from '@confab/plugin-sdk';

/** What each dashboard role may do, in API key scopes, so every route's scope rule applies to people too. */
export const ROLE_SCOPES: Record<OperatorRole, readonly ApiKeyScope[]> = {
  admin: ['admin'],
  agent: ['read', 'conversations'],
  viewer: ['read'],
};

export function roleRefusal(role: OperatorRole): string {
  return role === 'viewer'
    ? 'Your role (viewer) can only read; ask an admin of your team for the agent or admin role'
    : 'Your role (agent) can read and act in conversations, but not change configuration; ask an admin of your team';
}
