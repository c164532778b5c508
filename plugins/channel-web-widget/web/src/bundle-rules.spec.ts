import { contrastRatio, themeColors } from './contrast';
import { pickLanguage } from './i18n';
import { linkify } from './linkify';

describe('widget text rendering: links', () => {
  it('turns http(s) URLs into links and leaves the rest as text', () => {
    expect(linkify('See https://shop.example/a?b=1 now')).toEqual([
      { text: 'See ' },
      { text: 'https://shop.example/a?b=1', href: 'https://shop.example/a?b=1' },
      { text: ' now' },
    ]);
  });

  it('keeps sentence punctuation out of the link but a paired parenthesis in', () => {
    expect(linkify('Go to http://x.example/path.')).toEqual([{ text: 'Go to ' }, { text: 'http://x.example/path', href: 'http://x.example/path' }, { text: '.' }]);
    expect(linkify('(see https://en.wikipedia.org/wiki/Foo_(band))')[1]).toEqual({
      text: 'https://en.wikipedia.org/wiki/Foo_(band)',
      href: 'https://en.wikipedia.org/wiki/Foo_(band)',
    });
  });

  it('never links other schemes, and markup stays text', () => {
    for (const text of ['javascript:alert(1)', 'data:text/html,<b>x</b>', '<a href="https://x.example">x</a>', 'mailto:a@b.example']) {
      const parts = linkify(text);
      expect(parts.filter((p) => p.href && !/^https?:\/\//.test(p.href))).toEqual([]);
      expect(parts.map((p) => p.text).join('')).toBe(text);
    }
  });
});

describe('widget colours', () => {
  it('picks the text colour with WCAG AA contrast on the connection colour', () => {
    for (const color of ['#1f5fd1', '#ffd400', '#000000', '#ffffff', '#777777', '#767676', '#e91e63', '#0f0']) {
      const { background, text } = themeColors(color);
      expect({ color, ratio: contrastRatio(background, text) >= 4.5 }).toEqual({ color, ratio: true });
    }
    expect(themeColors('#ffd400').text).toBe('#111111');
    expect(themeColors('#1f5fd1').text).toBe('#ffffff');
  });

  it('falls back to the default colour for anything that is not a hex colour', () => {
    expect(themeColors('red; background:url(x)').background).toBe(themeColors(null).background);
  });
});

describe('widget language', () => {
  it('uses the connection language, else the page language, else the browser language', () => {
    expect(pickLanguage('de', 'en', 'en-US')).toBe('de');
    expect(pickLanguage('auto', 'de-AT', 'en-US')).toBe('de');
    expect(pickLanguage('auto', '', 'de-DE')).toBe('de');
    expect(pickLanguage('auto', 'fr', 'de-DE')).toBe('en');
    expect(pickLanguage(undefined, null, undefined)).toBe('en');
  });
});
