import { patternProblem } from './pattern-safety';

const LEGIT = [
  // email-ish
  '[^@\\s]+@[^@\\s]+\\.[^@\\s]+',
  '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}',
  '[\\w.+-]+@([a-z0-9-]+\\.)+[a-z]{2,}',
  // postcodes
  '\\d{5}',
  '\\d{5}(-\\d{4})?',
  '\\d{4} ?[A-Z]{2}',
  '[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2}',
  '[A-Z]\\d[A-Z] ?\\d[A-Z]\\d',
  // order ids and similar
  '[A-Z]{2}-\\d{4}',
  '(ORD|INV)-\\d{6}',
  '#?\\d{4,10}',
  'A-\\d+',
  '(?:DE|DK)\\d{8,9}',
  '[A-Z]{2}\\d{2}[A-Z0-9]{11,30}',
  '[a-z0-9]+(-[a-z0-9]+)*',
  '\\d{1,3}(,\\d{3})*(\\.\\d+)?',
  '([01]\\d|2[0-3]):[0-5]\\d',
  '\\+?[0-9 ]{6,20}',
  'cat|dog',
  '(?<prefix>[A-Z]{3})-\\d+',
  '\\d+\\d+\\d+',
  '[\\u4e00-\\u9fff]+',
];

const EVIL: Array<[string, RegExp]> = [
  ['(a+)+', /nests quantifiers in \(a\+\)\+/],
  ['(a*)*', /repeats \(a\*\)\*, whose inside can match nothing/],
  ['(a|a)*', /repeats a choice whose branches can match alike in \(a\|a\)\*/],
  ['(a|aa)+', /branches can match alike/],
  ['(a|b|ab)*c', /branches can match alike/],
  ['(x+x+)+y', /nests quantifiers/],
  ['(\\w+\\s?)+', /nests quantifiers/],
  ['(\\d+)*\\.', /nests quantifiers/],
  ['^(([a-z])+.)+[A-Z]([a-z])+$', /nests quantifiers/],
  ['(.*a){12}', /nests quantifiers/],
  ['(?:[a-z]{1,3}){2,5}', /nests quantifiers/],
  ['(?=(a+)+)b', /nests quantifiers/],
  ['([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))', /nests quantifiers/],
  ['(\\w)\\1', /backreferences/],
  ['(?<x>a)\\k<x>', /backreferences/],
  ['\\d*\\d*\\d*\\d*x', /too many quantifiers in a row/],
  ['.*a.*a.*a.*a.*b', /too many quantifiers in a row/],
  [`${'a?'.repeat(20)}${'a'.repeat(20)}`, /too many quantifiers in a row/],
  [`${'(a|a)'.repeat(16)}b`, /too many quantifiers in a row/],
];

/** Inputs that make a backtracking engine try every split: a long run of one kind of character, then a misfit. */
const adversarial = ['a', '1', 'A', '.', '@', ' ', '-', 'a.', 'a1', '@.', 'aA1-'].flatMap((unit) => {
  const run = unit.repeat(Math.ceil(200 / unit.length)).slice(0, 199);
  return [`${run}!`, `${run}\n`, `x${run}`];
});

describe('patternProblem', () => {
  it.each(LEGIT)('accepts the everyday pattern %s', (pattern) => {
    expect(patternProblem(pattern)).toBeNull();
  });

  it.each(EVIL)('refuses the catastrophic pattern %s, saying why', (pattern, why) => {
    expect(patternProblem(pattern)).toMatch(why);
  });

  it('runs every accepted pattern on 200-character adversarial input in a few milliseconds', () => {
    const slow = LEGIT.filter((pattern) => {
      const re = new RegExp(`^(?:${pattern})$`);
      const began = performance.now();
      for (const input of adversarial) re.test(input);
      return performance.now() - began > 100;
    });
    expect(slow).toEqual([]);
  });

  it('refuses empty, overlong and uncompilable patterns', () => {
    expect(patternProblem('')).toBe('pattern must not be empty');
    expect(patternProblem('a'.repeat(201))).toBe('pattern must be at most 200 characters');
    expect(patternProblem('a'.repeat(200))).toBeNull();
    expect(patternProblem('([a-z')).toBe('pattern must be a valid JavaScript regular expression');
  });

  it('reads literal braces, classes with brackets and escapes without tripping', () => {
    expect(patternProblem('a{,5}')).toBeNull();
    expect(patternProblem('[\\]\\[{}]+')).toBeNull();
    expect(patternProblem('\\u0041\\x42\\cJ\\0[^]')).toBeNull();
    expect(patternProblem('(?<=x)y(?!z)')).toBeNull();
  });
});
