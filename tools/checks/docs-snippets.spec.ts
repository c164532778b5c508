import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './import-graph';

/**
 * Docs quote real code: a fenced block right after `<!-- snippet: path/to/file.ts -->` must appear in that file
 * verbatim. A line `// ...` inside the block skips code; the pieces around it must appear in order. So a walkthrough
 * cannot drift from the plugin it quotes (the quoted code is compiled and tested where it lives).
 */
const SNIPPET = /<!-- snippet: (\S+) -->\n([ \t]*)```[a-z]*\n([\s\S]*?)\n\2```/g;

export function quoteProblem(block: string, source: string): string | null {
  let from = 0;
  for (const piece of block.split(/\n[ \t]*\/\/ \.\.\.[ \t]*\n/)) {
    const at = source.indexOf(piece, from);
    if (at < 0) return `not found (in order) in the file:\n${piece}`;
    from = at + piece.length;
  }
  return null;
}

function snippetsOf(doc: string): Array<{ doc: string; path: string; block: string }> {
  // A quote inside a list item is indented with the item; the indent is the list's, not the code's.
  const unindent = (block: string, indent: string) => block.split('\n').map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line)).join('\n');
  return [...readFileSync(join(ROOT, doc), 'utf8').matchAll(SNIPPET)].map((m) => ({ doc, path: m[1], block: unindent(m[3], m[2]) }));
}

describe('code quoted in the docs', () => {
  const docs = readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`);
  const snippets = docs.flatMap(snippetsOf);

  it('finds the marked quotes (the channel walkthrough and the testing section of docs/plugins.md have twelve)', () => {
    expect(snippets.filter((s) => s.doc === 'docs/plugins.md').length).toBeGreaterThanOrEqual(12);
  });

  it('matches every marked quote to its file', () => {
    const problems = snippets
      .map((s) => ({ where: `${s.doc} quoting ${s.path}`, problem: existsSync(join(ROOT, s.path)) ? quoteProblem(s.block, readFileSync(join(ROOT, s.path), 'utf8')) : 'the file does not exist' }))
      .filter((p) => p.problem);
    expect(problems).toEqual([]);
  });

  it('notices a quote that differs from the code, or pieces out of order', () => {
    const source = 'a();\nb();\nc();\n';
    expect(quoteProblem('a();\nb();', source)).toBeNull();
    expect(quoteProblem('a();\n// ...\nc();', source)).toBeNull();
    expect(quoteProblem('a();\nB();', source)).toContain('not found');
    expect(quoteProblem('c();\n// ...\na();', source)).toContain('not found');
  });
});
