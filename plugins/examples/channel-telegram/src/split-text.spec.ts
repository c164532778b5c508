import { splitText } from './split-text';

describe('splitText', () => {
  it('leaves a short text whole', () => {
    expect(splitText('hello', 10)).toEqual(['hello']);
  });

  it('breaks at a paragraph or line before a word, and keeps every part within the limit', () => {
    expect(splitText('first part here\n\nsecond part', 20)).toEqual(['first part here', 'second part']);
    const parts = splitText('word '.repeat(100), 42);
    expect(parts.every((p) => p.length <= 42)).toBe(true);
    expect(parts.join(' ')).toBe('word '.repeat(100).trim());
  });

  it('cuts a text without breaks at the limit, never inside an emoji', () => {
    expect(splitText('a'.repeat(25), 10)).toEqual(['a'.repeat(10), 'a'.repeat(10), 'a'.repeat(5)]);
    const parts = splitText('aaaa😀bbbb', 5);
    expect(parts).toEqual(['aaaa', '😀bbb', 'b']);
  });
});
