import { fixture } from '../__fixtures__/read-fixture';
import { parseText } from './parse-text';

describe('parseText', () => {
  const doc = parseText(fixture('harbor-bikes-faq.txt').toString('utf8'));

  it('splits paragraphs on blank lines, joining wrapped lines and keeping the start line', () => {
    expect(doc.blocks[1]).toEqual({
      kind: 'paragraph',
      text: 'Where are you? Harbor Bikes is on Quay Street 12, right next to the ferry terminal. There are bike racks and two short-stay parking spaces in front of the shop.',
      headingPath: [],
      position: { line: 3 },
    });
  });

  it('turns list-shaped lines into list blocks, also right after a paragraph line', () => {
    expect(doc.blocks.slice(3, 5).map((b) => [b.kind, b.text, b.position.line])).toEqual([
      ['paragraph', 'Which payment methods do you accept?', 11],
      ['list', '- Cash\n- Debit and credit cards (Visa, Mastercard, American Express)\n- Apple Pay and Google Pay\n- Harbor Bikes gift cards', 12],
    ]);
    expect(doc.blocks[6]).toMatchObject({ kind: 'list', text: expect.stringMatching(/^1\. Bring the bike.*\n2\. We inspect/) });
  });

  it('normalises bullets and keeps indented continuation lines with their item', () => {
    const parsed = parseText('Steps:\r\n* one\r\n  continues here\r\n• two\r\n\r\n\r\n3) three');
    expect(parsed.blocks.map((b) => [b.kind, b.text, b.position.line])).toEqual([
      ['paragraph', 'Steps:', 1],
      ['list', '- one continues here\n- two', 2],
      ['list', '3. three', 7],
    ]);
  });

  it('has no title of its own', () => {
    expect(doc.title).toBeUndefined();
  });
});
