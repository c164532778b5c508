import { parseEnv } from './env';
import { logFormatFor } from './log-format';

describe('log format', () => {
  it('is readable at a terminal and JSON anywhere else when LOG_FORMAT is unset', () => {
    const env = parseEnv({});
    expect(env.LOG_FORMAT).toBeUndefined();
    expect(logFormatFor(env.LOG_FORMAT, true)).toBe('pretty');
    expect(logFormatFor(env.LOG_FORMAT, false)).toBe('json');
    expect(logFormatFor(parseEnv({ LOG_FORMAT: '' }).LOG_FORMAT, false)).toBe('json');
  });

  it('follows LOG_FORMAT when it is set, terminal or not', () => {
    expect(logFormatFor(parseEnv({ LOG_FORMAT: 'json' }).LOG_FORMAT, true)).toBe('json');
    expect(logFormatFor(parseEnv({ LOG_FORMAT: 'pretty' }).LOG_FORMAT, false)).toBe('pretty');
  });

  it('asks the process whether standard output is a terminal when not told', () => {
    expect(logFormatFor(undefined)).toBe(process.stdout.isTTY ? 'pretty' : 'json');
  });
});
