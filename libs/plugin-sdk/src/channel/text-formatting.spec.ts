import { channelFormatter, markdownToPlainText } from './text-formatting';

const caps = (formatting: string) => ({ capabilities: { formatting } as never });

describe('channel text formatting', () => {
  it('strips Markdown for plain channels, keeping words, code and link targets', () => {
    const md = '## Hours\n\nWe are **open** from _9_ to ~~4~~ 5.\n\n* Monday\n* [Book](https://example.com/b)\n\n> quoted\n\nRun `npm start`.';
    expect(markdownToPlainText(md)).toBe('Hours\n\nWe are open from 9 to 4 5.\n\n- Monday\n- Book (https://example.com/b)\n\nquoted\n\nRun npm start.');
  });

  it("uses the channel's own formatter, else the built-in one of its flavour, else none", () => {
    const own = channelFormatter({ capabilities: { formatting: 'shouting' } as never, formatText: (md: string) => md.toUpperCase() });
    expect(own!('hi *there*')).toBe('HI *THERE*');
    expect(channelFormatter(caps('markdown'))!('**x**')).toBe('**x**');
    expect(channelFormatter(caps('plain'))!('**x**')).toBe('x');
    // WhatsApp is no longer a built-in flavour: its plugin brings the formatter.
    expect(channelFormatter(caps('whatsapp'))).toBeUndefined();
  });
});
