/**
 * Money arrives as integer micro-units (millionths of the currency unit), as a number or a decimal string. It is
 * turned into an exact decimal string and handed to Intl as a string, so no amount ever passes through a float.
 */
export function microsToDecimal(micros: number | string | bigint): string {
  const value = typeof micros === 'bigint' ? micros : BigInt(typeof micros === 'number' ? Math.trunc(micros) : micros.trim());
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = abs / 1_000_000n;
  const fraction = (abs % 1_000_000n).toString().padStart(6, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/**
 * Cents for amounts of a cent or more; below that, up to four significant decimals, because a single chat often
 * costs a fraction of a cent and "$0.00" would hide it. Zero shows as a plain zero amount.
 */
export function formatMoney(micros: number | string | bigint | null | undefined, locale: string, currency = 'USD'): string {
  if (micros === null || micros === undefined || micros === '') return '–';
  const decimal = microsToDecimal(micros);
  const abs = decimal.replace('-', '');
  const small = abs !== '0.000000' && abs < '0.010000' && abs.startsWith('0.');
  const formatter = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: 2,
    maximumFractionDigits: small ? 6 : 2,
    ...(small ? { maximumSignificantDigits: 2, roundingPriority: 'lessPrecision' } : {}),
  } as Intl.NumberFormatOptions);
  // Intl formats decimal strings exactly (ECMA-402 NumberFormat v3); the lib types only know number and bigint.
  return formatter.format(decimal as unknown as number);
}
