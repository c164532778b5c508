import type { CustomerIdentity } from '@confab/plugin-sdk';
import type { WidgetSession } from './session-token';

/**
 * How the platform knows the person behind a session: the verified user id when the host page proved one, else
 * the anonymous visitor id. A verified session does not carry the visitor id along, so whoever uses the same
 * browser after the user signed out never sees that user's conversation.
 */
export function widgetCustomer(session: Pick<WidgetSession, 'userId' | 'visitorId'>): { identities: CustomerIdentity[]; key: string } {
  const identity = session.userId ? { kind: 'widget_user', value: session.userId } : { kind: 'visitor', value: session.visitorId };
  return { identities: [identity], key: `${identity.kind}:${identity.value}` };
}
