import { splitForWhatsApp, toWhatsAppText } from './text-format';

describe('toWhatsAppText', () => {
  it.each([
    ['**bold** and __also bold__', '*bold* and *also bold*'],
    ['*italic* and _italic_', '_italic_ and _italic_'],
    ['**bold** then *italic* in one line', '*bold* then _italic_ in one line'],
    ['***both***', '*_both_*'],
    ['~~gone~~', '~gone~'],
    ['# Opening hours', '*Opening hours*'],
    ['## Use **C#** ##', '*Use C#*'],
    ['See [our menu](https://example.com/menu?day=sun).', 'See our menu (https://example.com/menu?day=sun).'],
    ['[https://example.com](https://example.com) and <https://example.org>', 'https://example.com and https://example.org'],
    ['![map](https://example.com/map.png)', 'map (https://example.com/map.png)'],
    ['- one\n* two\n+ three\n  - nested', '- one\n- two\n- three\n  - nested'],
    ['1. first\n2. second', '1. first\n2. second'],
    ['> quoted', '> quoted'],
    ['<p>Hello<br/>world</p>', 'Hello\nworld'],
    ['a < b and c > d', 'a < b and c > d'],
    ['snake_case_name and 2*3*4', 'snake_case_name and 2*3*4'],
    ['Title\n\n---\n\nBody', 'Title\n\nBody'],
    ['one\n\n\n\n\ntwo  ', 'one\n\ntwo'],
  ])('%j → %j', (input, expected) => {
    expect(toWhatsAppText(input)).toBe(expected);
  });

  it('leaves inline code untouched, backticks included', () => {
    expect(toWhatsAppText('Run `npm **run** _x_` now')).toBe('Run `npm **run** _x_` now');
  });

  it('keeps code fences but drops the language tag WhatsApp would print', () => {
    expect(toWhatsAppText('Try:\n\n```ts\nconst a = **b**; // [x](y)\n```\nDone')).toBe('Try:\n\n```\nconst a = **b**; // [x](y)\n```\nDone');
  });

  it('normalises CRLF and strips private-use sentinels from the input', () => {
    expect(toWhatsAppText('a\r\n\uE0010\uE001b')).toBe('a\n0b');
  });
});

describe('splitForWhatsApp', () => {
  it('returns short text as one part and blank text as none', () => {
    expect(splitForWhatsApp('  Hello  ')).toEqual(['Hello']);
    expect(splitForWhatsApp(' \n\n ')).toEqual([]);
  });

  it('splits on paragraph boundaries first and packs paragraphs greedily', () => {
    const p = (c: string) => c.repeat(30);
    expect(splitForWhatsApp([p('a'), p('b'), p('c')].join('\n\n'), 70)).toEqual([`${p('a')}\n\n${p('b')}`, p('c')]);
  });

  it('falls back to sentences inside a long paragraph', () => {
    const text = 'First sentence here. Second one is here! Third? Fourth sentence ends.';
    expect(splitForWhatsApp(text, 42)).toEqual(['First sentence here. Second one is here!', 'Third? Fourth sentence ends.']);
  });

  it('falls back to words, then to a hard cut, never exceeding max', () => {
    expect(splitForWhatsApp('alpha beta gamma delta', 11)).toEqual(['alpha beta', 'gamma delta']);
    expect(splitForWhatsApp('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  it('does not cut an emoji in half', () => {
    const parts = splitForWhatsApp('aaaa😀bbbb', 5);
    expect(parts.join('')).toBe('aaaa😀bbbb');
    expect(parts.every((p) => p.length <= 5 && !/[\uD800-\uDBFF]$/.test(p))).toBe(true);
  });

  it('splits a 10,000-character reply into ≤ 4096 parts in order with nothing lost', () => {
    const paragraphs = Array.from({ length: 40 }, (_, i) => `Paragraph ${i}. ` + Array(9).fill('We open at ten on Sundays.').join(' '));
    const text = paragraphs.join('\n\n');
    const parts = splitForWhatsApp(text);
    expect(text.length).toBeGreaterThan(10_000);
    expect(parts.length).toBe(3);
    expect(parts.every((p) => p.length > 0 && p.length <= 4096)).toBe(true);
    expect(parts.join('\n\n')).toBe(text);
  });

  it('closes and reopens a code block cut across parts', () => {
    const code = Array.from({ length: 60 }, (_, i) => `line ${i}`).join('\n');
    const parts = splitForWhatsApp(`Intro\n\n\`\`\`\n${code}\n\`\`\`\n\nOutro`, 200);
    expect(parts.length).toBeGreaterThan(2);
    expect(parts[0]!.startsWith('Intro\n\n```\nline 0')).toBe(true);
    expect(parts.at(-1)!.endsWith('```\n\nOutro')).toBe(true);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(200);
      expect(p.split('```').length % 2).toBe(1); // an even number of fences: balanced
    }
  });

  it('rejects a non-positive max', () => {
    expect(() => splitForWhatsApp('x', 0)).toThrow(RangeError);
  });
});
