// The widget's DOM: launcher, panel (header, message log, typing line, alert line, composer or pre-chat form) and
// message bubbles. No state lives here; chat.ts decides what to show.

import type { LiveMessage, WidgetConfig } from './api';
import { h, icon, ICON_CHAT, ICON_CLOSE, ICON_SEND } from './dom';
import type { Strings } from './i18n';
import { linkify } from './linkify';

export interface View {
  root: HTMLElement;
  launcher: HTMLButtonElement;
  badge: HTMLElement;
  panel: HTMLElement;
  closeButton: HTMLButtonElement;
  log: HTMLElement;
  typing: HTMLElement;
  alert: HTMLElement;
  compose: HTMLFormElement;
  input: HTMLTextAreaElement;
  send: HTMLButtonElement;
  count: HTMLElement;
}

export function buildView(t: Strings, config: WidgetConfig, theme: { background: string; text: string; focus: string }): View {
  const badge = h('span', { class: 'badge', 'aria-hidden': 'true', hidden: true });
  const launcher = h('button', { type: 'button', class: 'launcher', 'aria-expanded': 'false', 'aria-controls': 'cw-panel', 'aria-label': t.open }, icon(ICON_CHAT), badge);
  const title = config.title || t.defaultTitle;
  const log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': title, tabindex: '0' });
  const typing = h('div', { class: 'typing', hidden: true }, h('span', { class: 'dots', 'aria-hidden': 'true' }, h('i'), h('i'), h('i')), t.typing);
  const alert = h('div', { class: 'alert', role: 'status' });
  const input = h('textarea', { id: 'cw-input', rows: '1', maxlength: String(config.maxMessageLength), 'aria-label': t.message, placeholder: t.message + '…', autocomplete: 'off' });
  const send = h('button', { type: 'submit', class: 'send', 'aria-label': t.send }, icon(ICON_SEND));
  const count = h('div', { class: 'count', 'aria-live': 'polite' });
  const compose = h('form', { class: 'compose' }, input, send);
  const closeButton = h('button', { type: 'button', class: 'x', 'aria-label': t.close }, icon(ICON_CLOSE));
  const panel = h(
    'div',
    { id: 'cw-panel', class: 'panel', role: 'dialog', 'aria-label': title, hidden: true },
    h('div', { class: 'head' }, h('h2', {}, title), closeButton),
    log,
    typing,
    alert,
    count,
    compose,
  );
  const root = h('div', { class: `root ${config.position === 'left' ? 'left' : 'right'}` }, panel, launcher);
  root.style.setProperty('--bg', theme.background);
  root.style.setProperty('--fg', theme.text);
  root.style.setProperty('--focus', theme.focus);
  if (config.greeting) {
    // Shown, not stored: no id, no receipts, and it stays when the conversation on screen is swapped.
    const greeting = messageView(t, { author: 'assistant', text: config.greeting });
    greeting.classList.add('greeting');
    log.append(greeting);
  }
  return { root, launcher, badge, panel, closeButton, log, typing, alert, compose, input, send, count };
}

export function note(text: string, kind: string): HTMLElement {
  return h('p', { class: `note ${kind}` }, text);
}

/** A message as the visitor sees it; `streaming` bubbles are hidden from screen readers until the final text. */
export function messageView(t: Strings, m: Pick<LiveMessage, 'author' | 'text' | 'agentName'>, streaming = false): HTMLElement {
  if (m.author === 'system') return note(m.text, 'system');
  const who =
    m.author === 'agent'
      ? h('span', { class: 'who' }, m.agentName || t.agent)
      : h('span', { class: 'who sr' }, `${m.author === 'customer' ? t.you : t.assistant}:`);
  const bubble = h('div', { class: 'bubble' });
  if (streaming) bubble.textContent = m.text;
  else
    for (const part of linkify(m.text))
      bubble.append(part.href ? h('a', { href: part.href, target: '_blank', rel: 'noopener noreferrer nofollow' }, part.text) : part.text);
  return h('div', { class: `msg ${m.author}`, 'aria-hidden': streaming ? 'true' : undefined }, who, bubble);
}

export interface PreChatFields {
  name?: string;
  email?: string;
}

/** The pre-chat form; resolves through `onSubmit` once the asked-for fields are filled in and plausible. */
export function preChatForm(t: Strings, ask: { name: boolean; email: boolean }, onSubmit: (fields: PreChatFields) => void): HTMLFormElement {
  const field = (key: 'name' | 'email', label: string, type: string, autocomplete: string) => {
    const input = h('input', { id: `cw-${key}`, name: key, type, autocomplete, required: true, 'aria-describedby': `cw-${key}-err` });
    const err = h('span', { id: `cw-${key}-err`, class: 'err' });
    return { input, err, el: h('label', {}, label, input, err) };
  };
  const name = ask.name ? field('name', t.name, 'text', 'name') : null;
  const email = ask.email ? field('email', t.email, 'email', 'email') : null;
  const form = h('form', { class: 'pre', novalidate: true }, h('p', {}, t.prechatIntro), name?.el, email?.el, h('button', { type: 'submit', class: 'primary' }, t.start));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    let ok = true;
    for (const [f, check] of [
      [name, (v: string) => (v ? '' : t.required)],
      [email, (v: string) => (!v ? t.required : /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) ? '' : t.badEmail)],
    ] as const) {
      if (!f) continue;
      const problem = check(f.input.value.trim());
      f.err.textContent = problem;
      f.input.setAttribute('aria-invalid', problem ? 'true' : 'false');
      if (problem && ok) f.input.focus();
      ok &&= !problem;
    }
    if (ok) onSubmit({ name: name?.input.value.trim() || undefined, email: email?.input.value.trim() || undefined });
  });
  return form;
}
