// The widget's behaviour: session lifecycle, history, the live event stream, sending, receipts and the 429 wait.
// view.ts builds the elements; this class decides what they show.

import { ApiError, type Identity, type LiveMessage, type WidgetApi, type WidgetConfig } from './api';
import type { Lang, Strings } from './i18n';
import type { StoredSession, WidgetStorage } from './storage';
import { messageView, note, preChatForm, type PreChatFields, type View } from './view';

const LIVE_EVENTS = ['typing', 'reply.delta', 'message.created', 'message.status', 'conversation.updated'] as const;
// Renew the token this long before it expires; sessions last an hour.
const REFRESH_MARGIN_MS = 5 * 60_000;

interface Stream {
  el: HTMLElement;
  bubble: HTMLElement;
  seq: number;
}

export class Chat {
  private session: StoredSession | null;
  private identity: Identity | null = null;
  private prechat: PreChatFields | null = null;
  private sessionPromise: Promise<StoredSession> | null = null;
  private connectPromise: Promise<void> | null = null;
  private events: EventSource | null = null;
  private lastEventId: string | undefined;
  private historyLoaded = false;
  private backlog: [string, any][] = [];
  private refreshTimer = 0;
  private reconnectTimer = 0;
  private reconnectDelay = 1000;
  private readonly shown = new Map<string, HTMLElement>();
  private readonly pending: { text: string; el: HTMLElement }[] = [];
  private readonly streams = new Map<string, Stream>();
  private readonly toDeliver = new Set<string>();
  private readonly toRead = new Set<string>();
  private readonly reported = { delivered: new Set<string>(), read: new Set<string>() };
  private receiptTimer = 0;
  private unread = 0;
  private waitUntil = 0;
  private waitTimer = 0;
  private handoverShown = false;
  private lastStatus: string | null = null;
  private typingTimer = 0;
  private preForm: HTMLFormElement | null = null;
  /** Bumped when the conversation on screen is swapped, so answers for the previous one are dropped. */
  private generation = 0;

  constructor(
    private readonly api: WidgetApi,
    private readonly storage: WidgetStorage,
    private readonly config: WidgetConfig,
    private readonly view: View,
    private readonly t: Strings,
    private readonly lang: Lang,
  ) {
    this.session = storage.session;
    const v = view;
    v.launcher.addEventListener('click', () => (this.isOpen ? this.close() : this.open()));
    v.closeButton.addEventListener('click', () => this.close());
    v.panel.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.close();
      } else if (e.key === 'Tab' && matchMedia('(max-width: 479.98px)').matches) this.wrapFocus(e);
    });
    v.compose.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.send();
    });
    v.input.addEventListener('keydown', (e) => {
      // Enter sends, Shift+Enter is a new line; not while an input method is composing a character.
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        void this.send();
      }
    });
    v.input.addEventListener('input', () => this.onInput());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState !== 'visible') return;
      this.markRead();
      // Timers sleep in background tabs; a token may have run out meanwhile.
      if (this.session && this.expiresInMs() < REFRESH_MARGIN_MS) void this.refresh();
    });
  }

  /** Called once identify() calls queued before load have been applied. */
  start(): void {
    // A returning visitor (or a reload in the same tab) reconnects at once, so replies and agent messages arrive
    // and count as unread even while the panel is closed.
    if (this.session || this.storage.hasConversation) void this.connect().catch((e) => this.showError(e));
  }

  get isOpen(): boolean {
    return !this.view.panel.hidden;
  }

  open(): void {
    const v = this.view;
    if (!this.isOpen) {
      v.panel.hidden = false;
      // Full screen on a phone, so modal there; beside the page on wider screens.
      v.panel.setAttribute('aria-modal', String(matchMedia('(max-width: 479.98px)').matches));
      v.root.classList.add('open');
      v.launcher.setAttribute('aria-expanded', 'true');
      this.unread = 0;
      this.updateBadge();
    }
    if (this.needsPreChat()) this.showPreChat();
    else {
      v.input.focus();
      void this.connect().catch((e) => this.showError(e));
    }
    this.markRead();
    this.scrollDown();
  }

  /** On a phone the panel covers the page, so Tab must not walk into the page hidden behind it. */
  private wrapFocus(e: KeyboardEvent): void {
    const items = [...this.view.panel.querySelectorAll<HTMLElement>('button,textarea,input,a[href],[tabindex="0"]')].filter((el) => !el.closest('[hidden]') && !(el as HTMLButtonElement).disabled);
    const active = (this.view.panel.getRootNode() as ShadowRoot).activeElement;
    const [first, last] = [items[0], items[items.length - 1]];
    if (e.shiftKey ? active === first : active === last) {
      e.preventDefault();
      (e.shiftKey ? last : first)?.focus();
    }
  }

  close(): void {
    if (!this.isOpen) return;
    // Focus goes back to the launcher only if it was in the panel: ConfabWidget.close() must not steal it.
    const hadFocus = this.view.panel.contains((this.view.root.getRootNode() as ShadowRoot).activeElement);
    this.view.panel.hidden = true;
    this.view.root.classList.remove('open');
    this.view.launcher.setAttribute('aria-expanded', 'false');
    if (hadFocus) this.view.launcher.focus();
  }

  /** A verified identity from the host page; a different user than the current session's starts a new session. */
  identify(identity: Identity): void {
    if (!identity || typeof identity.userId !== 'string' || typeof identity.hash !== 'string') {
      console.error('ConfabWidget.identify needs {userId, hash} (and optionally name, email)');
      return;
    }
    const current = this.session ? this.session.userId : (this.identity?.userId ?? null);
    this.identity = identity;
    if (this.preForm) this.hidePreChat();
    if (current === identity.userId || !(this.session || this.connectPromise || this.sessionPromise)) return;
    // Anonymous -> signed in keeps the visitor id; one user -> another forgets it, since a shared computer must not
    // show the previous user's chat.
    this.reset(current !== null);
    if (this.isOpen || this.storage.hasConversation) void this.connect().catch((e) => this.showError(e));
  }

  // ---- session -------------------------------------------------------------------------------------------------

  private needsPreChat(): boolean {
    const ask = this.config.preChatForm;
    return !!ask && (ask.name || ask.email) && !this.identity && !this.prechat && !this.session && !this.storage.visitorId;
  }

  private showPreChat(): void {
    const v = this.view;
    if (!this.preForm) {
      this.preForm = preChatForm(this.t, this.config.preChatForm!, (fields) => {
        this.prechat = fields;
        this.hidePreChat();
        void this.connect().catch((e) => this.showError(e));
      });
      v.compose.hidden = true;
      v.compose.before(this.preForm);
    }
    this.preForm.querySelector('input')?.focus();
  }

  private hidePreChat(): void {
    this.preForm?.remove();
    this.preForm = null;
    this.view.compose.hidden = false;
    if (this.isOpen) this.view.input.focus();
  }

  private expiresInMs(): number {
    return this.session ? Date.parse(this.session.expiresAt) - Date.now() : 0;
  }

  private ensureSession(): Promise<StoredSession> {
    if (this.session && this.expiresInMs() > 60_000 && this.session.userId === (this.identity?.userId ?? this.session.userId)) return Promise.resolve(this.session);
    const generation = this.generation;
    this.sessionPromise ??= this.api
      .createSession({
        visitorId: this.storage.visitorId ?? undefined,
        identity: this.identity ?? undefined,
        name: this.prechat?.name,
        email: this.prechat?.email,
        locale: this.lang,
      })
      .then((s) => {
        if (generation !== this.generation) throw new Error('superseded');
        return this.setSession({ ...s, userId: this.identity?.userId ?? null });
      })
      .finally(() => {
        if (generation === this.generation) this.sessionPromise = null;
      });
    return this.sessionPromise;
  }

  private setSession(s: StoredSession): StoredSession {
    this.session = s;
    this.storage.session = s;
    this.storage.visitorId = s.visitorId;
    if (s.conversationId) this.storage.hasConversation = true;
    clearTimeout(this.refreshTimer);
    // expiresAt is server time and the visitor's clock may be off: never renew more often than every 5 minutes; a
    // token that runs out early anyway is replaced when the server refuses it.
    this.refreshTimer = window.setTimeout(() => void this.refresh(), Math.max(REFRESH_MARGIN_MS, this.expiresInMs() - REFRESH_MARGIN_MS));
    return s;
  }

  private async refresh(): Promise<void> {
    const old = this.session;
    if (!old) return;
    try {
      const fresh = await this.api.refresh(old.token);
      this.setSession({ ...old, ...fresh, userId: old.userId });
      // The open stream keeps working, but its URL holds the old token, which a reconnect would present.
      if (this.events) this.openEvents();
    } catch (e) {
      if (e instanceof ApiError && (e.kind === 'unauthorized' || e.kind === 'forbidden')) {
        this.session = this.storage.session = null;
        if (this.events) await this.reconnect();
      } else this.refreshTimer = window.setTimeout(() => void this.refresh(), 30_000);
    }
  }

  /** Forget the conversation on screen (a different verified user): the next connect loads theirs. */
  private reset(forgetVisitor: boolean): void {
    this.generation++;
    this.sessionPromise = null;
    this.backlog.length = 0;
    this.events?.close();
    this.events = null;
    this.session = this.storage.session = null;
    if (forgetVisitor) {
      this.storage.visitorId = null;
      this.storage.hasConversation = false;
    }
    this.connectPromise = null;
    this.historyLoaded = false;
    this.lastEventId = undefined;
    this.shown.clear();
    this.streams.clear();
    this.pending.length = 0;
    this.handoverShown = false;
    this.view.log.querySelectorAll('.msg:not(.greeting),.note.system,.note.handover,.note.away,.note.closed').forEach((el) => el.remove());
  }

  // ---- history and live events ---------------------------------------------------------------------------------

  private connect(): Promise<void> {
    const generation = this.generation;
    this.connectPromise ??= (async () => {
      const s = await this.ensureSession();
      if (generation !== this.generation) return;
      // Events first, history second: anything written in between arrives on the stream and is de-duplicated by id;
      // events wait in the backlog so the history stays above them.
      this.historyLoaded = false;
      this.openEvents();
      const { messages } = await this.api.history(s.token);
      if (generation !== this.generation) return;
      for (const m of messages) this.onMessage(m, true);
      this.historyLoaded = true;
      for (const [type, data] of this.backlog.splice(0)) this.handle(type, data);
      this.scrollDown();
      this.clearAlert();
    })().catch((e) => {
      if (generation !== this.generation) return;
      this.connectPromise = null;
      throw e;
    });
    return this.connectPromise;
  }

  private openEvents(): void {
    this.events?.close();
    const es = new EventSource(this.api.eventsUrl(this.session!.token, this.lastEventId));
    this.events = es;
    for (const type of LIVE_EVENTS)
      es.addEventListener(type, (e) => {
        const me = e as MessageEvent<string>;
        if (me.lastEventId) this.lastEventId = me.lastEventId;
        let data: any;
        try {
          data = JSON.parse(me.data);
        } catch {
          return;
        }
        if (this.historyLoaded) this.handle(type, data);
        else this.backlog.push([type, data]);
      });
    es.onopen = () => {
      this.reconnectDelay = 1000;
      if (this.view.alert.dataset.kind === 'reconnecting') this.clearAlert();
    };
    es.onerror = () => {
      if (es !== this.events) return;
      // CONNECTING: the browser retries by itself and sends Last-Event-ID. CLOSED: the server refused the stream
      // (an expired or revoked token, usually), so get a session again and resume from the last event seen.
      if (es.readyState === EventSource.CLOSED) {
        this.setAlert(this.t.reconnecting, 'reconnecting');
        clearTimeout(this.reconnectTimer);
        this.reconnectTimer = window.setTimeout(() => void this.reconnect(), this.reconnectDelay);
        this.reconnectDelay = Math.min(this.reconnectDelay * 2, 30_000);
      }
    };
  }

  private async reconnect(): Promise<void> {
    this.events?.close();
    this.events = null;
    if (this.expiresInMs() < REFRESH_MARGIN_MS) this.session = this.storage.session = null;
    this.connectPromise = null;
    try {
      await this.connect();
    } catch (e) {
      if (e instanceof ApiError && (e.kind === 'unauthorized' || e.kind === 'forbidden')) this.session = this.storage.session = null;
      this.showError(e);
      this.reconnectTimer = window.setTimeout(() => void this.reconnect(), this.reconnectDelay);
      this.reconnectDelay = Math.min(this.reconnectDelay * 2, 30_000);
    }
  }

  private handle(type: string, data: any): void {
    if (type === 'message.created') this.onMessage(data as LiveMessage, false);
    else if (type === 'reply.delta') this.onDelta(data);
    else if (type === 'typing') {
      this.setTyping(!!data?.active);
      // Stopped without a stored reply: the streamed text was never finished.
      if (!data?.active) this.dropStreams();
    }
    else if (type === 'conversation.updated') this.onConversation(data);
  }

  private onMessage(m: LiveMessage, fromHistory: boolean): void {
    if (!m?.id || this.shown.has(m.id)) return;
    const log = this.view.log;
    if (m.author === 'customer') {
      // Our own message coming back: keep the bubble already on screen.
      const i = this.pending.findIndex((p) => p.text === m.text);
      if (i >= 0) {
        const [p] = this.pending.splice(i, 1);
        p.el.classList.remove('pending');
        this.shown.set(m.id, p.el);
        return;
      }
    }
    const el = messageView(this.t, m);
    const stream = m.turnId ? this.streams.get(m.turnId) : undefined;
    if (stream && m.author === 'assistant') {
      stream.el.replaceWith(el);
      this.streams.delete(m.turnId!);
    } else log.append(el);
    this.shown.set(m.id, el);
    if (m.author === 'agent') this.view.log.querySelector('.note.away')?.remove();
    if (m.author === 'assistant' || m.author === 'agent') {
      this.setTyping(false);
      // History says what was already reported (by this or another tab); statuses only move forward anyway.
      if (m.status === 'delivered' || m.status === 'read') this.reported.delivered.add(m.id);
      if (m.status === 'read') this.reported.read.add(m.id);
      else this.toDeliver.add(m.id);
      if (!fromHistory && !this.isOpen) {
        this.unread++;
        this.updateBadge();
      }
      this.markRead();
      this.scheduleReceipts();
    }
    this.scrollDown();
  }

  private onDelta(d: { turnId?: string; seq?: number; text?: string }): void {
    if (!d?.turnId || typeof d.text !== 'string') return;
    let s = this.streams.get(d.turnId);
    if (!s) {
      // A new turn means the previous attempt failed and is retried: its text so far is void.
      this.dropStreams();
      const el = messageView(this.t, { author: 'assistant', text: '' }, true);
      this.view.log.append(el);
      s = { el, bubble: el.querySelector('.bubble')!, seq: -Infinity };
      this.streams.set(d.turnId, s);
    }
    // A resumed stream may repeat deltas the bubble already has.
    const seq = typeof d.seq === 'number' ? d.seq : s.seq + 1;
    if (seq <= s.seq) return;
    s.seq = seq;
    s.bubble.textContent += d.text;
    this.setTyping(false);
    this.scrollDown();
  }

  private dropStreams(): void {
    for (const s of this.streams.values()) s.el.remove();
    this.streams.clear();
  }

  private onConversation(c: { status?: string; owner?: string; handedOver?: unknown }): void {
    if ((c?.handedOver || c?.owner === 'human') && !this.handoverShown) {
      this.handoverShown = true;
      this.view.log.append(note(this.t.handover, 'handover'));
      // The tenant's away text ("we answer on weekdays 9-17") stands until a person actually writes.
      if (this.config.awayText && !this.view.log.querySelector('.note.away')) this.view.log.append(note(this.config.awayText, 'away'));
      this.scrollDown();
    }
    if (c?.owner === 'ai') this.handoverShown = false;
    if (c?.status === 'closed' && this.lastStatus !== 'closed') {
      this.view.log.append(note(this.t.closed, 'closed'));
      this.setTyping(false);
      this.scrollDown();
    }
    if (c?.status) this.lastStatus = c.status;
  }

  private setTyping(active: boolean): void {
    this.view.typing.hidden = !active;
    clearTimeout(this.typingTimer);
    // If the stop event is lost, the dots must not stay forever.
    if (active) this.typingTimer = window.setTimeout(() => this.setTyping(false), 60_000);
  }

  // ---- sending -------------------------------------------------------------------------------------------------

  private onInput(): void {
    const v = this.view;
    v.input.style.height = 'auto';
    v.input.style.height = `${Math.min(v.input.scrollHeight + 2, 120)}px`;
    const left = this.config.maxMessageLength - v.input.value.length;
    v.count.textContent = left <= Math.max(20, this.config.maxMessageLength / 10) ? this.t.charsLeft(left) : '';
  }

  private async send(): Promise<void> {
    const v = this.view;
    const text = v.input.value.trim();
    if (!text || Date.now() < this.waitUntil) return;
    if (text.length > this.config.maxMessageLength) return this.setAlert(this.t.tooLong(this.config.maxMessageLength), 'error');
    const el = messageView(this.t, { author: 'customer', text });
    el.classList.add('pending');
    const entry = { text, el };
    this.pending.push(entry);
    v.log.append(el);
    v.input.value = '';
    this.onInput();
    this.scrollDown();
    try {
      // Listen before speaking, so the first reply's streamed deltas are not missed.
      await this.connect();
      let s = await this.ensureSession();
      const clientMessageId = crypto.randomUUID();
      let res;
      try {
        res = await this.api.send(s.token, text, clientMessageId);
      } catch (e) {
        // An expired or revoked token: one new session, the same clientMessageId (sending stays idempotent).
        if (!(e instanceof ApiError && e.kind === 'unauthorized')) throw e;
        this.session = this.storage.session = null;
        s = await this.ensureSession();
        res = await this.api.send(s.token, text, clientMessageId);
      }
      const firstOfConversation = !this.storage.hasConversation;
      this.storage.hasConversation = true;
      // The stream opened before there was a conversation waits for one on the server; follow the new one at once
      // and from its start, so the first reply streams from its first delta (what was already shown is de-duplicated).
      if (firstOfConversation && this.events) {
        this.lastEventId ??= '0-0';
        this.openEvents();
      }
      // Unless its message.created came first and already claimed the bubble.
      const i = this.pending.indexOf(entry);
      if (i >= 0) {
        this.pending.splice(i, 1);
        el.classList.remove('pending');
        if (!this.shown.has(res.id)) this.shown.set(res.id, el);
      }
      if (this.view.alert.dataset.kind === 'error') this.clearAlert();
    } catch (e) {
      // Take the bubble back and give the visitor their text again, with the reason in words (unless the server
      // already announced the message as stored, e.g. only connecting the event stream failed).
      const i = this.pending.indexOf(entry);
      if (i >= 0) {
        this.pending.splice(i, 1);
        el.remove();
      }
      if (i >= 0 && !v.input.value) {
        v.input.value = text;
        this.onInput();
      }
      this.showError(e);
    }
  }

  private startWait(seconds: number): void {
    this.waitUntil = Date.now() + seconds * 1000;
    const v = this.view;
    v.send.disabled = true;
    clearInterval(this.waitTimer);
    const tick = () => {
      const left = Math.ceil((this.waitUntil - Date.now()) / 1000);
      if (left <= 0) {
        clearInterval(this.waitTimer);
        v.send.disabled = false;
        this.clearAlert(true);
        return;
      }
      this.setAlert(this.t.wait(left), 'wait');
    };
    tick();
    this.waitTimer = window.setInterval(tick, 1000);
  }

  // ---- receipts ------------------------------------------------------------------------------------------------

  private markRead(): void {
    if (!this.isOpen || document.visibilityState !== 'visible') return;
    for (const id of this.toDeliver) if (!this.reported.read.has(id)) this.toRead.add(id);
    for (const id of this.reported.delivered) if (!this.reported.read.has(id)) this.toRead.add(id);
    this.scheduleReceipts();
  }

  private scheduleReceipts(): void {
    clearTimeout(this.receiptTimer);
    this.receiptTimer = window.setTimeout(() => void this.flushReceipts(), 300);
  }

  private async flushReceipts(): Promise<void> {
    const delivered = [...this.toDeliver].filter((id) => !this.reported.delivered.has(id));
    const read = [...this.toRead].filter((id) => !this.reported.read.has(id));
    this.toDeliver.clear();
    this.toRead.clear();
    if ((!delivered.length && !read.length) || !this.session) return;
    try {
      await this.api.receipts(this.session.token, { delivered, read });
      delivered.forEach((id) => this.reported.delivered.add(id));
      read.forEach((id) => this.reported.read.add(id));
    } catch {
      // Receipts are best effort for the visitor; keep them for the next try rather than bother anyone.
      delivered.forEach((id) => this.toDeliver.add(id));
      read.forEach((id) => this.toRead.add(id));
      this.receiptTimer = window.setTimeout(() => void this.flushReceipts(), 10_000);
    }
  }

  // ---- small things --------------------------------------------------------------------------------------------

  private showError(e: unknown): void {
    const t = this.t;
    if (!(e instanceof ApiError)) {
      console.error('Confab widget:', e);
      return this.setAlert(t.notSent, 'error');
    }
    if (e.kind === 'rate_limited') return this.startWait(e.retryAfterSeconds);
    const text =
      e.kind === 'network'
        ? t.offline
        : e.kind === 'forbidden' && /origin/i.test(e.message)
          ? t.notAllowed
          : e.kind === 'unauthorized' || e.kind === 'forbidden'
            ? t.identity
            : e.kind === 'invalid'
              ? /too long|text/i.test(e.message) && this.view.input.value.length > this.config.maxMessageLength
                ? t.tooLong(this.config.maxMessageLength)
                : `${t.notSent} (${e.message})`
              : e.kind === 'server' || e.kind === 'not_found'
                ? t.unavailable
                : t.notSent;
    this.setAlert(text, 'error');
  }

  private setAlert(text: string, kind: string): void {
    this.view.alert.textContent = text;
    this.view.alert.dataset.kind = kind;
  }

  private clearAlert(endWait = false): void {
    // The countdown owns the line until it ends.
    if (this.view.alert.dataset.kind === 'wait' && !endWait) return;
    this.view.alert.textContent = '';
    delete this.view.alert.dataset.kind;
  }

  private updateBadge(): void {
    const b = this.view.badge;
    b.hidden = this.unread === 0;
    b.textContent = this.unread > 9 ? '9+' : String(this.unread);
    this.view.launcher.title = this.unread ? this.t.unread(this.unread) : '';
  }

  private scrollDown(): void {
    const log = this.view.log;
    log.scrollTop = log.scrollHeight;
  }
}
