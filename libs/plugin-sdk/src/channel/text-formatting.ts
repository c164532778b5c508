import type { ChannelPlugin } from './channel.contract';

/**
 * Flavours the SDK can produce without help from the channel. Any other flavour name is the channel's own and it
 * must supply `formatText`; 'whatsapp' is one of those (the WhatsApp plugin owns its markup).
 */
export const BUILT_IN_FORMATTINGS = ['markdown', 'plain'] as const;

/** A flavour name: lower-case letters, digits, '-' and '_' (e.g. 'markdown', 'whatsapp', 'slack_mrkdwn'). */
export const FORMATTING_NAME = /^[a-z][a-z0-9_-]{0,39}$/;

/**
 * Markdown without its markup, for channels that show text as typed (SMS, e-mail subjects, voice). Code keeps its
 * content, links keep their URL, list markers become "- ".
 */
export function markdownToPlainText(markdown: string): string {
  return markdown
    .replace(/\r\n?/g, '\n')
    .replace(/^[ \t]*```[^\n]*\n([\s\S]*?)\n?[ \t]*```[ \t]*$/gm, '$1')
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/!\[([^\]\n]*)\]\(([^)\s]+)[^)]*\)/g, (_m, alt: string, url: string) => (alt ? `${alt} (${url})` : url))
    .replace(/\[([^\]\n]+)\]\(([^)\s]+)[^)]*\)/g, (_m, label: string, url: string) => (label === url ? url : `${label} (${url})`))
    .replace(/^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$/gm, '')
    .replace(/^#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/gm, '$1')
    .replace(/^([ \t]*)[-*+][ \t]+/gm, '$1- ')
    .replace(/^[ \t]*>[ \t]?/gm, '')
    .replace(/(\*\*\*|\*\*|__|~~)(?=\S)([^\n]*?\S)\1/g, '$2')
    .replace(/(^|[^*\w])[*_](?=[^\s*_])([^*_\n]*?[^\s*_])[*_](?![*\w])/g, '$1$2')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * How a channel turns the model's Markdown into what it shows: its own `formatText` when it has one, else the
 * built-in formatter of the flavour it names. Undefined: the flavour is neither built in nor supplied.
 */
export function channelFormatter(plugin: Pick<ChannelPlugin<any>, 'capabilities' | 'formatText'>): ((markdown: string) => string) | undefined {
  if (typeof plugin.formatText === 'function') return (markdown) => plugin.formatText!(markdown);
  switch (plugin.capabilities.formatting) {
    case 'markdown':
      return (markdown) => markdown;
    case 'plain':
      return markdownToPlainText;
    default:
      return undefined;
  }
}
