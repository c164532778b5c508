import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { eventually, text } from '@confab/testing';
import { createTenant, type ApiClient } from './support/api-client';
import { startTcpProxy } from './support/tcp-proxy';
import { startTestServer, type TestServer } from './support/test-server';
import { createServer } from 'node:net';
import { seedDemo } from '../src/seed/demo-seed';
import { ensureWidgetBuilt, WIDGET_DIST } from './support/widget-bundle';
import { embedPage, startHostSite, type EmbedOptions, type HostSite } from './support/widget-host-page';

// The web widget in a real browser: the shop's page on another origin than the platform, the real server with
// PostgreSQL, Redis and the loopback OpenAI, Debian's chromium driven by playwright-core.

// page.evaluate callbacks run in the browser; the server's type-check has no DOM library, so here they are `any`.
declare const document: any, window: any, getComputedStyle: any, MutationObserver: any, localStorage: any, sessionStorage: any;
type Element = any;

const root = join(__dirname, '../../..');
const SCREENSHOTS = join(root, 'tmp/screenshots');
const IDENTITY_SECRET = 'widget-identity-secret-for-tests';
// A browser on a shared 2-core machine: give each test room.
jest.setTimeout(60_000);
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('web widget in the browser', () => {
  let server: TestServer;
  let api: ApiClient;
  let shop: HostSite;
  let stranger: HostSite;
  let browser: Browser;
  let assistantId: string;
  let publicKey: string;
  const contexts: BrowserContext[] = [];

  const widgetChannel = async (config: Record<string, unknown> = {}) => {
    const res = await api.post('/api/v1/channels', {
      type: 'web_widget',
      assistantId,
      config: {
        allowedOrigins: [shop.origin],
        identitySecret: IDENTITY_SECRET,
        title: 'Sunny Bakery',
        greeting: 'Hi! Ask me about cakes and opening hours.',
        color: '#1f5fd1',
        ...config,
        // Every page here comes from 127.0.0.1: the per-address session limit (10/min) would stop the suite.
        limits: { sessionsPerMinutePerIp: 1000, ...(config.limits as object) },
      },
    });
    if (res.status !== 201) throw new Error(`widget channel: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; publicKey: string; embedSnippet: string };
  };

  const open = async (url: string, viewport = { width: 1280, height: 800 }): Promise<Page> => {
    const context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(url);
    return page;
  };

  const shopPage = (o: Partial<EmbedOptions> & { path?: string } = {}) =>
    shop.page(o.path ?? '/', embedPage({ platformUrl: server.url, publicKey: o.publicKey ?? publicKey, ...o }));

  /** What has focus inside the widget's shadow root ('' when focus is elsewhere). */
  const focused = (page: Page) =>
    page.evaluate(() => {
      const host = document.activeElement;
      const el = host?.tagName === 'CONFAB-WIDGET' ? host.shadowRoot?.activeElement : null;
      return el ? el.getAttribute('aria-label') ?? el.tagName : '';
    });

  const launcher = (page: Page, name = 'Open chat') => page.getByRole('button', { name, exact: true });
  const messageBox = (page: Page, name = 'Message') => page.getByRole('textbox', { name, exact: true });
  const log = (page: Page) => page.getByRole('log');
  const alertLine = (page: Page) => page.locator('confab-widget').locator('.alert');

  const send = async (page: Page, message: string) => {
    await messageBox(page).fill(message);
    await messageBox(page).press('Enter');
  };

  const conversationOf = async (customer: string) =>
    eventually(async () => {
      const list = await api.get(`/api/v1/conversations?channel=web_widget&customer=${encodeURIComponent(customer)}`);
      expect(list.body.items).toHaveLength(1);
      return list.body.items[0].id as string;
    });

  beforeAll(async () => {
    ensureWidgetBuilt();
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await startTestServer();
    shop = await startHostSite();
    stranger = await startHostSite();
    ({ api } = await createTenant(server.url, server.platformKey, 'Bakery'));
    assistantId = (await api.post('/api/v1/assistants', { name: 'Bakery', systemPrompt: 'Bakery assistant.', model: 'gpt-4o-mini' })).body.id;
    publicKey = (await widgetChannel()).publicKey;
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await shop?.close();
    await stranger?.close();
    await server?.close();
  });

  beforeEach(() => server.openai.reset());
  // One browser for the file, a fresh context (storage, cookies) per page, closed after each test.
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
  });

  it("keeps the host page's hostile CSS away from the launcher", async () => {
    const styleOf = (page: Page) =>
      page.evaluate(() => {
        const host = document.querySelector('confab-widget')!;
        const button = host.shadowRoot!.querySelector('button[aria-expanded]')!;
        const pick = (el: Element, props: string[]) => Object.fromEntries(props.map((p) => [p, getComputedStyle(el).getPropertyValue(p)]));
        const box = button.getBoundingClientRect();
        return {
          host: pick(host, ['display', 'position', 'opacity', 'transform', 'visibility']),
          launcher: pick(button, ['font-family', 'font-size', 'color', 'background-color', 'border-top-style', 'border-top-width', 'width', 'height', 'padding-top', 'margin-top', 'letter-spacing', 'text-transform', 'border-radius', 'opacity']),
          icon: pick(button.querySelector('path')!, ['fill']),
          box: { x: box.x, y: box.y, width: box.width, height: box.height },
          onTop: document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2) === host,
          // In the top layer, opacity or transforms on <html>/<body> do not reach it either.
          topLayer: host.matches(':popover-open'),
        };
      });
    const clean = await open(shopPage({ path: '/clean' }));
    await launcher(clean).waitFor();
    const hostile = await open(shopPage({ path: '/hostile', hostile: true }));
    await launcher(hostile).waitFor();
    const [a, b] = [await styleOf(clean), await styleOf(hostile)];
    expect(b).toEqual(a);
    expect(a.host).toMatchObject({ display: 'block', position: 'fixed', opacity: '1' });
    expect(a.launcher).toMatchObject({ width: '60px', height: '60px', 'border-top-style': 'none' });
    expect(a.onTop).toBe(true);
    expect(a.topLayer).toBe(true);
    // The page's own elements did get the hostile rules, so the comparison above means something.
    expect(await hostile.evaluate(() => getComputedStyle(document.querySelector('h1')!).fontFamily)).toContain('Comic Sans');
  });

  it('sets no global but ConfabWidget', async () => {
    const bare = await open(shop.page('/bare', '<!doctype html><html lang="en"><body><p>x</p></body></html>'));
    const before: string[] = await bare.evaluate(() => Object.keys(window));
    const page = await open(shopPage({ path: '/globals' }));
    await launcher(page).waitFor();
    const after: string[] = await page.evaluate(() => Object.keys(window));
    expect(after.filter((k) => !before.includes(k))).toEqual(['ConfabWidget']);
    expect(await page.evaluate(() => Object.keys((window as any).ConfabWidget).sort())).toEqual(['close', 'identify', 'open']);
  });

  it('opens by keyboard, streams the reply in steps, keeps the history across a reload and a second tab', async () => {
    const reply = 'We bake every day from 6:00. Our cakes are listed at https://bakery.example/cakes, and you can order until noon.';
    server.openai.enqueue(text(reply));
    const page = await open(shopPage({ path: '/stream' }));
    await launcher(page).waitFor();
    for (let i = 0; i < 5 && (await focused(page)) !== 'Open chat'; i++) await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Open chat');
    expect(await launcher(page).getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('Enter');
    expect(await launcher(page).getAttribute('aria-expanded')).toBe('true');
    expect(await focused(page)).toBe('Message');

    // Every state of the bubble being streamed, recorded in the page as it changes.
    await page.evaluate(() => {
      const shadow = document.querySelector('confab-widget')!.shadowRoot!;
      const seen: string[] = ((window as any).__streamed = []);
      new MutationObserver(() => {
        const bubble = shadow.querySelector('.msg.assistant[aria-hidden="true"] .bubble');
        if (bubble?.textContent && seen[seen.length - 1] !== bubble.textContent) seen.push(bubble.textContent);
      }).observe(shadow.querySelector('[role=log]')!, { subtree: true, childList: true, characterData: true });
    });
    await page.keyboard.type('When do you bake?');
    await page.keyboard.press('Enter');
    await log(page).getByText('you can order until noon.').waitFor();
    const streamed: string[] = await page.evaluate(() => (window as any).__streamed);
    const partial = streamed.filter((s) => s.length < reply.length);
    expect(partial.length).toBeGreaterThanOrEqual(2);
    for (const s of streamed) expect(reply.startsWith(s)).toBe(true);
    expect(streamed).toEqual([...streamed].sort((x, y) => x.length - y.length));
    // The final message replaced the streamed bubble: one reply, with its link made safe.
    await eventually(async () => expect(await page.locator('confab-widget .msg.assistant[aria-hidden]').count()).toBe(0));
    const link = log(page).getByRole('link', { name: 'https://bakery.example/cakes' });
    expect(await link.getAttribute('rel')).toContain('noopener');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await messageBox(page).inputValue()).toBe('');

    // Shown in the open, visible panel: the reply moves to delivered and read.
    const visitorId = await page.evaluate((key) => localStorage.getItem(`confab:${key}:visitor`), publicKey);
    const conversationId = await conversationOf(visitorId!);
    await eventually(async () => {
      const detail = (await api.get(`/api/v1/conversations/${conversationId}`)).body;
      expect(detail.messages.map((m: any) => [m.author, m.deliveryStatus ?? null])).toEqual([
        ['customer', null],
        ['assistant', 'read'],
      ]);
    });

    await page.reload();
    await launcher(page).click();
    await log(page).getByText('When do you bake?').waitFor();
    await log(page).getByText('you can order until noon.').waitFor();

    const second = await page.context().newPage();
    await second.goto(page.url());
    await launcher(second).click();
    await log(second).getByText('you can order until noon.').waitFor();
    expect(await log(second).locator('.msg:not(.greeting)').count()).toBe(2);

    // A human agent writes: it arrives live in both tabs, under the agent's name.
    expect((await api.post(`/api/v1/conversations/${conversationId}/agent-messages`, { text: 'Hi, Anna from the bakery here.', agentName: 'Anna' })).status).toBe(202);
    for (const p of [page, second]) {
      const bubble = log(p).locator('.msg.agent', { hasText: 'Hi, Anna from the bakery here.' });
      await bubble.waitFor();
      expect(await bubble.locator('.who').textContent()).toBe('Anna');
    }
    await page.screenshot({ path: join(SCREENSHOTS, 'widget-en-agent.png') });

    // With the panel closed, a new message shows as unread on the launcher until the panel is opened.
    await page.keyboard.press('Escape');
    await api.post(`/api/v1/conversations/${conversationId}/agent-messages`, { text: 'Your cake is ready.', agentName: 'Anna' });
    const badge = page.locator('confab-widget .badge');
    await eventually(async () => expect(await badge.textContent()).toBe('1'));
    expect(await badge.isVisible()).toBe(true);
    await launcher(page).click();
    expect(await badge.isVisible()).toBe(false);
  });

  it('resumes the event stream after the connection drops, with Last-Event-ID, missing nothing', async () => {
    // The platform seen through a relay the test can cut, as a flaky mobile network would.
    const relay = await startTcpProxy(server.url);
    try {
      server.openai.enqueue(text('First answer.'));
      const page = await open(shop.page('/flaky', embedPage({ platformUrl: relay.url.replace(/\/$/, ''), publicKey })));
      const resumed: (string | undefined)[] = [];
      // allHeaders: Last-Event-ID is added by the browser's network stack, which headers() does not show.
      page.on('request', (r) => void (r.url().includes('/api/v1/widget/events') && r.allHeaders().then((h) => resumed.push(h['last-event-id']))));
      await launcher(page).click();
      await send(page, 'Hello?');
      await log(page).getByText('First answer.').waitFor();
      const visitorId = await page.evaluate((key) => localStorage.getItem(`confab:${key}:visitor`), publicKey);
      const conversationId = await conversationOf(visitorId!);

      await relay.cut();
      expect((await api.post(`/api/v1/conversations/${conversationId}/agent-messages`, { text: 'Written while you were offline.', agentName: 'Ben' })).status).toBe(202);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await relay.restore();

      await log(page).getByText('Written while you were offline.').waitFor({ timeout: 20_000 });
      await eventually(() => expect(resumed.some((id) => !!id && /^\d+-\d+$/.test(id))).toBe(true));
      expect(await log(page).getByText('Written while you were offline.').count()).toBe(1);
      expect(await log(page).getByText('First answer.').count()).toBe(1);
    } finally {
      await relay.close();
    }
  }, 45_000);

  it('Esc closes the panel and gives focus back to the launcher', async () => {
    const page = await open(shopPage({ path: '/esc' }));
    await launcher(page).click();
    expect(await focused(page)).toBe('Message');
    await page.keyboard.press('Escape');
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await launcher(page).getAttribute('aria-expanded')).toBe('false');
    expect(await focused(page)).toBe('Open chat');

    // The page API: open() and close() work, and close() leaves the page's focus where the page put it.
    await page.evaluate(() => (window as any).ConfabWidget.open());
    expect(await page.getByRole('dialog').count()).toBe(1);
    await page.getByRole('link', { name: 'Opening hours' }).focus();
    await page.evaluate(() => (window as any).ConfabWidget.close());
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Opening hours');
  });

  it('on a phone the full-screen panel is modal and keeps Tab inside it', async () => {
    const page = await open(shopPage({ path: '/phone-tab' }), { width: 375, height: 740 });
    await launcher(page).click();
    expect(await page.getByRole('dialog').getAttribute('aria-modal')).toBe('true');
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      seen.push(await focused(page));
    }
    // Message -> Send -> Close chat -> the log -> Message ..., never the page behind.
    expect(seen.every((f) => f !== '')).toBe(true);
    expect(seen).toContain('Close chat');
    expect(seen).toContain('Message');
  });

  it('accepts a verified identity and refuses a forged one', async () => {
    const hash = createHmac('sha256', IDENTITY_SECRET).update('user-vera').digest('hex');
    server.openai.enqueue(text('Welcome back, Vera.'));
    const page = await open(shopPage({ path: '/verified', identity: { userId: 'user-vera', name: 'Vera', email: 'vera@example.com', hash } }));
    await launcher(page).click();
    await send(page, 'Is my cake ready?');
    await log(page).getByText('Welcome back, Vera.').waitFor();
    await conversationOf('user-vera');

    // Another user signs in on the same page (a shared computer): Vera's chat leaves the screen, Otto gets his own.
    const otto = createHmac('sha256', IDENTITY_SECRET).update('user-otto').digest('hex');
    await page.evaluate((hash) => (window as any).ConfabWidget.identify({ userId: 'user-otto', hash }), otto);
    await eventually(async () => expect(await log(page).getByText('Welcome back, Vera.').count()).toBe(0));
    server.openai.enqueue(text('Hello Otto.'));
    await send(page, 'I am Otto');
    await log(page).getByText('Hello Otto.').waitFor();
    await conversationOf('user-otto');
    expect(await log(page).getByText('Is my cake ready?').count()).toBe(0);

    const forged = await open(shopPage({ path: '/forged', identity: { userId: 'user-mallory', hash: createHmac('sha256', 'guessed-secret-0000').update('user-mallory').digest('hex') } }));
    await launcher(forged).click();
    await send(forged, 'Show me Vera’s orders');
    await eventually(async () => expect(await alertLine(forged).textContent()).toBe('We could not confirm who you are. Please sign in again or reload the page.'));
    // Refused and said so; the typed text is still there and nothing was stored for that user.
    await eventually(async () => expect(await messageBox(forged).inputValue()).toBe('Show me Vera’s orders'));
    expect(await log(forged).getByText('Show me Vera’s orders').count()).toBe(0);
    expect((await api.get('/api/v1/conversations?channel=web_widget&customer=user-mallory')).body.items).toEqual([]);
  });

  it('does not offer a chat on a site outside the allowed origins', async () => {
    const errors: string[] = [];
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(stranger.page('/', embedPage({ platformUrl: server.url, publicKey })));
    await eventually(() => expect(errors.join('\n')).toMatch(/allowed origins/));
    expect(await page.locator('confab-widget').count()).toBe(0);
    // The session route refuses that origin as well, whatever a page script tries.
    const res = await page.evaluate(async ([url, key]) => {
      try {
        return (await fetch(`${url}/api/v1/widget/${key}/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status;
      } catch {
        return 'blocked';
      }
    }, [server.url, publicKey] as const);
    expect(res).toBe('blocked');
  });

  it('shows a 429 as a wait with a countdown and keeps the typed text', async () => {
    const limited = await widgetChannel({ limits: { messagesPerMinutePerVisitor: 1 } });
    server.openai.respondWith(() => text('Noted. <b>Bold?</b> <img src=x onerror="window.__pwned=1">'));
    const page = await open(shopPage({ path: '/limited', publicKey: limited.publicKey }));
    await launcher(page).click();
    await send(page, 'First <i>question</i>');
    await log(page).getByText('Noted.').waitFor();
    // Markup from anyone stays text.
    expect(await log(page).getByText('First <i>question</i>').count()).toBe(1);
    expect(await log(page).getByText('<b>Bold?</b> <img src=x onerror="window.__pwned=1">', { exact: false }).count()).toBe(1);
    expect(await page.locator('confab-widget').locator('.log i, .log b, .log img').count()).toBe(0);
    expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
    await send(page, 'Second question, too soon');
    await eventually(async () => expect(await alertLine(page).textContent()).toMatch(/^Please wait \d+ s$/));
    const first = Number((await alertLine(page).textContent())!.match(/\d+/)![0]);
    expect(first).toBeGreaterThan(1);
    expect(await messageBox(page).inputValue()).toBe('Second question, too soon');
    expect(await page.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);
    expect(await log(page).getByText('Second question, too soon').count()).toBe(0);
    await eventually(async () => expect(Number((await alertLine(page).textContent())!.match(/\d+/)![0])).toBeLessThan(first), { timeoutMs: 3_000 });
  });

  it('asks for name and email first when the widget is set up so, and names what is missing', async () => {
    const withForm = await widgetChannel({ preChatForm: { name: true, email: true } });
    server.openai.enqueue(text('Hello Eva!'));
    const page = await open(shopPage({ path: '/prechat', publicKey: withForm.publicKey }));
    await launcher(page).click();
    expect(await messageBox(page).isVisible()).toBe(false);
    expect(await focused(page)).toBe('INPUT');
    await page.getByRole('button', { name: 'Start chat' }).click();
    expect(await page.getByRole('textbox', { name: /^Name/ }).getAttribute('aria-invalid')).toBe('true');
    await page.getByText('Please fill in this field.').first().waitFor();
    await page.getByRole('textbox', { name: /^Name/ }).fill('Eva');
    await page.getByRole('textbox', { name: /^Email/ }).fill('not-an-address');
    await page.getByRole('button', { name: 'Start chat' }).click();
    await page.getByText('Please enter a valid email address.').waitFor();
    await page.getByRole('textbox', { name: /^Email/ }).fill('eva@example.com');
    await page.getByRole('button', { name: 'Start chat' }).click();
    expect(await focused(page)).toBe('Message');
    await send(page, 'Hi there');
    await log(page).getByText('Hello Eva!').waitFor();
    const visitorId = await page.evaluate((key) => localStorage.getItem(`confab:${key}:visitor`), withForm.publicKey);
    const detail = (await api.get(`/api/v1/conversations/${await conversationOf(visitorId!)}`)).body;
    expect(detail.customer.name).toBe('Eva');
  });

  it('renews its session token before it runs out and follows the conversation with the new one', async () => {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.clock.install();
    await page.goto(shopPage({ path: '/refresh' }));
    const stream = page.waitForRequest((r) => r.url().includes('/api/v1/widget/events'));
    await launcher(page).click();
    const firstStream = await stream;
    const refreshed = page.waitForResponse((r) => r.url().endsWith('/api/v1/widget/sessions/refresh'));
    const nextStream = page.waitForRequest((r) => r.url().includes('/api/v1/widget/events') && r.url() !== firstStream.url());
    // Tokens carry their expiry in whole seconds: a refresh in the same second would be the same token.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await page.clock.fastForward('56:00');
    expect((await refreshed).ok()).toBe(true);
    const streamToken = new URL((await nextStream).url()).searchParams.get('token');
    const stored = await page.evaluate((key) => JSON.parse(sessionStorage.getItem(`confab:${key}:session`)!).token, publicKey);
    expect(streamToken).toBe(stored);
    expect(streamToken).not.toBe(new URL(firstStream.url()).searchParams.get('token'));
    server.openai.enqueue(text('Still here.'));
    await send(page, 'Are you there?');
    await log(page).getByText('Still here.').waitFor();
  });

  it('tells the visitor about a hand-over and shows the away text until a person writes', async () => {
    const away = await widgetChannel({ awayText: 'Our team answers Monday to Friday, 8:00 to 18:00.' });
    server.openai.enqueue(text('Let me check.'));
    const page = await open(shopPage({ path: '/away', publicKey: away.publicKey }));
    await launcher(page).click();
    await send(page, 'I need a person');
    await log(page).getByText('Let me check.').waitFor();
    const visitorId = await page.evaluate((key) => localStorage.getItem(`confab:${key}:visitor`), away.publicKey);
    const conversationId = await conversationOf(visitorId!);
    expect(await log(page).getByText('Our team answers Monday to Friday').count()).toBe(0);

    expect((await api.post(`/api/v1/conversations/${conversationId}/handoff`, { reason: 'Visitor asked for a person' })).status).toBeLessThan(300);
    await log(page).getByText('A team member will take over this chat shortly.').waitFor();
    await log(page).getByText('Our team answers Monday to Friday, 8:00 to 18:00.').waitFor();
    await api.post(`/api/v1/conversations/${conversationId}/agent-messages`, { text: 'Hello, Clara here.', agentName: 'Clara' });
    await log(page).getByText('Hello, Clara here.').waitFor();
    expect(await log(page).getByText('Our team answers Monday to Friday').count()).toBe(0);
  });

  it('honours prefers-reduced-motion', async () => {
    const animationOf = async (reducedMotion: 'reduce' | 'no-preference') => {
      const context = await browser.newContext({ reducedMotion });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(shopPage({ path: `/motion-${reducedMotion}` }));
      await launcher(page).click();
      return page.locator('confab-widget .panel').evaluate((el) => getComputedStyle(el).animationName);
    };
    expect(await animationOf('no-preference')).not.toBe('none');
    expect(await animationOf('reduce')).toBe('none');
  });

  it('passes axe-core on the open panel, in English and German', async () => {
    const axe = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
    for (const lang of ['en', 'de']) {
      server.openai.enqueue(text(lang === 'de' ? 'Gern! Details unter https://bakery.example/torten.' : 'Sure! Details at https://bakery.example/cakes.'));
      const page = await open(shopPage({ path: `/axe-${lang}`, lang }));
      await launcher(page, lang === 'de' ? 'Chat öffnen' : 'Open chat').click();
      await messageBox(page, lang === 'de' ? 'Nachricht' : 'Message').fill(lang === 'de' ? 'Habt ihr Torten?' : 'Do you have cakes?');
      await page.getByRole('button', { name: lang === 'de' ? 'Senden' : 'Send', exact: true }).click();
      await log(page).getByRole('link').waitFor();
      await page.addScriptTag({ content: axe });
      const violations = await page.evaluate(async () => {
        const result = await (window as any).axe.run({ include: [['confab-widget']] }, { resultTypes: ['violations'] });
        return result.violations.map((v: any) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n: any) => n.target.join(' ')) }));
      });
      expect({ lang, serious: violations.filter((v: any) => v.impact === 'serious' || v.impact === 'critical') }).toEqual({ lang, serious: [] });
    }
  }, 60_000);

  it('takes screenshots in English and German, desktop and phone (looked at by a person)', async () => {
    for (const lang of ['en', 'de'] as const) {
      for (const [name, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 375, height: 740 }]] as const) {
        server.openai.enqueue(text(lang === 'de' ? 'Wir backen täglich ab 6 Uhr. Unsere Torten: https://bakery.example/torten' : 'We bake every day from 6:00. Our cakes: https://bakery.example/cakes'));
        const page = await open(shopPage({ path: `/shot-${lang}-${name}`, lang, hostile: true }), viewport);
        await launcher(page, lang === 'de' ? 'Chat öffnen' : 'Open chat').click();
        await messageBox(page, lang === 'de' ? 'Nachricht' : 'Message').fill(lang === 'de' ? 'Wann backt ihr?' : 'When do you bake?');
        await page.keyboard.press('Enter');
        await log(page).getByRole('link').waitFor();
        const box = await page.locator('confab-widget .panel').boundingBox();
        if (name === 'phone') expect(box).toEqual({ x: 0, y: 0, width: viewport.width, height: viewport.height });
        else expect(box!.width).toBeLessThan(viewport.width / 2);
        await page.screenshot({ path: join(SCREENSHOTS, `widget-${lang}-${name}.png`) });
      }
    }
  }, 90_000);
});

describe('web widget on the first-run demo page', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ensureWidgetBuilt();
    // The seed allows the platform's own origin, so the server must listen where its public URL says.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    server = await startTestServer({ port, publicUrl: `http://127.0.0.1:${port}`, widgetBundleDir: WIDGET_DIST });
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('answers on /widget-demo under the page CSP, with the real bundle', async () => {
    const seed = await seedDemo(server.app, 'gpt-4o-mini', server.config.publicUrl);
    expect(seed?.widgetPublicKey).toMatch(/^wk_/);
    server.openai.enqueue(text('Fresh rolls are ready from 7:00.'));
    const page = await browser.newPage();
    const problems: string[] = [];
    // Console errors (CSP refusals among them) and failed requests, except the browser's own favicon probe.
    page.on('console', (m) => m.type() === 'error' && !/Failed to load resource/.test(m.text()) && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && problems.push(`${r.status()} ${r.url()}`));
    await page.goto(`${server.config.publicUrl}/widget-demo`);
    await page.getByRole('button', { name: 'Open chat', exact: true }).click();
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill('When are rolls ready?');
    await page.keyboard.press('Enter');
    await page.getByRole('log').getByText('Fresh rolls are ready from 7:00.').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'widget-demo-page.png') });
    expect(problems).toEqual([]);
  });
});

