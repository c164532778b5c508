import { clearedSessionCookie, readCookie, sessionCookie } from './session-cookie';

describe('session cookie', () => {
  it('reads one cookie out of a Cookie header', () => {
    expect(readCookie('a=1; confab_session=abc_DEF-123; b=2', 'confab_session')).toBe('abc_DEF-123');
    expect(readCookie('confab_session=x', 'confab_session')).toBe('x');
    expect(readCookie('  confab_session = "quoted" ', 'confab_session')).toBe('quoted');
    expect(readCookie('confab_session=first; confab_session=second', 'confab_session')).toBe('first');
    expect(readCookie('confab_session=a%20b', 'confab_session')).toBe('a b');
  });

  it('finds nothing in headers without it, with a similar name, or malformed', () => {
    expect(readCookie(undefined, 'confab_session')).toBeNull();
    expect(readCookie(['confab_session=x'], 'confab_session')).toBeNull();
    expect(readCookie('', 'confab_session')).toBeNull();
    expect(readCookie('my_confab_session=x; confab_sessionx=y', 'confab_session')).toBeNull();
    expect(readCookie('confab_session', 'confab_session')).toBeNull();
    expect(readCookie('confab_session=%E0%A4%A', 'confab_session')).toBeNull();
    expect(readCookie(`confab_session=${'x'.repeat(20_000)}`, 'confab_session')).toBeNull();
  });

  it('sets HttpOnly, SameSite=Lax and Path=/, and Secure only when asked', () => {
    expect(sessionCookie('tok', { secure: false, maxAgeSeconds: 60 })).toBe('confab_session=tok; HttpOnly; SameSite=Lax; Path=/; Max-Age=60');
    expect(sessionCookie('tok', { secure: true, maxAgeSeconds: 60 })).toMatch(/; Secure$/);
    expect(clearedSessionCookie({ secure: false })).toMatch(/^confab_session=; HttpOnly; SameSite=Lax; Path=\/; Max-Age=0/);
  });
});
