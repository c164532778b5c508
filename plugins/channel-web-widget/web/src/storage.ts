// Where the widget keeps its state in the host page. The visitor id lives in localStorage (per public key) so a
// reload or a second tab continues the same conversation; the session token lives in sessionStorage only, so it
// dies with the tab. Storage can be blocked (privacy settings, sandboxed iframes): then memory is used and the
// visitor is anonymous for this page view.

import type { Session } from './api';

const memory = new Map<string, string>();

function read(store: () => Storage, key: string): string | null {
  try {
    return store().getItem(key);
  } catch {
    return memory.get(key) ?? null;
  }
}

function write(store: () => Storage, key: string, value: string | null): void {
  try {
    if (value === null) store().removeItem(key);
    else store().setItem(key, value);
  } catch {
    if (value === null) memory.delete(key);
    else memory.set(key, value);
  }
}

export interface StoredSession extends Session {
  /** The verified user the token was made for; a different identify() needs a new session. */
  userId: string | null;
}

export class WidgetStorage {
  constructor(private readonly publicKey: string) {}

  get visitorId(): string | null {
    return read(() => localStorage, `confab:${this.publicKey}:visitor`);
  }

  set visitorId(id: string | null) {
    write(() => localStorage, `confab:${this.publicKey}:visitor`, id);
  }

  /** Set once the visitor has written: on the next page the widget reconnects at once to show replies live. */
  get hasConversation(): boolean {
    return read(() => localStorage, `confab:${this.publicKey}:active`) === '1';
  }

  set hasConversation(yes: boolean) {
    write(() => localStorage, `confab:${this.publicKey}:active`, yes ? '1' : null);
  }

  get session(): StoredSession | null {
    const raw = read(() => sessionStorage, `confab:${this.publicKey}:session`);
    if (!raw) return null;
    try {
      const s = JSON.parse(raw) as StoredSession;
      return Date.parse(s.expiresAt) - Date.now() > 60_000 ? s : null;
    } catch {
      return null;
    }
  }

  set session(s: StoredSession | null) {
    write(() => sessionStorage, `confab:${this.publicKey}:session`, s && JSON.stringify(s));
  }
}
