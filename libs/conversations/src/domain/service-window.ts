export type ServiceWindowState = 'open' | 'closed' | 'none';

export interface ServiceWindowView {
  state: ServiceWindowState;
  expiresAt: string | null;
}

/** Extends the window from when the customer sent the message, never from when a late webhook arrived. */
export function refreshWindow(current: Date | null | undefined, sentAt: Date, hours: number): Date {
  const candidate = new Date(sentAt.getTime() + hours * 3_600_000);
  return current && current > candidate ? current : candidate;
}

export function windowView(expiresAt: Date | null | undefined, hasWindow: boolean, now = new Date()): ServiceWindowView {
  if (!hasWindow) return { state: 'none', expiresAt: null };
  if (!expiresAt) return { state: 'closed', expiresAt: null };
  return { state: expiresAt > now ? 'open' : 'closed', expiresAt: expiresAt.toISOString() };
}
