// Entry of widget.js. The host page adds one tag, <script src="{platform}/widget.js" data-key="wk_..." async>;
// everything else is found from that tag. The only global is window.ConfabWidget.

import { ApiError, WidgetApi, type Identity } from './api';
import { Chat } from './chat';
import { contrastRatio, themeColors } from './contrast';
import { pickLanguage, strings } from './i18n';
import { WidgetStorage } from './storage';
import { CSS } from './styles';
import { buildView } from './view';

type Call = [string, ...unknown[]];
interface PublicApi {
  identify(identity: Identity): void;
  open(): void;
  close(): void;
  q?: (Call | IArguments)[];
}
declare global {
  interface Window {
    ConfabWidget?: Partial<PublicApi>;
  }
}

// Only readable while the script's top level runs, so before any await.
const script = document.currentScript as HTMLScriptElement | null;

class ConfabWidgetElement extends HTMLElement {}

async function boot(): Promise<void> {
  const key = script?.dataset.key;
  if (!script || !key) return console.error('Confab widget: the <script> tag needs a data-key attribute.');
  if (document.querySelector('confab-widget')) return; // the tag was added twice
  const api = new WidgetApi(new URL(script.src).origin, key);

  // Calls made before the bundle arrived (the snippet's queue) and after it: identify before any session exists.
  const stub = window.ConfabWidget;
  let chat: Chat | null = null;
  const early: Call[] = [];
  const run = (c: Call | IArguments) => {
    const [method, ...args] = Array.from(c as ArrayLike<unknown>) as Call;
    if (!chat) early.push([method, ...args]);
    else if (method === 'identify') chat.identify(args[0] as Identity);
    else if (method === 'open') chat.open();
    else if (method === 'close') chat.close();
    else console.error(`ConfabWidget.${method} is not a function of the widget`);
  };
  const publicApi: PublicApi = {
    identify: (identity) => run(['identify', identity]),
    open: () => run(['open']),
    close: () => run(['close']),
  };
  window.ConfabWidget = publicApi;
  for (const c of stub?.q ?? []) run(c);

  let config;
  try {
    config = await api.config();
  } catch (e) {
    // A page whose origin is not allowed gets no CORS answer, which looks like a network failure from here. Either
    // way there is no chat to offer, and a launcher that cannot work would only frustrate visitors.
    const why = e instanceof ApiError && e.kind === 'network' ? ' (is this site among the widget\'s allowed origins?)' : '';
    return console.error(`Confab widget: could not load the widget settings${why}:`, e instanceof Error ? e.message : e);
  }

  const lang = pickLanguage(config.language, document.documentElement.lang, navigator.language);
  const t = strings(lang);
  const theme = themeColors(config.color);
  // Focus rings sit on the white panel too, so a light brand colour gets a dark ring (3:1 for non-text contrast).
  const focus = contrastRatio(theme.background, '#ffffff') >= 3 ? theme.background : '#1a1a1a';
  const view = buildView(t, config, { ...theme, focus });
  view.root.lang = lang;

  if (!customElements.get('confab-widget')) customElements.define('confab-widget', ConfabWidgetElement);
  const host = document.createElement('confab-widget');
  if (config.position === 'left') host.dataset.position = 'left';
  const shadow = host.attachShadow({ mode: 'open' });
  // A constructed sheet is not subject to the host page's CSP style-src; <style> is the fallback for old browsers.
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    shadow.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = CSS;
    shadow.append(style);
  }
  shadow.append(view.root);
  document.body.append(host);
  // In the top layer the page's ancestors cannot reach the widget either: opacity, filter or transform on <html>
  // or <body> would otherwise fade it or break its fixed position. Without popover support it stays in the page.
  try {
    host.popover = 'manual';
    host.showPopover();
  } catch {
    /* older browser: fixed position in the page is the fallback */
  }

  chat = new Chat(api, new WidgetStorage(key), config, view, t, lang);
  for (const c of early.splice(0)) run(c);
  chat.start();
}

if (document.body) void boot();
else document.addEventListener('DOMContentLoaded', () => void boot(), { once: true });
