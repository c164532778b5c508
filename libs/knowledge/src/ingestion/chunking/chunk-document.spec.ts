import { fixture } from '../__fixtures__/read-fixture';
import { parseMarkdown } from '../parsing/parse-markdown';
import { parsePdf } from '../parsing/parse-pdf';
import type { ParsedBlock, ParsedDocument } from '../parsing/parsed-document';
import { chunkDocument } from './chunk-document';
import { estimateTokens } from './estimate-tokens';

const help = () => parseMarkdown(fixture('harbor-bikes-help.md').toString('utf8'));

const sentences = (n: number, topic: string) =>
  Array.from({ length: n }, (_, i) => `Sentence ${i + 1} explains how ${topic} works at Harbor Bikes in some detail.`);

const para = (text: string, headingPath: string[], line?: number): ParsedBlock => ({ kind: 'paragraph', text, headingPath, position: line ? { line } : {} });
const heading = (text: string, level: number, headingPath: string[]): ParsedBlock => ({ kind: 'heading', text, level, headingPath, position: {} });

/** One long section of prose, followed by a short second section. */
const longDoc = (): ParsedDocument => ({
  blocks: [
    heading('Rentals', 2, ['Rentals']),
    para(sentences(6, 'renting').join(' '), ['Rentals'], 3),
    para(sentences(30, 'the deposit').join(' '), ['Rentals'], 5),
    heading('Shipping', 2, ['Shipping']),
    para('We ship bikes across the EU within five working days.', ['Shipping'], 9),
  ],
});

describe('chunkDocument', () => {
  it('starts a new chunk at every level-1/2 section and packs the blocks of one section together', () => {
    const chunks = chunkDocument(help(), { maxTokens: 500, overlapTokens: 40 });

    expect(chunks.map((c) => c.headingPath)).toEqual([
      ['Harbor Bikes Help Centre'],
      ['Harbor Bikes Help Centre', 'Opening hours'],
      ['Harbor Bikes Help Centre', 'Repairs'], // both level-3 subsections share one chunk
      ['Harbor Bikes Help Centre', 'Returns'],
    ]);
    expect(chunks[1].text).toBe(
      'The shop on Quay Street is open Monday to Friday from 9:00 to 18:30 and on Saturday from 9:00 to 17:00. ' +
        'On Sundays the shop is closed, but the rental desk opens from 10:00 to 16:00 between April and October.\n\n' +
        'Public holidays follow Saturday hours unless we announce otherwise.',
    );
    expect(chunks.map((c) => c.index)).toEqual([0, 1, 2, 3]);
  });

  it('does not put headings into the chunk text', () => {
    const chunks = chunkDocument(help(), { maxTokens: 500, overlapTokens: 40 });
    expect(chunks.some((c) => c.text.includes('Booking a repair') || c.text.includes('Workshop prices'))).toBe(false);
  });

  it('keeps every chunk within the size bound and never emits an empty chunk', () => {
    for (const [maxTokens, overlapTokens] of [[60, 15], [40, 10], [25, 20], [200, 30]]) {
      const chunks = [longDoc(), help()].flatMap((doc) => chunkDocument(doc, { maxTokens, overlapTokens }));
      for (const chunk of chunks) {
        expect(chunk.text.trim()).not.toBe('');
        expect(chunk.tokens).toBe(estimateTokens(chunk.text));
        expect(chunk.tokens).toBeLessThanOrEqual(maxTokens * 1.2);
      }
    }
  });

  it('repeats the end of the previous chunk, in whole sentences, at the start of the next one in a long section', () => {
    const chunks = chunkDocument(longDoc(), { maxTokens: 60, overlapTokens: 15 });
    const rentals = chunks.filter((c) => c.headingPath[0] === 'Rentals');

    expect(rentals.length).toBeGreaterThan(4);
    for (let i = 1; i < rentals.length; i++) {
      const firstSentence = /^.*?\.(?= |\n|$)/s.exec(rentals[i].text)?.[0] ?? '';
      expect(firstSentence).toMatch(/^Sentence \d+ explains/);
      expect(rentals[i - 1].text.endsWith(firstSentence)).toBe(true);
    }
    // The next section starts clean.
    expect(chunks[chunks.length - 1].text).toBe('We ship bikes across the EU within five working days.');
  });

  it('loses no sentence when splitting a long paragraph', () => {
    const all = chunkDocument(longDoc(), { maxTokens: 40, overlapTokens: 10 }).map((c) => c.text).join(' ');
    for (const sentence of sentences(30, 'the deposit')) expect(all).toContain(sentence);
  });

  it('splits a large table by rows, each part repeating the header row', () => {
    const chunks = chunkDocument(help(), { maxTokens: 60, overlapTokens: 10 });
    const tableChunks = chunks.filter((c) => c.text.includes('| 30 minutes') || c.text.includes('| 1 working day') || c.text.includes('| —'));

    expect(tableChunks.length).toBeGreaterThan(2);
    const tableStarts = tableChunks.map((c) => c.text.split('\n').findIndex((line) => line === 'Service | Price | Typical time'));
    expect(tableStarts.every((at) => at >= 0)).toBe(true);
    const rows = new Set(tableChunks.flatMap((c) => c.text.split('\n').filter((line) => line.includes(' | '))));
    expect(rows.size).toBe(16); // header + every one of the 15 rows, none lost
    expect(tableChunks.every((c) => c.headingPath.join(' > ') === 'Harbor Bikes Help Centre > Repairs > Workshop prices')).toBe(true);
  });

  it('splits a long list by items', () => {
    const items = Array.from({ length: 20 }, (_, i) => `- Accessory number ${i + 1} can be returned within 30 days`);
    const doc: ParsedDocument = { blocks: [{ kind: 'list', text: items.join('\n'), headingPath: ['Returns'], position: { line: 4 } }] };
    const chunks = chunkDocument(doc, { maxTokens: 50, overlapTokens: 12 });

    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) expect(chunk.text.split('\n').every((line) => items.includes(line))).toBe(true);
    expect(new Set(chunks.flatMap((c) => c.text.split('\n')))).toEqual(new Set(items));
  });

  it('spans pages and lines of the blocks each chunk uses', async () => {
    const pdf = await parsePdf(fixture('harbor-bikes-handbook.pdf'));
    const pdfChunks = chunkDocument(pdf, { maxTokens: 120, overlapTokens: 20 });

    expect(pdfChunks[0].position).toEqual({ pageFrom: 1, pageTo: 1 });
    expect(pdfChunks.some((c) => c.position.pageFrom !== c.position.pageTo)).toBe(true);
    const lastPage = pdfChunks.find((c) => c.text.includes('lifetime warranty on the frame'));
    expect(lastPage?.position.pageTo).toBe(4);

    const md = chunkDocument(help(), { maxTokens: 500, overlapTokens: 40 });
    expect(md[1].position).toEqual({ lineFrom: 14, lineTo: 17 });
    expect(md[2].position).toEqual({ lineFrom: 23, lineTo: 54 });
  });

  it('splits a word longer than a whole chunk instead of overflowing', () => {
    const doc: ParsedDocument = { blocks: [para(`Token: ${'x'.repeat(500)} end.`, [])] };
    const chunks = chunkDocument(doc, { maxTokens: 30, overlapTokens: 5 });
    expect(chunks.every((c) => c.tokens <= 30)).toBe(true);
    expect(chunks.map((c) => c.text).join('')).toContain('xxxxxxxx');
  });

  it('is deterministic', async () => {
    const pdf = await parsePdf(fixture('harbor-bikes-handbook.pdf'));
    const options = { maxTokens: 50, overlapTokens: 12 };
    for (const doc of [help(), longDoc(), pdf]) {
      expect(JSON.stringify(chunkDocument(doc, options))).toBe(JSON.stringify(chunkDocument(structuredClone(doc), options)));
    }
  });

  it('rejects a chunk size below one token', () => {
    expect(() => chunkDocument(longDoc(), { maxTokens: 0, overlapTokens: 0 })).toThrow(RangeError);
  });
});
