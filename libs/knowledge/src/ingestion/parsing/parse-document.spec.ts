import { fixture } from '../__fixtures__/read-fixture';
import { detectFormat, parseDocument } from './parse-document';
import { DocumentParseError } from './parsed-document';

const text = (s: string) => Buffer.from(s, 'utf8');

describe('detectFormat', () => {
  it.each([
    [{ contentType: 'application/pdf', data: fixture('harbor-bikes-handbook.pdf') }, 'pdf'],
    [{ contentType: 'text/html; charset=utf-8', data: text('<p>x</p>') }, 'html'],
    [{ contentType: 'text/markdown', filename: 'notes.txt', data: text('# x') }, 'markdown'],
    [{ contentType: 'text/plain', filename: 'help.md', data: text('# x') }, 'markdown'],
    [{ filename: 'HELP.MARKDOWN', data: text('x') }, 'markdown'],
    [{ filename: 'faq.txt', data: text('<html>looks like html</html>') }, 'text'],
    [{ filename: 'page.htm', data: text('x') }, 'html'],
    [{ filename: 'manual.pdf', data: fixture('harbor-bikes-handbook.pdf') }, 'pdf'],
    [{ contentType: 'application/octet-stream', data: fixture('harbor-bikes-handbook.pdf') }, 'pdf'],
    [{ data: text('\uFEFF  <!DOCTYPE html><html><body>x</body></html>') }, 'html'],
    [{ data: text('<HTML lang="en"><p>x</p></HTML>') }, 'html'],
    [{ filename: 'notes', data: text('Just some notes, nothing else.') }, 'text'],
    [{ contentType: 'text/csv', data: text('a,b\n1,2') }, 'text'],
  ])('%# detects %o', (hints, expected) => {
    expect(detectFormat(hints)).toBe(expected);
  });

  it.each([
    [{ filename: 'photo.png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) }],
    [{ filename: 'notes.txt', data: Buffer.from([0x41, 0x00, 0x42]) }],
    [{ contentType: 'image/jpeg', data: text('not really an image') }],
  ])('%# refuses binaries and unsupported types', (hints) => {
    expect(() => detectFormat(hints)).toThrow(DocumentParseError);
    expect(() => detectFormat(hints)).toThrow(/unsupported file type/);
  });
});

describe('parseDocument', () => {
  it('parses each format from bytes', async () => {
    await expect(parseDocument({ format: 'pdf', data: fixture('harbor-bikes-handbook.pdf') })).resolves.toMatchObject({ pages: 4 });
    await expect(parseDocument({ format: 'markdown', data: fixture('harbor-bikes-help.md') })).resolves.toMatchObject({ title: 'Harbor Bikes Help Centre' });
    await expect(parseDocument({ format: 'text', data: fixture('harbor-bikes-faq.txt') })).resolves.toMatchObject({ blocks: expect.any(Array) });
    const html = await parseDocument({ format: 'html', data: fixture('harbor-bikes-rentals.html'), baseUrl: 'https://x.example/' });
    expect(html.links?.length).toBeGreaterThan(5);
  });

  it('strips a UTF-8 BOM so the first heading is recognised', async () => {
    const doc = await parseDocument({ format: 'markdown', data: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text('# Shipping\n\nWe ship across the EU.')]) });
    expect(doc.title).toBe('Shipping');
  });

  it('reads bytes that are not UTF-8 as Windows-1252', async () => {
    const doc = await parseDocument({ format: 'text', data: Buffer.from([0x43, 0x61, 0x66, 0xe9]) });
    expect(doc.blocks[0].text).toBe('Café');
  });

  it('passes maxPages to the PDF parser', async () => {
    await expect(parseDocument({ format: 'pdf', data: fixture('harbor-bikes-handbook.pdf'), maxPages: 2 })).rejects.toThrow(/limit of 2 pages/);
  });

  it.each([
    ['text', '  \n\n \t\n'],
    ['markdown', '---\ntitle: x\n---\n\n<!-- nothing -->\n'],
    ['html', '<html><head><title>Empty</title><script>var a = 1;</script></head><body><nav>Menu</nav></body></html>'],
  ] as const)('refuses a %s document without any text', async (format, source) => {
    await expect(parseDocument({ format, data: text(source) })).rejects.toThrow(new DocumentParseError('The document contains no text'));
  });
});
