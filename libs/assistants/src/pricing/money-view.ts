import { ApiProperty } from '@nestjs/swagger';

/** Money on the wire: integer micro-units plus an exact decimal string; never a float. */
export class MoneyView {
  @ApiProperty({ example: 1250, description: 'Integer millionths of the currency unit' }) micros!: number;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ example: '0.001250', description: 'Exact decimal amount' }) amount!: string;
}

export function money(micros: number, currency = 'USD'): MoneyView {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(micros);
  return { micros, currency, amount: `${sign}${Math.floor(abs / 1_000_000)}.${String(abs % 1_000_000).padStart(6, '0')}` };
}
