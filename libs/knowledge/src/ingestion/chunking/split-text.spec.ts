import { estimateTokens } from './estimate-tokens';
import { packUnits, sentenceUnits, splitText, tailOverlap } from './split-text';

describe('estimateTokens', () => {
  it('counts about four characters per token, rounding up', () => {
    expect([estimateTokens(''), estimateTokens('abc'), estimateTokens('abcd'), estimateTokens('abcde')]).toEqual([0, 1, 1, 2]);
  });
});

describe('sentenceUnits', () => {
  it('splits after sentence punctuation before a capital or digit, and at line breaks, losing nothing', () => {
    const text = 'Open at 9:00. Closed on Sundays! Is it 3.5 km? "Yes." 2 bikes left\nnext line e.g. here';
    const units = sentenceUnits(text);
    expect(units.join('')).toBe(text);
    expect(units.map((u) => u.trim())).toEqual(['Open at 9:00.', 'Closed on Sundays!', 'Is it 3.5 km?', '"Yes."', '2 bikes left', 'next line e.g. here']);
  });
});

describe('splitText / packUnits', () => {
  it('packs whole sentences up to the budget', () => {
    expect(splitText('One two three. Four five six. Seven eight nine.', 8)).toEqual(['One two three. Four five six.', 'Seven eight nine.']);
  });

  it('falls back to words, then characters, for units that are too long', () => {
    expect(packUnits(['aaaa bbbb cccc dddd'], 2)).toEqual(['aaaa', 'bbbb', 'cccc', 'dddd']);
    expect(packUnits(['x'.repeat(20)], 2)).toEqual(['xxxxxxxx', 'xxxxxxxx', 'xxxx']);
  });
});

describe('tailOverlap', () => {
  const text = 'First sentence here. Second one. Third and last.';

  it('takes whole sentences from the end within the budget', () => {
    expect(tailOverlap(text, 9)).toBe('Second one. Third and last.');
    expect(tailOverlap(text, 5)).toBe('Third and last.');
  });

  it('accepts a slightly longer last sentence, then falls back to its last words', () => {
    expect(tailOverlap(text, 3)).toBe('Third and last.');
    expect(tailOverlap(text, 2)).toBe('last.');
    expect(tailOverlap('A rather long closing sentence.', 6)).toBe('A rather long closing sentence.');
    expect(tailOverlap('A rather long closing sentence.', 6, 5)).toBe('closing sentence.');
  });

  it('returns nothing when only whole units may be repeated and none fits', () => {
    expect(tailOverlap('- a very long list item that does not fit', 3, 3, true)).toBe('');
    expect(tailOverlap(text, 0)).toBe('');
  });
});
