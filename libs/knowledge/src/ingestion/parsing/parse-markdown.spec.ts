import { fixture } from '../__fixtures__/read-fixture';
import { parseMarkdown } from './parse-markdown';

const help = () => parseMarkdown(fixture('harbor-bikes-help.md').toString('utf8'));
const blockWith = (needle: string) => help().blocks.find((b) => b.text.includes(needle));

describe('parseMarkdown', () => {
  it('skips the front matter and takes the title from the first level-1 heading', () => {
    const doc = help();
    expect(doc.title).toBe('Harbor Bikes Help Centre');
    expect(doc.blocks.some((b) => b.text.includes('updated:') || b.text.includes('tags:'))).toBe(false);
    expect(doc.blocks[0]).toEqual({ kind: 'heading', level: 1, text: 'Harbor Bikes Help Centre', headingPath: ['Harbor Bikes Help Centre'], position: { line: 7 } });
  });

  it('builds heading paths: level 2 under level 1, level 3 under both, a new level 2 replaces the old one', () => {
    expect(blockWith('Monday to Friday')?.headingPath).toEqual(['Harbor Bikes Help Centre', 'Opening hours']);
    expect(blockWith('drop your bike off')?.headingPath).toEqual(['Harbor Bikes Help Centre', 'Repairs', 'Booking a repair']);
    expect(blockWith('Safety check')?.headingPath).toEqual(['Harbor Bikes Help Centre', 'Repairs', 'Workshop prices']);
    expect(blockWith('Unused accessories')?.headingPath).toEqual(['Harbor Bikes Help Centre', 'Returns']);
  });

  it('records the 1-based line each block starts on', () => {
    expect(blockWith('Welcome to the Harbor Bikes help centre')?.position).toEqual({ line: 9 });
    expect(blockWith('Choose a service')?.position).toEqual({ line: 26 });
    expect(blockWith('Safety check')?.position).toEqual({ line: 34 });
    expect(blockWith('Workshop phone')?.position).toEqual({ line: 54 });
  });

  it('strips inline Markdown, keeping link text and inline code', () => {
    expect(blockWith('Welcome to the')?.text).toBe(
      'Welcome to the Harbor Bikes help centre. Here you will find answers about our opening hours, the workshop, rentals and what to do if something goes wrong.',
    );
    expect(blockWith('Parts are charged')?.text).toBe('Parts are charged separately. Prices for cargo bikes are on request.');
  });

  it('flattens nested lists with indentation and keeps ordered numbers', () => {
    expect(blockWith('Choose a service')).toMatchObject({
      kind: 'list',
      text: [
        '1. Choose a service on the booking page.',
        '2. Bring your bike in on the agreed day.',
        '  - Remove child seats and bags first.',
        '  - Bring the key if your bike has a frame lock.',
        '3. Collect it when we text you that it is ready.',
      ].join('\n'),
    });
  });

  it('renders a table as a header row followed by readable rows', () => {
    const rows = blockWith('Safety check')?.text.split('\n') ?? [];
    expect(blockWith('Safety check')?.kind).toBe('table');
    expect(rows).toHaveLength(16);
    expect(rows[0]).toBe('Service | Price | Typical time');
    expect(rows[1]).toBe('Safety check | 25 € | 30 minutes');
    expect(rows[15]).toBe('Winter storage | 10 € per month | —');
  });

  it('keeps code blocks verbatim, quotes as paragraphs and HTML blocks as their text', () => {
    expect(blockWith('Workshop phone')).toMatchObject({ kind: 'code', text: 'Workshop phone: +49 40 1234 5679\nWorkshop email: workshop@harborbikes.example' });
    expect(blockWith('Public holidays')).toMatchObject({ kind: 'paragraph', text: 'Public holidays follow Saturday hours unless we announce otherwise.' });
    expect(blockWith('Refunds go back')).toMatchObject({ kind: 'paragraph', text: 'Refunds go back to the original payment method within 5 working days.' });
  });

  it('resets the path at a new level-1 heading, decodes entities and keeps hard breaks', () => {
    const doc = parseMarkdown('# A\n## A1\ntext one\n# B\nFish &amp; chips  \nnext line\n<!-- a comment -->\n');
    expect(doc.blocks.map((b) => [b.text, b.headingPath, b.position.line])).toEqual([
      ['A', ['A'], 1],
      ['A1', ['A', 'A1'], 2],
      ['text one', ['A', 'A1'], 3],
      ['B', ['B'], 4],
      ['Fish & chips\nnext line', ['B'], 5],
    ]);
  });

  it('falls back to the front matter title when there is no level-1 heading', () => {
    expect(parseMarkdown('---\ntitle: "Gift cards"\n---\n## Buying\nText').title).toBe('Gift cards');
  });
});
