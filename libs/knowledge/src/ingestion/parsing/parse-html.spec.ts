import { fixture } from '../__fixtures__/read-fixture';
import { parseHtml } from './parse-html';

const page = () => parseHtml(fixture('harbor-bikes-rentals.html').toString('utf8'), { baseUrl: 'https://help.harborbikes.example/en/rentals' });
const allText = () => page().blocks.map((b) => b.text).join('\n');

describe('parseHtml', () => {
  it('keeps the article and drops navigation, cookie banner, sidebar, footer and scripts', () => {
    const text = allText();

    expect(text).toContain('renting a bike is the easiest way to explore the harbour front');
    expect(text).toContain('Late returns are charged per started hour.');
    for (const noise of [
      'Shop all bikes', // header nav
      'We use cookies', // cookie banner
      'Accept all cookies', // button
      'Help centre', // breadcrumb
      'Popular articles', // sidebar
      'How does the warranty work?',
      '2024 Harbor Bikes GmbH', // footer
      'Instagram',
      'TRACKING_SCRIPT_TEXT', // script
      'font-family', // style
    ]) {
      expect(text).not.toContain(noise);
    }
  });

  it('builds heading paths from h1-h3', () => {
    const blocks = page().blocks;
    const pathOf = (needle: string) => blocks.find((b) => b.kind !== 'heading' && b.text.includes(needle))?.headingPath;

    expect(pathOf('easiest way to explore')).toEqual(['Renting a bike from Harbor Bikes']);
    expect(pathOf('photo ID')).toEqual(['Renting a bike from Harbor Bikes', 'Rental prices', 'What to bring']);
    expect(pathOf('must be reserved')).toEqual(['Renting a bike from Harbor Bikes', 'Rental prices', 'Child seats and trailers']);
    expect(pathOf('Quay Street shop')).toEqual(['Renting a bike from Harbor Bikes', 'Returning your rental']);
    expect(blocks.filter((b) => b.kind === 'heading').map((b) => [b.level, b.text])).toEqual([
      [1, 'Renting a bike from Harbor Bikes'],
      [2, 'Rental prices'],
      [3, 'What to bring'],
      [3, 'Child seats and trailers'],
      [2, 'Returning your rental'],
    ]);
  });

  it('turns tables into header and rows, lists into items, and decodes entities', () => {
    const blocks = page().blocks;

    expect(blocks.find((b) => b.kind === 'table')?.text).toBe(
      ['Bike | Half day | Full day | Week', 'City bike | 10 € | 15 € | 70 €', 'E-bike | 25 € | 35 € | 180 €', "Kids' bike | 6 € | 9 € | 40 €"].join('\n'),
    );
    expect(blocks.find((b) => b.kind === 'list')?.text).toBe(
      [
        '- A photo ID such as a passport or driving licence',
        '- A credit or debit card for the 150 € deposit',
        '- Comfortable shoes',
        '  - Cleats only if you booked a road bike',
      ].join('\n'),
    );
    expect(allText()).toContain('simply walk in — we keep a few bikes free');
  });

  it('collapses whitespace and keeps link text', () => {
    expect(page().blocks.find((b) => b.text.startsWith('Read our full'))?.text).toBe(
      'Read our full returns policy or compare routes on our favourite rides. Questions? Email us.',
    );
  });

  it('takes the title from <title>', () => {
    expect(page().title).toBe('Bike rentals & returns | Harbor Bikes Help Centre');
  });

  it('collects absolute http(s) links, nav included, honouring <base href>, without fragments or duplicates', () => {
    const links = page().links ?? [];

    expect(links).toContain('https://help.harborbikes.example/shop/'); // nav link, root-relative
    expect(links).toContain('https://help.harborbikes.example/rentals/'); // "#top" removed
    expect(links).toContain('https://help.harborbikes.example/de/mieten.html'); // ../ against <base>
    expect(links).toContain('https://help.harborbikes.example/en/rentals/child-seats.html'); // relative to <base>
    expect(links).toContain('https://www.komoot.example/collection/harbor-rides?ref=harborbikes');
    expect(links).not.toContainEqual(expect.stringMatching(/^mailto:|#/));
    expect(new Set(links).size).toBe(links.length);
    expect(links.indexOf('https://help.harborbikes.example/shop/')).toBeLessThan(links.indexOf('https://help.harborbikes.example/help/returns-policy'));
  });

  it('resolves against baseUrl when the page has no <base>', () => {
    const doc = parseHtml('<p><a href="b.html#x">B</a> <a href="javascript:void(0)">J</a> <a href="b.html">again</a></p>', {
      baseUrl: 'https://harborbikes.example/help/a.html',
    });
    expect(doc.links).toEqual(['https://harborbikes.example/help/b.html']);
  });

  it('uses the whole body when there is no <main> or <article>, still dropping chrome', () => {
    const doc = parseHtml(`
      <body class="with-sidebar">
        <div class="navbar"><a href="/">Home</a></div>
        <div id="main-content"><h1>Gift cards</h1>Gift cards never expire.<p>They work <em>online</em> too.</p></div>
        <div class="sidebar-left">Related</div>
        <div aria-hidden="true">Hidden icon text</div>
        <div role="contentinfo">Imprint</div>
      </body>`);

    expect(doc.title).toBe('Gift cards');
    expect(doc.blocks.map((b) => b.text)).toEqual(['Gift cards', 'Gift cards never expire.', 'They work online too.']);
    expect(doc.blocks[1].headingPath).toEqual(['Gift cards']);
  });

  it('keeps an article’s own header and renders pre, blockquote and definition lists', () => {
    const doc = parseHtml(`
      <article><header><h1>Warranty</h1></header>
        <blockquote><p>Two years on parts.</p><p>Lifetime on frames.</p></blockquote>
        <dl><dt>Frame</dt><dd>Lifetime</dd><dt>Battery</dt><dd>Two years</dd></dl>
        <pre>  code  line
  second</pre>
      </article>`);

    expect(doc.blocks.map((b) => [b.kind, b.text])).toEqual([
      ['heading', 'Warranty'],
      ['paragraph', 'Two years on parts.\nLifetime on frames.'],
      ['list', '- Frame: Lifetime\n- Battery: Two years'],
      ['code', '  code  line\n  second'],
    ]);
  });
});
