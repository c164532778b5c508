import { validateDate, validateEnum, validateNumber, validatePattern, validateText } from './field-validators';

describe('validateDate', () => {
  it.each([
    ['2025-03-14', '2025-03-14'],
    [' 2024-02-29 ', '2024-02-29'],
    ['2000-02-29', '2000-02-29'],
    ['2025-3-4', '2025-03-04'],
    ['1999-12-31', '1999-12-31'],
  ])('accepts %j as %j', (raw, value) => {
    expect(validateDate(raw)).toEqual({ ok: true, value });
  });

  it.each(['2025-02-30', '2025-02-29', '1900-02-29', '2025-04-31', '2025-13-01', '2025-00-10', '2025-01-00'])(
    'rejects the impossible date %j',
    (raw) => {
      expect(validateDate(raw)).toEqual({ ok: false, rule: 'not a real calendar date' });
    },
  );

  it.each(['14.03.2025', '2025/03/14', '2025-03-14T10:00:00Z', 'tomorrow', '', 20250314])('rejects the non-ISO %j', (raw) => {
    expect(validateDate(raw)).toEqual({ ok: false, rule: 'not a date in the form YYYY-MM-DD' });
  });
});

describe('validateNumber', () => {
  it.each([
    [3, {}, 3],
    [-2.5, {}, -2.5],
    ['42', {}, 42],
    [' 1.5 ', {}, 1.5],
    [1, { min: 1, max: 10 }, 1],
    [10, { min: 1, max: 10 }, 10],
  ])('accepts %j within %j', (raw, rules, value) => {
    expect(validateNumber(raw, rules)).toEqual({ ok: true, value });
  });

  it.each([NaN, Infinity, '', 'abc', '0x1f', '12abc', null, true])('rejects %j as not a number', (raw) => {
    expect(validateNumber(raw, {})).toEqual({ ok: false, rule: 'not a number' });
  });

  it('enforces min and max', () => {
    expect(validateNumber(0, { min: 1, max: 10 })).toEqual({ ok: false, rule: 'must be at least 1' });
    expect(validateNumber(10.5, { min: 1, max: 10 })).toEqual({ ok: false, rule: 'must be at most 10' });
    expect(validateNumber(-1, { min: 0 })).toEqual({ ok: false, rule: 'must be at least 0' });
  });
});

describe('validateEnum', () => {
  const rules = { options: ['Basic', 'Pro', 'Enterprise'] };

  it.each([
    ['Pro', 'Pro'],
    ['pro', 'Pro'],
    ['  ENTERPRISE ', 'Enterprise'],
  ])('matches %j case-insensitively to the canonical %j', (raw, value) => {
    expect(validateEnum(raw, rules)).toEqual({ ok: true, value });
  });

  it.each(['Premium', 'pr', '', null])('rejects %j and lists the options', (raw) => {
    expect(validateEnum(raw, rules)).toEqual({ ok: false, rule: 'must be one of: Basic, Pro, Enterprise' });
  });

  it('matches numeric answers against numeric options', () => {
    expect(validateEnum(2, { options: ['1', '2'] })).toEqual({ ok: true, value: '2' });
  });
});

describe('validatePattern', () => {
  const rules = { pattern: '[A-Z]{2}-\\d{4}' };

  it('accepts a full match and trims it', () => {
    expect(validatePattern(' AB-1234 ', rules)).toEqual({ ok: true, value: 'AB-1234' });
  });

  it.each(['xAB-1234', 'AB-12345', 'AB-1234 extra', 'ab-1234', ''])('rejects the partial or wrong match %j', (raw) => {
    expect(validatePattern(raw, rules)).toEqual({ ok: false, rule: 'does not match the required format /[A-Z]{2}-\\d{4}/' });
  });

  it('anchors alternations as a whole', () => {
    const either = { pattern: 'cat|dog' };
    expect(validatePattern('dog', either).ok).toBe(true);
    expect(validatePattern('catfish', either).ok).toBe(false);
    expect(validatePattern('hotdog', either).ok).toBe(false);
  });

  it('refuses input over 200 characters before running the expression, naming the rule', () => {
    expect(validatePattern('a'.repeat(200), { pattern: 'a+' })).toEqual({ ok: true, value: 'a'.repeat(200) });
    expect(validatePattern('a'.repeat(201), { pattern: 'a+' })).toEqual({ ok: false, rule: 'must be at most 200 characters for the format /a+/' });
  });

  it('never runs a catastrophic pattern that an older config still holds', () => {
    const began = Date.now();
    const outcome = validatePattern(`${'a'.repeat(25)}!`, { pattern: '(a+)+' });
    expect(Date.now() - began).toBeLessThan(100);
    expect(outcome).toEqual({ ok: false, rule: expect.stringMatching(/^cannot be checked, because the configured format is refused: pattern nests quantifiers/) });
  });
});

describe('validateText', () => {
  it('trims and keeps text', () => {
    expect(validateText('  Anna Schmidt ')).toEqual({ ok: true, value: 'Anna Schmidt' });
    expect(validateText('x'.repeat(1000))).toEqual({ ok: true, value: 'x'.repeat(1000) });
  });

  it('rejects blank, overlong and non-string values', () => {
    expect(validateText('   ')).toEqual({ ok: false, rule: 'must not be empty' });
    expect(validateText('x'.repeat(1001))).toEqual({ ok: false, rule: 'must be at most 1000 characters' });
    expect(validateText(5)).toEqual({ ok: false, rule: 'must be text' });
  });
});
