import { validateEmail, validatePhone } from './field-validators';

describe('validateEmail', () => {
  it.each([
    ['anna@example.com', 'anna@example.com'],
    ['  Anna.Schmidt+news@Example.DE ', 'Anna.Schmidt+news@example.de'],
    ["o'brien@mail.co.uk", "o'brien@mail.co.uk"],
    ['x@sub-domain.xn--p1ai', 'x@sub-domain.xn--p1ai'],
  ])('accepts %j as %j', (raw, value) => {
    expect(validateEmail(raw)).toEqual({ ok: true, value });
  });

  it.each([
    'anna@gmail',
    'anna@@example.com',
    'anna.example.com',
    '@example.com',
    'anna@',
    'anna..b@example.com',
    '.anna@example.com',
    'anna@-example.com',
    'anna@example.c',
    'anna @example.com',
    'anna@exa mple.com',
    `${'a'.repeat(65)}@example.com`,
    '',
    42,
    null,
  ])('rejects %j', (raw) => {
    expect(validateEmail(raw)).toEqual({ ok: false, rule: 'not a valid email address' });
  });
});

describe('validatePhone', () => {
  const de = { defaultCountry: 'DE' };

  it.each([
    ['0151 23456789', de, '+4915123456789'],
    ['(030) 901820', de, '+4930901820'],
    ['+49 151 23456789', de, '+4915123456789'],
    ['+49 151 23456789', {}, '+4915123456789'],
    ['+1 202 555 0123', de, '+12025550123'],
    ['0044 7911 123456', de, '+447911123456'],
  ])('reads %j with %j as %j', (raw, rules, value) => {
    expect(validatePhone(raw, rules)).toEqual({ ok: true, value });
  });

  it('names the default country when a national number is invalid', () => {
    expect(validatePhone('12345', de)).toEqual({
      ok: false,
      rule: 'not a valid phone number for DE (or international with +country code)',
    });
  });

  it('asks for the international form when there is no default country', () => {
    expect(validatePhone('0151 23456789', {})).toEqual({
      ok: false,
      rule: 'not a valid phone number; it needs the international form with +country code',
    });
  });

  it.each(['+49 123', '+999 1234567', 'call me', '', '+1 123 456 7890', 42])('rejects %j', (raw) => {
    expect(validatePhone(raw, de).ok).toBe(false);
  });

  it('checks the digits, not only the length (max metadata)', () => {
    expect(validatePhone('+44 0000 000000', {}).ok).toBe(false);
    expect(validatePhone('+49 0151 2345678', {}).ok).toBe(false);
  });
});
