import { eventually, queryDatabase, startFakeGraph, startWebhookReceiver, text, type FakeGraph, type WebhookReceiver } from '@confab/testing';
import { apiClient, createTenant, type ApiClient, type ApiResponse } from './support/api-client';
import { startTestServer, type TestServer } from './support/test-server';
import { connectWhatsApp } from './support/whatsapp-helpers';

const PASSWORDS = { admin: 'admin-password-1', agent: 'agent-password-1', viewer: 'viewer-password-1' };

/** A browser: keeps the session cookie it was given and sends the CSRF token on writes (unless told otherwise). */
class Browser {
  cookie: string | null = null;
  csrf: string | null = null;

  constructor(private readonly baseUrl: string) {}

  async call(method: string, path: string, body?: unknown, opts: { csrf?: string | null } = {}): Promise<ApiResponse> {
    const csrf = opts.csrf === undefined ? this.csrf : opts.csrf;
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(csrf && method !== 'GET' ? { 'x-csrf-token': csrf } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const value = /^confab_session=([^;]*)/.exec(setCookie)?.[1] ?? '';
      this.cookie = value ? `confab_session=${value}` : null;
    }
    const raw = await res.text();
    const parsed = raw ? JSON.parse(raw) : null;
    if (parsed?.csrfToken) this.csrf = parsed.csrfToken;
    return { status: res.status, body: parsed, headers: res.headers };
  }

  signIn(email: string, password: string) {
    return this.call('POST', '/api/v1/auth/login', { email, password });
  }
  get(path: string) {
    return this.call('GET', path);
  }
  post(path: string, body: unknown = {}, opts?: { csrf?: string | null }) {
    return this.call('POST', path, body, opts);
  }
  patch(path: string, body: unknown) {
    return this.call('PATCH', path, body);
  }
  delete(path: string) {
    return this.call('DELETE', path);
  }
}

describe('operators, sign-in sessions and roles', () => {
  let server: TestServer;
  let graph: FakeGraph;
  let hooks: WebhookReceiver;
  let a: { id: string; api: ApiClient };
  let b: { id: string; api: ApiClient };
  const ids = {} as { admin: string; agent: string; viewer: string; assistant: string; conversation: string; bAdmin: string };
  const db = <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => queryDatabase<T>(server.db.url, sql, params);
  const signedIn = async (email: string, password: string) => {
    const browser = new Browser(server.url);
    const res = await browser.signIn(email, password);
    expect(res.status).toBe(200);
    return browser;
  };

  beforeAll(async () => {
    graph = await startFakeGraph();
    hooks = await startWebhookReceiver();
    server = await startTestServer();
    a = await createTenant(server.url, server.platformKey, 'Bakery A');
    b = await createTenant(server.url, server.platformKey, 'Bakery B');
    for (const role of ['admin', 'agent', 'viewer'] as const) {
      const res = await a.api.post('/api/v1/operators', { email: `${role}@a.example`, name: `${role[0].toUpperCase()}${role.slice(1)} of A`, role, password: PASSWORDS[role] });
      expect(res.status).toBe(201);
      ids[role] = res.body.id;
    }
    await a.api.patch(`/api/v1/operators/${ids.agent}`, { name: 'Anna Schmidt' });
    ids.bAdmin = (await b.api.post('/api/v1/operators', { email: 'admin@b.example', name: 'Admin of B', role: 'admin', password: 'b-admin-password' })).body.id;
    ids.assistant = (await a.api.post('/api/v1/assistants', { name: 'Bakery bot', systemPrompt: 'Be brief.', model: 'gpt-4o-mini' })).body.id;
    server.openai.respondWith(() => text('We open at 7.'));
    ids.conversation = (await a.api.post(`/api/v1/assistants/${ids.assistant}/test-chats`, {})).body.id;
    expect((await a.api.post(`/api/v1/conversations/${ids.conversation}/messages`, { text: 'When do you open?', wait: true })).status).toBe(202);
  });
  afterAll(async () => {
    await server?.close();
    await graph?.close();
    await hooks?.close();
  });

  describe('accounts', () => {
    it('are created by an admin key with a password that is stored as a salted scrypt hash and never returned', async () => {
      const res = await a.api.post('/api/v1/operators', { email: ' Bernd.Weber@A.example ', name: 'Bernd Weber', role: 'agent', password: 'bernd-password-1' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.any(String), email: 'bernd.weber@a.example', name: 'Bernd Weber', role: 'agent', status: 'active', createdAt: expect.any(String), lastSignInAt: null, lockedUntil: null });
      expect(JSON.stringify(res.body)).not.toContain('bernd-password-1');
      const [row] = await db<{ password_hash: string }>('select password_hash from operators where id = $1', [res.body.id]);
      expect(row.password_hash).toMatch(/^scrypt\$\d+\$\d+\$\d+\$/);
      expect(row.password_hash).not.toContain('bernd-password-1');
      const listed = await a.api.get('/api/v1/operators');
      expect(listed.status).toBe(200);
      expect(JSON.stringify(listed.body)).not.toMatch(/password|scrypt|token/i);
      expect(listed.body.map((o: { email: string }) => o.email)).toEqual(expect.arrayContaining(['admin@a.example', 'agent@a.example', 'viewer@a.example', 'bernd.weber@a.example']));
    });

    it('refuse a taken email (any case, any tenant), a bad role, a short password and a malformed email, naming the field', async () => {
      const taken = await b.api.post('/api/v1/operators', { email: 'ADMIN@a.example', name: 'Copy', role: 'admin', password: 'long-enough-1' });
      expect(taken.status).toBe(409);
      expect(taken.body).toMatchObject({ code: 'EMAIL_TAKEN', details: { field: 'email' } });
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ email: 'x@a.example', name: 'X', role: 'owner' }, 'role'],
        [{ email: 'x@a.example', name: 'X', role: 'agent', password: 'short' }, 'password'],
        [{ email: 'not-an-email', name: 'X', role: 'agent' }, 'email'],
        [{ email: 'x@a.example', name: '   ', role: 'agent' }, 'name'],
      ];
      for (const [body, field] of cases) {
        const res = await a.api.post('/api/v1/operators', body);
        expect(res.status).toBe(400);
        expect(res.body.message).toContain(field);
      }
    });

    it('can be invited: the one-time link sets the password and signs in; it works once', async () => {
      const created = await a.api.post('/api/v1/operators', { email: 'clara@a.example', name: 'Clara', role: 'viewer' });
      expect(created.status).toBe(201);
      expect(created.body.status).toBe('invited');
      expect(created.body.inviteUrl).toMatch(/^http:\/\/localhost:0\/invite\/[\w-]{40,}$/);
      const token = created.body.inviteUrl.split('/invite/')[1];
      const [row] = await db<{ invite_token_hash: string }>('select invite_token_hash from operators where id = $1', [created.body.id]);
      expect(row.invite_token_hash).not.toContain(token);
      // Before accepting there is no password to sign in with.
      expect((await new Browser(server.url).signIn('clara@a.example', '')).status).toBe(400);
      expect((await new Browser(server.url).signIn('clara@a.example', 'anything-at-all')).status).toBe(401);

      const short = await new Browser(server.url).post(`/api/v1/auth/invitations/${token}`, { password: 'short' });
      expect(short.status).toBe(400);
      expect(short.body.message).toContain('password');
      const browser = new Browser(server.url);
      const accepted = await browser.post(`/api/v1/auth/invitations/${token}`, { password: 'clara-password-1', name: 'Clara Vogel' });
      expect(accepted.status).toBe(200);
      expect(accepted.body.operator).toEqual({ id: created.body.id, email: 'clara@a.example', name: 'Clara Vogel', role: 'viewer' });
      expect(accepted.headers.get('set-cookie')).toMatch(/^confab_session=[\w-]{40,}; HttpOnly; SameSite=Lax; Path=\//);
      expect((await browser.get('/api/v1/auth/session')).status).toBe(200);
      expect((await new Browser(server.url).post(`/api/v1/auth/invitations/${token}`, { password: 'other-password-1' })).status).toBe(404);
      expect((await signedIn('clara@a.example', 'clara-password-1'))).toBeDefined();
      expect((await a.api.get(`/api/v1/operators/${created.body.id}`)).body.status).toBe('active');
    });

    it('refuses an expired invitation with 410 and an unknown one with 404', async () => {
      const created = await a.api.post('/api/v1/operators', { email: 'late@a.example', name: 'Late', role: 'agent' });
      const token = created.body.inviteUrl.split('/invite/')[1];
      await db(`update operators set invite_expires_at = now() - interval '1 second' where id = $1`, [created.body.id]);
      const expired = await new Browser(server.url).post(`/api/v1/auth/invitations/${token}`, { password: 'late-password-1' });
      expect(expired.status).toBe(410);
      expect(expired.body.message).toMatch(/expired/);
      expect((await new Browser(server.url).post(`/api/v1/auth/invitations/${'x'.repeat(43)}`, { password: 'late-password-1' })).status).toBe(404);
      // A new link from an admin works again, and the old one does not.
      const again = await a.api.post(`/api/v1/operators/${created.body.id}/invitation`);
      expect(again.status).toBe(201);
      const fresh = again.body.inviteUrl.split('/invite/')[1];
      expect((await new Browser(server.url).post(`/api/v1/auth/invitations/${fresh}`, { password: 'late-password-1' })).status).toBe(200);
    });
  });

  describe('sign-in', () => {
    it('answers the operator, tenant and a CSRF token, and sets an HttpOnly SameSite cookie without Secure on http', async () => {
      const browser = new Browser(server.url);
      const res = await browser.signIn('Admin@A.example', PASSWORDS.admin);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        operator: { id: ids.admin, email: 'admin@a.example', name: 'Admin of A', role: 'admin' },
        tenant: { id: a.id, name: 'Bakery A', timezone: 'Europe/Berlin' },
        csrfToken: expect.stringMatching(/^[\w-]{40,}$/),
      });
      const cookie = res.headers.get('set-cookie')!;
      expect(cookie).toMatch(/^confab_session=[\w-]{40,}; HttpOnly; SameSite=Lax; Path=\/; Max-Age=604800$/);
      expect(cookie).not.toMatch(/Secure/);
      // Only a hash of the cookie's token is stored.
      const token = cookie.split(';')[0].split('=')[1];
      const sessions = await db<{ token_hash: string }>('select token_hash from operator_sessions where operator_id = $1', [ids.admin]);
      expect(sessions.length).toBeGreaterThan(0);
      for (const s of sessions) expect(s.token_hash).not.toBe(token);
      const session = await browser.get('/api/v1/auth/session');
      expect(session.status).toBe(200);
      expect(session.body).toEqual(res.body);
      expect((await a.api.get(`/api/v1/operators/${ids.admin}`)).body.lastSignInAt).not.toBeNull();
    });

    it('gives one answer for a wrong password and an unknown email', async () => {
      const wrong = await new Browser(server.url).signIn('viewer@a.example', 'not-the-password');
      const unknown = await new Browser(server.url).signIn('nobody@a.example', 'not-the-password');
      for (const res of [wrong, unknown]) {
        expect(res.status).toBe(401);
        expect(res.body.message).toBe('Email or password is wrong');
        expect(res.headers.get('set-cookie')).toBeNull();
      }
      expect((await new Browser(server.url).get('/api/v1/auth/session')).status).toBe(401);
    });

    it('locks the account for 15 minutes after 5 wrong passwords in a row, even for the right one, then lets it in again', async () => {
      await a.api.post('/api/v1/operators', { email: 'locked@a.example', name: 'Locked', role: 'agent', password: 'locked-password-1' });
      const answers: number[] = [];
      for (let i = 0; i < 5; i++) answers.push((await new Browser(server.url).signIn('locked@a.example', `wrong-${i}`)).status);
      expect(answers).toEqual([401, 401, 401, 401, 429]);
      const right = await new Browser(server.url).signIn('locked@a.example', 'locked-password-1');
      expect(right.status).toBe(429);
      expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
      expect(Number(right.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60);
      expect(right.body.message).toMatch(/locked/);
      // When the lock ends, the right password works and the count starts over.
      await db(`update operators set locked_until = now() - interval '1 second' where email = 'locked@a.example'`);
      expect((await new Browser(server.url).signIn('locked@a.example', 'locked-password-1')).status).toBe(200);
      const [row] = await db<{ failed_attempts: number }>(`select failed_attempts from operators where email = 'locked@a.example'`);
      expect(row.failed_attempts).toBe(0);
    });

    it('counts parallel wrong guesses too: eight at once lock the account', async () => {
      await a.api.post('/api/v1/operators', { email: 'burst@a.example', name: 'Burst', role: 'agent', password: 'burst-password-1' });
      const statuses = await Promise.all(Array.from({ length: 8 }, (_, i) => new Browser(server.url).signIn('burst@a.example', `guess-${i}`).then((r) => r.status)));
      expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
      expect(statuses).toContain(429);
      const [row] = await db<{ locked: boolean }>(`select locked_until > now() as locked from operators where email = 'burst@a.example'`);
      expect(row.locked).toBe(true);
      expect((await new Browser(server.url).signIn('burst@a.example', 'burst-password-1')).status).toBe(429);
    });

    it('counts wrong passwords within 15 minutes only', async () => {
      await a.api.post('/api/v1/operators', { email: 'slow@a.example', name: 'Slow', role: 'agent', password: 'slow-password-1' });
      for (let i = 0; i < 4; i++) expect((await new Browser(server.url).signIn('slow@a.example', 'wrong')).status).toBe(401);
      await db(`update operators set failures_since = now() - interval '16 minutes' where email = 'slow@a.example'`);
      expect((await new Browser(server.url).signIn('slow@a.example', 'wrong')).status).toBe(401);
      expect((await new Browser(server.url).signIn('slow@a.example', 'slow-password-1')).status).toBe(200);
    });

    it('lets an operator change their own password: the current one is checked, other sessions end, this one stays', async () => {
      await a.api.post('/api/v1/operators', { email: 'gina@a.example', name: 'Gina', role: 'viewer', password: 'gina-password-1' });
      const here = await signedIn('gina@a.example', 'gina-password-1');
      const elsewhere = await signedIn('gina@a.example', 'gina-password-1');
      expect((await here.post('/api/v1/auth/password', { currentPassword: 'gina-password-1', newPassword: 'gina-password-2' }, { csrf: null })).status).toBe(403);
      const wrong = await here.post('/api/v1/auth/password', { currentPassword: 'guess', newPassword: 'gina-password-2' });
      expect(wrong.status).toBe(403);
      expect(wrong.body.message).toContain('currentPassword');
      const short = await here.post('/api/v1/auth/password', { currentPassword: 'gina-password-1', newPassword: 'short' });
      expect(short.status).toBe(400);
      expect(short.body.message).toContain('newPassword');
      expect((await new Browser(server.url).post('/api/v1/auth/password', { currentPassword: 'gina-password-1', newPassword: 'gina-password-2' })).status).toBe(401);
      expect((await here.post('/api/v1/auth/password', { currentPassword: 'gina-password-1', newPassword: 'gina-password-2' })).status).toBe(204);
      expect((await here.get('/api/v1/auth/session')).status).toBe(200);
      expect((await elsewhere.get('/api/v1/auth/session')).status).toBe(401);
      expect((await new Browser(server.url).signIn('gina@a.example', 'gina-password-1')).status).toBe(401);
      expect((await new Browser(server.url).signIn('gina@a.example', 'gina-password-2')).status).toBe(200);
    });

    it('ends the session on logout (CSRF-checked) and clears the cookie', async () => {
      const browser = await signedIn('viewer@a.example', PASSWORDS.viewer);
      const cookie = browser.cookie;
      expect((await browser.post('/api/v1/auth/logout', {}, { csrf: null })).status).toBe(403);
      const out = await browser.post('/api/v1/auth/logout');
      expect(out.status).toBe(204);
      expect(out.headers.get('set-cookie')).toMatch(/^confab_session=; .*Max-Age=0/);
      // The old cookie, replayed, is dead.
      const replay = new Browser(server.url);
      replay.cookie = cookie;
      expect((await replay.get('/api/v1/conversations')).status).toBe(401);
      expect((await replay.get('/api/v1/auth/session')).status).toBe(401);
    });

    it('expires a session after 12 h idle or 7 days in all, and a recent request moves the idle expiry', async () => {
      const idle = await signedIn('viewer@a.example', PASSWORDS.viewer);
      const old = await signedIn('viewer@a.example', PASSWORDS.viewer);
      const busy = await signedIn('viewer@a.example', PASSWORDS.viewer);
      const tokenOf = (b: Browser) => b.cookie!.split('=')[1];
      const hash = (b: Browser) => db<{ h: string }>(`select encode(sha256(convert_to($1, 'UTF8')), 'hex') as h`, [tokenOf(b)]).then((r) => r[0].h);
      await db(`update operator_sessions set idle_expires_at = now() - interval '1 second' where token_hash = $1`, [await hash(idle)]);
      await db(`update operator_sessions set expires_at = now() - interval '1 second' where token_hash = $1`, [await hash(old)]);
      for (const browser of [idle, old]) {
        const res = await browser.get('/api/v1/conversations');
        expect(res.status).toBe(401);
        expect(res.body.message).toMatch(/session has expired/);
        expect(res.headers.get('set-cookie')).toMatch(/^confab_session=; .*Max-Age=0/);
      }
      // The next sign-in (anyone's) deletes dead sessions: by the idle expiry, which in real life never passes the
      // absolute one (only this test moved the absolute one alone).
      await signedIn('agent@a.example', PASSWORDS.agent);
      expect(await db(`select 1 from operator_sessions where idle_expires_at <= now()`)).toEqual([]);
      // Last seen two minutes ago with 1 h of idle time left: the next request renews it to 12 h (never past the absolute end).
      await db(`update operator_sessions set last_seen_at = now() - interval '2 minutes', idle_expires_at = now() + interval '1 hour' where token_hash = $1`, [await hash(busy)]);
      expect((await busy.get('/api/v1/conversations')).status).toBe(200);
      const [row] = await db<{ idle_h: number }>(`select extract(epoch from idle_expires_at - now()) / 3600 as idle_h from operator_sessions where token_hash = $1`, [await hash(busy)]);
      expect(Number(row.idle_h)).toBeGreaterThan(11.9);
    });
  });

  describe('CSRF and roles', () => {
    it('refuses a cookie-authenticated write without the CSRF token, or with a wrong one (403); reads need none', async () => {
      const admin = await signedIn('admin@a.example', PASSWORDS.admin);
      expect((await admin.get('/api/v1/assistants')).status).toBe(200);
      const missing = await admin.post('/api/v1/assistants', { name: 'X', systemPrompt: 'x', model: 'gpt-4o-mini' }, { csrf: null });
      expect(missing.status).toBe(403);
      expect(missing.body.message).toMatch(/X-CSRF-Token/);
      const wrong = await admin.post('/api/v1/assistants', { name: 'X', systemPrompt: 'x', model: 'gpt-4o-mini' }, { csrf: 'forged' });
      expect(wrong.status).toBe(403);
      const other = await signedIn('agent@a.example', PASSWORDS.agent);
      expect((await admin.post('/api/v1/assistants', { name: 'X', systemPrompt: 'x', model: 'gpt-4o-mini' }, { csrf: other.csrf })).status).toBe(403);
      expect((await db('select 1 from assistants where name = $1', ['X'])).length).toBe(0);
    });

    it('lets a viewer read and export but not write', async () => {
      const viewer = await signedIn('viewer@a.example', PASSWORDS.viewer);
      expect((await viewer.get('/api/v1/conversations')).status).toBe(200);
      expect((await viewer.get(`/api/v1/conversations/${ids.conversation}`)).status).toBe(200);
      expect((await viewer.post('/api/v1/exports', { level: 'conversations', format: 'csv' })).status).toBe(202);
      for (const [method, path, body] of [
        ['POST', `/api/v1/conversations/${ids.conversation}/agent-messages`, { text: 'hi' }],
        ['POST', `/api/v1/conversations/${ids.conversation}/handoff`, {}],
        ['POST', `/api/v1/assistants/${ids.assistant}/test-chats`, {}],
        ['PATCH', `/api/v1/assistants/${ids.assistant}`, { name: 'Renamed' }],
        ['POST', '/api/v1/operators', { email: 'v@a.example', name: 'V', role: 'admin', password: 'viewer-made-1' }],
      ] as const) {
        const res = await viewer.call(method, path, body);
        expect(res.status).toBe(403);
        expect(res.body.message).toMatch(/viewer/);
      }
      expect((await viewer.get('/api/v1/operators')).status).toBe(403);
      expect((await a.api.get(`/api/v1/conversations/${ids.conversation}`)).body.owner).toBe('ai');
    });

    it("lets an agent reply, take over, hand back, close and start test chats, shown with the agent's name, but not change configuration", async () => {
      const agent = await signedIn('agent@a.example', PASSWORDS.agent);
      for (const [method, path, body] of [
        ['PATCH', `/api/v1/assistants/${ids.assistant}`, { name: 'Renamed' }],
        ['POST', '/api/v1/assistants', { name: 'Agent bot', systemPrompt: 'x', model: 'gpt-4o-mini' }],
        ['POST', '/api/v1/api-keys', { name: 'mine' }],
        ['POST', '/api/v1/operators', { email: 'x2@a.example', name: 'X', role: 'admin', password: 'agent-made-1' }],
        ['POST', '/api/v1/webhooks', { url: 'https://example.com/hook', events: ['handoff.requested'] }],
      ] as const) {
        const res = await agent.call(method, path, body);
        expect(res.status).toBe(403);
        expect(res.body.message).toMatch(/agent/);
      }
      expect((await a.api.get(`/api/v1/assistants/${ids.assistant}`)).body.name).toBe('Bakery bot');

      await a.api.post('/api/v1/webhooks', { url: `${hooks.url}/a`, events: ['handoff.requested', 'conversation.ended'] });
      const taken = await agent.post(`/api/v1/conversations/${ids.conversation}/handoff`, {});
      expect(taken.status).toBe(200);
      expect(taken.body).toMatchObject({ owner: 'human', handoffReason: 'Taken over by Anna Schmidt', handedOverBy: { operatorId: ids.agent, name: 'Anna Schmidt' } });
      // agentName cannot make an operator write under someone else's name.
      const sent = await agent.post(`/api/v1/conversations/${ids.conversation}/agent-messages`, { text: 'Hi, Anna here. We open at 7.', agentName: 'Someone else' });
      expect(sent.status).toBe(202);
      const detail = (await agent.get(`/api/v1/conversations/${ids.conversation}`)).body;
      const message = detail.messages.find((m: { id: string }) => m.id === sent.body.messageId);
      expect(message).toMatchObject({ author: 'agent', agent: { operatorId: ids.agent, name: 'Anna Schmidt' }, text: 'Hi, Anna here. We open at 7.' });
      expect(detail.messages.filter((m: { author: string }) => m.author !== 'agent').every((m: { agent: unknown }) => m.agent === null)).toBe(true);
      const [event] = await db<{ payload: { operator: unknown } }>(`select payload from domain_events where type = 'AgentMessageSent' and aggregate_id = $1`, [ids.conversation]);
      expect(event.payload.operator).toEqual({ id: ids.agent, name: 'Anna Schmidt' });

      // Exports name the author too.
      const exported = await fetch(`${server.url}/api/v1/exports/messages?format=jsonl`, { headers: { cookie: agent.cookie! } });
      const lines = (await exported.text()).trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.find((l) => l.id === sent.body.messageId)).toMatchObject({ author: 'agent', agentName: 'Anna Schmidt' });
      expect(lines.filter((l) => l.author !== 'agent').every((l) => l.agentName === null)).toBe(true);
      const conversations = (await (await fetch(`${server.url}/api/v1/exports/conversations?format=jsonl`, { headers: { cookie: agent.cookie! } })).text()).trim().split('\n').map((l) => JSON.parse(l));
      expect(conversations.find((c) => c.id === ids.conversation)).toMatchObject({ owner: 'human', handedOverBy: 'Anna Schmidt' });

      const resumed = await agent.post(`/api/v1/conversations/${ids.conversation}/resume-ai`);
      expect(resumed.status).toBe(200);
      expect(resumed.body).toMatchObject({ owner: 'ai', handedOverBy: null });
      // A reply as an agent takes over on its own, named after the agent.
      await agent.post(`/api/v1/conversations/${ids.conversation}/agent-messages`, { text: 'Still here.' });
      expect((await agent.get(`/api/v1/conversations/${ids.conversation}`)).body).toMatchObject({ owner: 'human', handoffReason: 'Anna Schmidt replied', handedOverBy: { name: 'Anna Schmidt' } });
      const chat = await agent.post(`/api/v1/assistants/${ids.assistant}/test-chats`, {});
      expect(chat.status).toBe(201);
      expect((await agent.post(`/api/v1/conversations/${chat.body.id}/messages`, { text: 'Hello' })).status).toBe(202);
      const closed = await agent.post(`/api/v1/conversations/${chat.body.id}/close`, {});
      expect(closed.status).toBe(200);
      expect(closed.body.status).toBe('closed');
      await eventually(async () => {
        const [ended] = await db<{ payload: { operator: unknown } }>(`select payload from domain_events where type = 'ConversationEnded' and aggregate_id = $1`, [chat.body.id]);
        expect(ended.payload.operator).toEqual({ id: ids.agent, name: 'Anna Schmidt' });
      });
      // Webhook subscribers learn who it was.
      const anna = { id: ids.agent, name: 'Anna Schmidt' };
      await eventually(() => {
        const payloads = hooks.received.map((r) => r.json as { type: string; data: Record<string, unknown> });
        expect(payloads).toEqual(expect.arrayContaining([
          expect.objectContaining({ type: 'handoff.requested', data: { conversationId: ids.conversation, reason: 'Taken over by Anna Schmidt', by: 'agent', operator: anna } }),
          expect.objectContaining({ type: 'conversation.ended', data: { conversationId: chat.body.id, reason: null, operator: anna } }),
        ]));
      });
    });

    it('lets an agent send a WhatsApp template to a customer, but not sync templates or change the channel', async () => {
      const channel = await connectWhatsApp(a.api, ids.assistant, graph.url);
      const template = { to: '+4915100000031', template: { name: 'order_update', language: 'en_US', parameters: ['Ana', 'A-1042'] } };
      const viewer = await signedIn('viewer@a.example', PASSWORDS.viewer);
      expect((await viewer.post(`/api/v1/channels/${channel.id}/template-messages`, template)).status).toBe(403);
      const agent = await signedIn('agent@a.example', PASSWORDS.agent);
      expect((await agent.post(`/api/v1/channels/${channel.id}/templates/sync`)).status).toBe(403);
      expect((await agent.delete(`/api/v1/channels/${channel.id}`)).status).toBe(403);
      const sent = await agent.post(`/api/v1/channels/${channel.id}/template-messages`, template);
      expect(sent.status).toBe(202);
    });

    it('keeps API keys as they were: an agentName from a key is shown without an operator, a read key cannot act', async () => {
      const sent = await a.api.post(`/api/v1/conversations/${ids.conversation}/agent-messages`, { text: 'From the CRM', agentName: 'CRM bot' });
      expect(sent.status).toBe(202);
      const detail = (await a.api.get(`/api/v1/conversations/${ids.conversation}`)).body;
      expect(detail.messages.find((m: { id: string }) => m.id === sent.body.messageId).agent).toEqual({ operatorId: null, name: 'CRM bot' });
      const readKey = (await a.api.post('/api/v1/api-keys', { name: 'reader', scopes: ['read'] })).body.apiKey;
      const reader = apiClient(server.url, readKey);
      expect((await reader.post(`/api/v1/conversations/${ids.conversation}/close`, {})).status).toBe(403);
      const actionKey = (await a.api.post('/api/v1/api-keys', { name: 'helpdesk', scopes: ['read', 'conversations'] })).body.apiKey;
      const helpdesk = apiClient(server.url, actionKey);
      expect((await helpdesk.post(`/api/v1/conversations/${ids.conversation}/resume-ai`)).status).toBe(200);
      expect((await helpdesk.patch(`/api/v1/assistants/${ids.assistant}`, { name: 'Renamed' })).status).toBe(403);
      // With both, the Authorization header decides, as before.
      const admin = await signedIn('admin@a.example', PASSWORDS.admin);
      const both = await fetch(`${server.url}/api/v1/assistants/${ids.assistant}`, { method: 'PATCH', headers: { authorization: `Bearer ${readKey}`, cookie: admin.cookie!, 'x-csrf-token': admin.csrf!, 'content-type': 'application/json' }, body: '{"name":"Renamed"}' });
      expect(both.status).toBe(403);
      // A malformed Authorization header is judged as a key, as before, not passed over for the cookie.
      const malformed = await fetch(`${server.url}/api/v1/assistants`, { headers: { authorization: 'Basic abc', cookie: admin.cookie! } });
      expect(malformed.status).toBe(401);
    });

    it('lets an admin operator do everything an admin key does, but not remove their own admin role or account', async () => {
      const admin = await signedIn('admin@a.example', PASSWORDS.admin);
      const created = await admin.post('/api/v1/assistants', { name: 'Admin bot', systemPrompt: 'x', model: 'gpt-4o-mini' });
      expect(created.status).toBe(201);
      const key = await admin.post('/api/v1/api-keys', { name: 'made by admin' });
      expect(key.status).toBe(201);
      const op = await admin.post('/api/v1/operators', { email: 'dora@a.example', name: 'Dora', role: 'viewer', password: 'dora-password-1' });
      expect(op.status).toBe(201);
      const dora = await signedIn('dora@a.example', 'dora-password-1');
      expect((await dora.post(`/api/v1/conversations/${ids.conversation}/handoff`, {})).status).toBe(403);
      // A new role applies to open sessions at once.
      expect((await admin.patch(`/api/v1/operators/${op.body.id}`, { role: 'agent' })).body.role).toBe('agent');
      expect((await dora.post(`/api/v1/conversations/${ids.conversation}/handoff`, {})).status).toBe(200);
      const self = await admin.patch(`/api/v1/operators/${ids.admin}`, { role: 'agent' });
      expect(self.status).toBe(409);
      expect(self.body.code).toBe('SELF_LOCKOUT');
      expect((await admin.delete(`/api/v1/operators/${ids.admin}`)).status).toBe(409);
      expect((await admin.delete(`/api/v1/operators/${op.body.id}`)).status).toBe(204);
      // Deleted: signed out everywhere.
      expect((await dora.get('/api/v1/conversations')).status).toBe(401);
      expect((await admin.get(`/api/v1/operators/${op.body.id}`)).status).toBe(404);
    });
  });

  describe('tenant walls', () => {
    it("gives an admin of tenant B 404 for tenant A's operators and conversations, and lists only B's", async () => {
      const bAdmin = await signedIn('admin@b.example', 'b-admin-password');
      const listed = await bAdmin.get('/api/v1/operators');
      expect(listed.body.map((o: { email: string }) => o.email)).toEqual(['admin@b.example']);
      expect((await bAdmin.get(`/api/v1/operators/${ids.agent}`)).status).toBe(404);
      expect((await bAdmin.patch(`/api/v1/operators/${ids.agent}`, { role: 'viewer' })).status).toBe(404);
      expect((await bAdmin.delete(`/api/v1/operators/${ids.agent}`)).status).toBe(404);
      expect((await bAdmin.post(`/api/v1/operators/${ids.agent}/invitation`)).status).toBe(404);
      expect((await bAdmin.get(`/api/v1/conversations/${ids.conversation}`)).status).toBe(404);
      expect((await bAdmin.post(`/api/v1/conversations/${ids.conversation}/agent-messages`, { text: 'from B' })).status).toBe(404);
      expect((await bAdmin.get('/api/v1/conversations')).body.items).toEqual([]);
      // B's key is walled off the same way.
      expect((await b.api.get(`/api/v1/operators/${ids.agent}`)).status).toBe(404);
      expect((await b.api.patch(`/api/v1/operators/${ids.agent}`, { name: 'Hacked' })).status).toBe(404);
      const agent = (await a.api.get(`/api/v1/operators/${ids.agent}`)).body;
      expect(agent).toMatchObject({ name: 'Anna Schmidt', role: 'agent' });
    });

    it('does not let a session reach the platform routes', async () => {
      const admin = await signedIn('admin@a.example', PASSWORDS.admin);
      expect((await admin.get('/api/v1/tenants')).status).toBe(401);
    });
  });
});

describe('sign-in behind https, and the rate limit per address', () => {
  let server: TestServer;

  beforeAll(async () => {
    // 4 a minute: the invitation below uses one, the limit test the other three.
    server = await startTestServer({ publicUrl: 'https://confab.example.com', rateLimits: { signInPerMinute: 4 } });
  });

  it('marks the cookie Secure and points invitation links at PUBLIC_URL when it is https', async () => {
    const tenant = await createTenant(server.url, server.platformKey);
    const invited = await tenant.api.post('/api/v1/operators', { email: 'finn@x.example', name: 'Finn', role: 'agent' });
    expect(invited.body.inviteUrl).toMatch(/^https:\/\/confab\.example\.com\/invite\/[\w-]+$/);
    const accepted = await new Browser(server.url).post(`/api/v1/auth/invitations/${invited.body.inviteUrl.split('/invite/')[1]}`, { password: 'finn-password-1' });
    expect(accepted.status).toBe(200);
    expect(accepted.headers.get('set-cookie')).toMatch(/; HttpOnly; SameSite=Lax; Path=\/; Max-Age=604800; Secure$/);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers 429 with Retry-After once an address has tried too often in a minute, right or wrong', async () => {
    const tenant = await createTenant(server.url, server.platformKey);
    await tenant.api.post('/api/v1/operators', { email: 'eve@x.example', name: 'Eve', role: 'admin', password: 'eve-password-1' });
    const statuses: number[] = [];
    for (const password of ['wrong-1', 'wrong-2', 'eve-password-1', 'eve-password-1']) statuses.push((await new Browser(server.url).signIn('eve@x.example', password)).status);
    expect(statuses).toEqual([401, 401, 200, 429]);
    const refused = await new Browser(server.url).signIn('eve@x.example', 'eve-password-1');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
