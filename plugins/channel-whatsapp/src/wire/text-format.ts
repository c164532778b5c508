export { splitForWhatsApp } from './text-split';

// Private-use sentinels: they cannot collide with model output once stripped from the input below.
const CODE = '\uE000';
const BOLD = '\uE001';

/**
 * Converts the Markdown an LLM writes into WhatsApp's own markup (*bold*, _italic_, ~strike~, ```mono```,
 * `inline`, "- " lists, "> " quotes). WhatsApp has no links, headings or HTML, so those become plain text.
 * Bold is parked behind a sentinel before italics are rewritten, otherwise `**x**` would end up as `_x_`.
 */
export function toWhatsAppText(markdown: string): string {
  let s = markdown.replace(/\r\n?/g, '\n').replace(/[\uE000\uE001]/g, '');
  const code: string[] = [];
  const park = (chunk: string) => `${CODE}${code.push(chunk) - 1}${CODE}`;

  // Code first, so nothing inside it is reformatted. The fence's language tag would show as text, so drop it.
  s = s.replace(/^[ \t]*```[^\n`]*\n([\s\S]*?)\n?[ \t]*```[ \t]*$/gm, (_m, body: string) => park('```\n' + body + '\n```'));
  s = s.replace(/`([^`\n]+)`/g, (m) => park(m));

  s = s.replace(/<br\s*\/?>/gi, '\n');
  s = s.replace(/<(https?:\/\/[^>\s]+)>/g, '$1');
  s = s.replace(/<\/?[a-zA-Z][^<>\n]*>/g, '');

  s = s.replace(/!\[([^\]\n]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g, (_m, alt: string, url: string) => (alt ? `${alt} (${url})` : url));
  s = s.replace(/\[([^\]\n]+)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g, (_m, label: string, url: string) =>
    label === url || label === url.replace(/^mailto:/, '') ? url : `${label} (${url})`,
  );

  // Horizontal rules carry no meaning in a chat bubble; before bullets so "* * *" is not read as a list item.
  s = s.replace(/^[ \t]*([-*_])([ \t]*\1){2,}[ \t]*$/gm, '');
  s = s.replace(/^(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/gm, (_m, _h: string, title: string) => `${BOLD}${stripEmphasis(title)}${BOLD}`);
  s = s.replace(/^([ \t]*)[-*+][ \t]+/gm, '$1- ');

  s = s.replace(/\*\*\*(?=\S)([^\n]*?\S)\*\*\*/g, `${BOLD}_$1_${BOLD}`);
  s = s.replace(/\*\*(?=\S)([^\n]*?\S)\*\*/g, `${BOLD}$1${BOLD}`);
  s = s.replace(/(^|[^\w])__(?=\S)([^\n]*?\S)__(?!\w)/g, `$1${BOLD}$2${BOLD}`);
  s = s.replace(/(^|[^*\w])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![*\w])/g, '$1_$2_');
  s = s.replace(/~~(?=\S)([^\n]*?\S)~~/g, '~$1~');
  s = s.split(BOLD).join('*');

  s = s.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim();
  return s.replace(new RegExp(`${CODE}(\\d+)${CODE}`, 'g'), (_m, i: string) => code[Number(i)] ?? '');
}

/** A heading is already rendered bold, and WhatsApp does not nest *…* inside *…*. */
function stripEmphasis(title: string): string {
  return title.replace(/\*\*|__/g, '').replace(/(^|\s)[*_](\S[^*_]*?)[*_](?=\s|$)/g, '$1$2');
}
