import { parsePattern, type PatternNode } from './parse-pattern';

export const MAX_PATTERN_LENGTH = 200;
/** The longest value a pattern is ever run on; the budget below is measured against it. */
export const PATTERN_VALUE_MAX_LENGTH = 200;
/**
 * How many ways a pattern may have to match one text before it is refused. JavaScript backtracks through all of them
 * when a value fails; 200² of them (e.g. \d+\d+\d+ against 200 digits and a letter) take about 10 ms.
 */
const MAX_WAYS = PATTERN_VALUE_MAX_LENGTH ** 2;
const REWRITE = 'matching could take very long on some input, so rewrite it such that each part of a text can match in only one way';

type Bits = boolean[];

interface Facts {
  min: number;
  max: number;
  /** Characters the part can consume anywhere, and as its first one (over the sample alphabet). */
  chars: Bits;
  first: Bits;
  /** Estimated number of ways the part can match one text. */
  ways: number;
  /** An alternation whose branches can start alike, so the engine may try both on one text. */
  ambiguousChoice: boolean;
}

class Unsafe extends Error {}

const or = (a: Bits, b: Bits) => a.map((x, i) => x || b[i]);
const overlaps = (a: Bits, b: Bits) => a.some((x, i) => x && b[i]);
const lookaround = (n: PatternNode) => n.kind === 'assert' || (n.kind === 'group' && n.look);
/** Plain groups without alternatives are just their contents: (ab)c is abc. */
const flatten = (items: PatternNode[]): PatternNode[] => items.flatMap((n) => (n.kind === 'group' && !n.look && n.branches.length === 1 ? flatten(n.branches[0]) : [n]));

// Every ASCII character, Unicode spaces, a few others, plus the neighbours of every character the pattern names: two
// classes that overlap at all overlap on one of these, so testing them stands in for testing every character.
const BASE_SAMPLE = [...Array.from({ length: 128 }, (_, c) => c), 0xa0, 0x1680, ...Array.from({ length: 11 }, (_, k) => 0x2000 + k), 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff, 0xdf, 0xe9, 0x4e2d, 0xd83d, 0xde00, 0xffff];

class Analysis {
  private readonly sample: string[];
  private readonly none: Bits;

  constructor(named: number[]) {
    const near = named.flatMap((c) => [c - 1, c, c + 1]).filter((c) => c >= 0 && c <= 0xffff);
    this.sample = [...new Set([...BASE_SAMPLE, ...near])].map((c) => String.fromCharCode(c));
    this.none = this.sample.map(() => false);
  }

  alternation(branches: PatternNode[][]): Facts {
    const all = branches.map((b) => this.sequence(b));
    if (all.length === 1) return all[0];
    const ambiguous = all.some((f, i) => f.min === 0 || all.some((g, j) => j > i && overlaps(f.first, g.first)));
    return {
      min: Math.min(...all.map((f) => f.min)),
      max: Math.max(...all.map((f) => f.max)),
      chars: all.map((f) => f.chars).reduce(or),
      first: all.map((f) => f.first).reduce(or),
      ways: ambiguous ? all.reduce((sum, f) => sum + f.ways, 0) : Math.max(...all.map((f) => f.ways)),
      ambiguousChoice: ambiguous || all.some((f) => f.ambiguousChoice),
    };
  }

  /** Adjacent variable parts that can eat the same characters multiply the ways to split a text between them. */
  private sequence(items: PatternNode[]): Facts {
    const facts: Facts = { min: 0, max: 0, chars: this.none, first: this.none, ways: 1, ambiguousChoice: false };
    let open = true;
    let greedy: Bits | null = null; // what the variable parts since the last clear boundary can eat
    for (const part of flatten(items).map((n) => this.node(n))) {
      Object.assign(facts, { min: facts.min + part.min, max: facts.max + part.max, chars: or(facts.chars, part.chars), ways: facts.ways * part.ways });
      facts.ambiguousChoice ||= part.ambiguousChoice;
      if (open) facts.first = or(facts.first, part.first);
      open &&= part.min === 0;
      if (part.max === 0) continue;
      if (part.min !== part.max) {
        if (greedy && overlaps(greedy, part.chars)) facts.ways *= Math.min(part.max - part.min + 1, PATTERN_VALUE_MAX_LENGTH);
        greedy = greedy && overlaps(greedy, part.chars) ? or(greedy, part.chars) : part.chars;
      } else if (greedy && !overlaps(greedy, part.first)) {
        greedy = null;
      }
    }
    return facts;
  }

  private node(n: PatternNode): Facts {
    switch (n.kind) {
      case 'char': {
        const bits = this.bits(n.source);
        return { min: 1, max: 1, chars: bits, first: bits, ways: 1, ambiguousChoice: false };
      }
      case 'assert':
        return { min: 0, max: 0, chars: this.none, first: this.none, ways: 1, ambiguousChoice: false };
      case 'backref':
        throw new Unsafe(`pattern must not use backreferences such as \\1 or \\k<name>: ${REWRITE}`);
      case 'group': {
        const inner = this.alternation(n.branches);
        return n.look ? { ...inner, min: 0, max: 0, chars: this.none, first: this.none } : inner;
      }
      case 'repeat':
        return this.repeat(n);
    }
  }

  private repeat(n: Extract<PatternNode, { kind: 'repeat' }>): Facts {
    const body = this.node(n.body);
    const facts = { ...body, min: body.min * n.min, max: body.max === 0 ? 0 : body.max * n.max };
    if (n.max <= 1) return facts;
    if (body.min === 0) throw new Unsafe(`pattern repeats ${n.source}, whose inside can match nothing (as in (a*)*); ${REWRITE}`);
    if (body.ambiguousChoice) throw new Unsafe(`pattern repeats a choice whose branches can match alike in ${n.source} (as in (a|a)*); ${REWRITE}`);
    if (body.ways > 1 || (body.min !== body.max && !this.delimited(n.body))) throw new Unsafe(`pattern nests quantifiers in ${n.source} (as in (a+)+); ${REWRITE}`);
    return facts;
  }

  /** A repeated part that starts or ends with a character nothing else in it can match: repeats split one way only. */
  private delimited(body: PatternNode): boolean {
    if (body.kind !== 'group' || body.look || body.branches.length !== 1) return false;
    const parts = flatten(body.branches[0]).filter((p) => !lookaround(p));
    return parts.length > 1 && [parts[0], parts[parts.length - 1]].some((edge) => {
      if (edge.kind !== 'char') return false;
      const rest = parts.filter((p) => p !== edge).map((p) => this.node(p).chars).reduce(or);
      return !overlaps(this.bits(edge.source), rest);
    });
  }

  private bits(source: string): Bits {
    const re = new RegExp(`^(?:${source})$`);
    return this.sample.map((c) => re.test(c));
  }
}

/**
 * Why a tenant's pattern is refused, or null when it is safe to run on model input: it compiles, is at most 200
 * characters, and cannot backtrack catastrophically (no backreferences, no repeated part that can match one text in
 * several ways such as (a+)+, (a*)* or (a|a)*, no long runs of quantifiers over the same characters).
 */
export function patternProblem(pattern: string): string | null {
  if (pattern.length === 0) return 'pattern must not be empty';
  try {
    new RegExp(pattern);
  } catch {
    return 'pattern must be a valid JavaScript regular expression';
  }
  if (pattern.length > MAX_PATTERN_LENGTH) return `pattern must be at most ${MAX_PATTERN_LENGTH} characters`;
  try {
    const parsed = parsePattern(pattern);
    const facts = new Analysis(parsed.named).alternation(parsed.branches);
    return facts.ways > MAX_WAYS ? `pattern has too many quantifiers in a row that can match the same characters (as in \\d+\\d+\\d+\\d+); ${REWRITE}` : null;
  } catch (err) {
    if (err instanceof Unsafe) return err.message;
    return 'pattern uses syntax this safety check cannot read; write it more simply';
  }
}
