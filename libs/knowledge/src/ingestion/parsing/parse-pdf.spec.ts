import { fixture } from '../__fixtures__/read-fixture';
import { parsePdf } from './parse-pdf';
import { DocumentParseError } from './parsed-document';

describe('parsePdf', () => {
  it('reads every page into paragraphs that know their page', async () => {
    const doc = await parsePdf(fixture('harbor-bikes-handbook.pdf'));

    expect(doc.pages).toBe(4);
    expect(doc.title).toBe('Harbor Bikes Customer Handbook');
    const pageOf = (needle: string) => doc.blocks.find((b) => b.text.includes(needle))?.position.page;
    expect(pageOf('family-run bicycle shop on Quay Street')).toBe(1);
    expect(pageOf('City bikes rent for 15 euros per day')).toBe(3);
    expect(pageOf('lifetime warranty on the frame')).toBe(4);
    expect(new Set(doc.blocks.map((b) => b.position.page))).toEqual(new Set([1, 2, 3, 4]));
    expect(doc.blocks.every((b) => b.kind === 'paragraph' && b.text.trim() !== '')).toBe(true);
  });

  it('splits paragraphs at the larger gaps and joins wrapped lines', async () => {
    const doc = await parsePdf(fixture('harbor-bikes-handbook.pdf'));
    const page1 = doc.blocks.filter((b) => b.position.page === 1).map((b) => b.text);

    expect(page1).toHaveLength(4);
    expect(page1[0]).toBe('Welcome to Harbor Bikes');
    expect(page1[2]).toBe(
      'Opening hours: Monday to Friday from 9:00 to 18:30, Saturday from 9:00 to 17:00. On Sundays the shop is ' +
        'closed, but the rental desk opens from 10:00 to 16:00 between April and October.',
    );
  });

  it('leaves the caller’s buffer usable', async () => {
    const data = fixture('harbor-bikes-handbook.pdf');
    await parsePdf(data);
    expect(data.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('turns a corrupt file into a readable DocumentParseError', async () => {
    const corrupt = Buffer.concat([fixture('harbor-bikes-handbook.pdf').subarray(0, 400), Buffer.from('garbage')]);
    await expect(parsePdf(Buffer.from('%PDF-1.4\nthis is not really a pdf'))).rejects.toThrow(DocumentParseError);
    await expect(parsePdf(corrupt)).rejects.toThrow(/^The PDF could not be read: /);
  });

  it('refuses a password-protected PDF', async () => {
    await expect(parsePdf(fixture('harbor-bikes-locked.pdf'))).rejects.toThrow(
      new DocumentParseError('The PDF could not be read: it is protected by a password.'),
    );
  });

  it('refuses more pages than maxPages, naming the limit', async () => {
    await expect(parsePdf(fixture('harbor-bikes-handbook.pdf'), { maxPages: 3 })).rejects.toThrow(
      new DocumentParseError('The PDF has 4 pages, more than the limit of 3 pages.'),
    );
    await expect(parsePdf(fixture('harbor-bikes-handbook.pdf'), { maxPages: 4 })).resolves.toMatchObject({ pages: 4 });
  });
});
