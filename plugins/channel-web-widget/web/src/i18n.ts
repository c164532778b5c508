// The widget's own words in English and German. The connection may fix the language; otherwise the host page's
// <html lang> decides, then the browser's language.

export type Lang = 'en' | 'de';

const en = {
  open: 'Open chat',
  close: 'Close chat',
  message: 'Message',
  send: 'Send',
  defaultTitle: 'Chat',
  you: 'You',
  assistant: 'Assistant',
  agent: 'Team member',
  typing: 'Typing…',
  name: 'Name',
  email: 'Email',
  start: 'Start chat',
  prechatIntro: 'Please tell us who you are before we start.',
  required: 'Please fill in this field.',
  badEmail: 'Please enter a valid email address.',
  handover: 'A team member will take over this chat shortly.',
  closed: 'This chat was closed. Write a message to start again.',
  wait: (s: number) => `Please wait ${s} s`,
  tooLong: (n: number) => `The message is too long (at most ${n} characters).`,
  charsLeft: (n: number) => `${n} characters left`,
  offline: 'No connection to the chat. Check your internet connection and try again.',
  notSent: 'Your message could not be sent. Please try again.',
  notAllowed: 'The chat is not available on this website.',
  identity: 'We could not confirm who you are. Please sign in again or reload the page.',
  unavailable: 'The chat is not available right now. Please try again later.',
  reconnecting: 'Connection lost. Reconnecting…',
  unread: (n: number) => `${n} new`,
};

const de: typeof en = {
  open: 'Chat öffnen',
  close: 'Chat schließen',
  message: 'Nachricht',
  send: 'Senden',
  defaultTitle: 'Chat',
  you: 'Sie',
  assistant: 'Assistent',
  agent: 'Mitarbeiter:in',
  typing: 'Schreibt…',
  name: 'Name',
  email: 'E-Mail',
  start: 'Chat starten',
  prechatIntro: 'Bitte sagen Sie uns vor dem Start, wer Sie sind.',
  required: 'Bitte füllen Sie dieses Feld aus.',
  badEmail: 'Bitte geben Sie eine gültige E-Mail-Adresse ein.',
  handover: 'Ein:e Mitarbeiter:in übernimmt diesen Chat in Kürze.',
  closed: 'Dieser Chat wurde beendet. Schreiben Sie eine Nachricht, um neu zu beginnen.',
  wait: (s) => `Bitte ${s} s warten`,
  tooLong: (n) => `Die Nachricht ist zu lang (höchstens ${n} Zeichen).`,
  charsLeft: (n) => `Noch ${n} Zeichen`,
  offline: 'Keine Verbindung zum Chat. Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.',
  notSent: 'Ihre Nachricht konnte nicht gesendet werden. Bitte versuchen Sie es erneut.',
  notAllowed: 'Der Chat ist auf dieser Website nicht verfügbar.',
  identity: 'Wir konnten Sie nicht bestätigen. Bitte melden Sie sich erneut an oder laden Sie die Seite neu.',
  unavailable: 'Der Chat ist gerade nicht verfügbar. Bitte versuchen Sie es später erneut.',
  reconnecting: 'Verbindung unterbrochen. Verbinde neu…',
  unread: (n) => `${n} neu`,
};

export type Strings = typeof en;

export function pickLanguage(configured: string | undefined, pageLang: string | null | undefined, browserLang: string | undefined): Lang {
  if (configured === 'de' || configured === 'en') return configured;
  for (const candidate of [pageLang, browserLang]) {
    const base = candidate?.trim().toLowerCase().split(/[-_]/)[0];
    if (base === 'de') return 'de';
    if (base) return 'en';
  }
  return 'en';
}

export const strings = (lang: Lang): Strings => (lang === 'de' ? de : en);
