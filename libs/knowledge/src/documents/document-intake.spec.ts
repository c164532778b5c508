import { DomainError } from '@confab/plugin-sdk';
import { intake } from './document-intake';

const MB = 1_048_576;

describe('document intake', () => {
  it('reads text as Markdown when it looks like Markdown, and hashes it', () => {
    const md = intake({ kind: 'text', title: 'Returns', text: '# Returns\nWithin 30 days.' }, MB, 3);
    expect(md).toMatchObject({ source: 'text', format: 'markdown', title: 'Returns' });
    expect(md.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(intake({ kind: 'text', title: 't', text: 'Plain words.' }, MB, 3).format).toBe('text');
  });

  it('names the field at fault', () => {
    const field = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return (err as DomainError).details.field;
      }
      return undefined;
    };
    expect(field(() => intake({ kind: 'text', title: 't', text: '   ' }, MB, 3))).toBe('text');
    expect(field(() => intake({ kind: 'file', filename: 'a.txt', data: Buffer.alloc(2 * MB, 'a') }, MB, 3))).toBe('file');
    expect(field(() => intake({ kind: 'file', filename: 'a.bin', data: Buffer.from([0, 1, 2, 0, 5]) }, MB, 3))).toBe('file');
    expect(field(() => intake({ kind: 'url', url: 'file:///etc/passwd' }, MB, 3))).toBe('url');
    expect(field(() => intake({ kind: 'url', url: 'https://x.example', crawlDepth: 4 }, MB, 3))).toBe('crawlDepth');
  });

  it('takes the title from the file name and drops a URL fragment', () => {
    expect(intake({ kind: 'file', filename: 'Price list.pdf', data: Buffer.from('%PDF-1.4 ...') }, MB, 3)).toMatchObject({ title: 'Price list', format: 'pdf' });
    expect(intake({ kind: 'url', url: 'https://x.example/help#top' }, MB, 3)).toMatchObject({ url: 'https://x.example/help', title: 'https://x.example/help' });
  });
});
