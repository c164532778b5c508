/**
 * Just enough of a JavaScript regular expression parser (no flags, Annex B syntax) to judge how matching backtracks.
 * Callers first check that `new RegExp(pattern)` compiles, so the parser may assume well-formed input.
 */
export type PatternNode =
  /** One character: a literal, an escape such as \d, a class such as [a-z], or '.'. `source` matches exactly it. */
  | { kind: 'char'; source: string }
  /** ^ $ \b \B: matches no character. */
  | { kind: 'assert' }
  | { kind: 'backref' }
  /** Alternatives of sequences; a lookaround matches no character of its own. */
  | { kind: 'group'; branches: PatternNode[][]; look: boolean }
  | { kind: 'repeat'; body: PatternNode; min: number; max: number; source: string };

export interface ParsedPattern {
  branches: PatternNode[][];
  /** Code units the pattern names (literals, range ends): where two character sets may start or stop overlapping. */
  named: number[];
}

const SIMPLE_ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, v: 11, '0': 0 };

export function parsePattern(pattern: string): ParsedPattern {
  let i = 0;
  const named: number[] = [];
  const peek = (ahead = 0) => pattern[i + ahead];

  /** Reads the escape after a backslash (i is past it), recording the code unit it names, if any. */
  function escape(): 'class' | 'assert' | 'backref' | 'char' {
    const c = pattern[i++];
    if (/[1-9]/.test(c)) {
      while (/\d/.test(peek() ?? '')) i++;
      return 'backref';
    }
    if (c === 'k' && peek() === '<') return 'backref';
    if (c === 'b' || c === 'B') return 'assert';
    if ('dDwWsS'.includes(c)) return 'class';
    const hex = c === 'u' ? /^[0-9a-fA-F]{4}/.exec(pattern.slice(i)) : c === 'x' ? /^[0-9a-fA-F]{2}/.exec(pattern.slice(i)) : null;
    if (hex) {
      i += hex[0].length;
      named.push(parseInt(hex[0], 16));
    } else if (c === 'c' && /[A-Za-z]/.test(peek() ?? '')) {
      named.push(pattern.charCodeAt(i++) % 32);
    } else {
      named.push(SIMPLE_ESCAPES[c] ?? c.charCodeAt(0));
    }
    return 'char';
  }

  function charClass(): void {
    if (peek() === '^') i++;
    while (i < pattern.length && peek() !== ']') {
      if (pattern[i++] === '\\') escape();
      else named.push(pattern.charCodeAt(i - 1));
    }
    i++; // the closing ]
  }

  function atom(): PatternNode {
    const start = i;
    const c = pattern[i++];
    if (c === '(') {
      let look = false;
      if (peek() === '?') {
        const kind = /^\?(:|=|!|<=|<!|<[^>]*>)/.exec(pattern.slice(i))![0];
        look = ['?=', '?!', '?<=', '?<!'].includes(kind);
        i += kind.length;
      }
      const branches = alternation();
      i++; // the closing )
      return { kind: 'group', branches, look };
    }
    if (c === '[') {
      charClass();
      return { kind: 'char', source: pattern.slice(start, i) };
    }
    if (c === '\\') {
      const kind = escape();
      if (kind === 'backref' || kind === 'assert') return { kind };
      return { kind: 'char', source: pattern.slice(start, i) };
    }
    if (c === '^' || c === '$') return { kind: 'assert' };
    if (c !== '.') named.push(c.charCodeAt(0));
    return { kind: 'char', source: c === '.' ? '.' : pattern.slice(start, i) };
  }

  /** A quantifier after an atom, if any, as [min, max]; a '{' that does not start one is a literal. */
  function quantifier(): [number, number] | null {
    const c = peek();
    let range: [number, number] | null = null;
    if (c === '*') range = [0, Infinity];
    else if (c === '+') range = [1, Infinity];
    else if (c === '?') range = [0, 1];
    if (range) i++;
    const braces = c === '{' ? /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i)) : null;
    if (braces) {
      i += braces[0].length;
      range = [Number(braces[1]), braces[2] === undefined ? Number(braces[1]) : braces[3] === '' ? Infinity : Number(braces[3])];
    }
    if (range && peek() === '?') i++; // lazy: same backtracking, other order
    return range;
  }

  function sequence(): PatternNode[] {
    const items: PatternNode[] = [];
    while (i < pattern.length && peek() !== '|' && peek() !== ')') {
      const start = i;
      const node = atom();
      const range = node.kind === 'assert' ? null : quantifier();
      items.push(range ? { kind: 'repeat', body: node, min: range[0], max: range[1], source: pattern.slice(start, i) } : node);
    }
    return items;
  }

  function alternation(): PatternNode[][] {
    const branches = [sequence()];
    while (peek() === '|') {
      i++;
      branches.push(sequence());
    }
    return branches;
  }

  return { branches: alternation(), named };
}
