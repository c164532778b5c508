// WCAG 2.x relative luminance and contrast ratio, used to pick a readable text colour for the connection's colour.
// Pure: the size test and the unit test import it without a DOM.

export const DEFAULT_COLOR = '#1f5fd1';
const DARK = '#111111';
const LIGHT = '#ffffff';

/** `#rgb` or `#rrggbb` (any case) to its three channels; null for anything else, so bad config falls back. */
export function parseHex(color: string): [number, number, number] | null {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!m) return null;
  const hex = m[1].length === 3 ? m[1].replace(/./g, (c) => c + c) : m[1];
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

export function luminance([r, g, b]: [number, number, number]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrastRatio(a: string, b: string): number {
  const la = luminance(parseHex(a)!), lb = luminance(parseHex(b)!);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * The connection colour and the text colour to put on it. White or near-black, whichever contrasts more; if even the
 * better one misses WCAG AA for normal text (4.5:1, only for mid-greys around #777), the background is darkened
 * until it passes, because the tenant's brand colour matters less than a readable chat.
 */
export function themeColors(input: string | null | undefined): { background: string; text: string } {
  let rgb = parseHex(input ?? '') ?? parseHex(DEFAULT_COLOR)!;
  for (let i = 0; i < 20; i++) {
    const bg = toHex(rgb);
    const text = contrastRatio(bg, LIGHT) >= contrastRatio(bg, DARK) ? LIGHT : DARK;
    if (contrastRatio(bg, text) >= 4.5) return { background: bg, text };
    rgb = rgb.map((c) => Math.round(c * 0.9)) as [number, number, number];
  }
  return { background: toHex(rgb), text: LIGHT };
}

function toHex(rgb: number[]): string {
  return '#' + rgb.map((c) => c.toString(16).padStart(2, '0')).join('');
}
