import { describeFailure } from './describe-failure';

describe('describeFailure (what a failed start prints)', () => {
  it('never prints "undefined" for a rejection without a reason', () => {
    expect(describeFailure(undefined)).toBe('a start step failed without giving a reason (it threw undefined)');
    expect(describeFailure(null)).toContain('without giving a reason');
  });

  it('shows an object that is not an Error, and the stack of one that is', () => {
    expect(describeFailure({ code: 'EADDRINUSE', port: 5432 })).toBe("{ code: 'EADDRINUSE', port: 5432 }");
    expect(describeFailure('plain text')).toBe('plain text');
    expect(describeFailure(new Error('boom'))).toMatch(/^Error: boom\n\s+at /);
  });
});
