import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { MoneyView } from '@confab/assistants';

/** The ledger prices every cost in USD (the price table's only currency), so a cap in another currency could not be compared. */
export const BUDGET_CURRENCIES = ['USD'] as const;

export class PutBudgetDto {
  @ApiProperty({ example: '250.00', description: 'Monthly cap as a decimal string, at most 6 decimals' })
  @IsString({ message: 'monthlyLimit must be a decimal string such as "250.00"' })
  @Matches(/^\d{1,9}(\.\d{1,6})?$/, { message: 'monthlyLimit must be a non-negative decimal string with at most 6 decimals, such as "250.00"' })
  monthlyLimit!: string;

  @ApiProperty({ enum: BUDGET_CURRENCIES, example: 'USD' })
  @IsIn(BUDGET_CURRENCIES, { message: `currency must be ${BUDGET_CURRENCIES.join(', ')}: the currency the usage ledger prices costs in` })
  currency!: string;

  @ApiPropertyOptional({ default: false, description: 'Whether test chats count against (and are stopped by) this budget' })
  @IsOptional() @IsBoolean({ message: 'includeTest must be a boolean' })
  includeTest?: boolean;
}

export class BudgetView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['tenant', 'assistant'] }) scope!: string;
  @ApiPropertyOptional({ nullable: true }) assistantId!: string | null;
  @ApiProperty({ type: MoneyView }) monthlyLimit!: MoneyView;
  @ApiProperty({ type: MoneyView, description: "Spend counted against the cap in the tenant's current month" }) spent!: MoneyView;
  @ApiProperty({ example: '2026-12', description: "The tenant's current month (its timezone)" }) month!: string;
  @ApiProperty() includeTest!: boolean;
  @ApiProperty({ enum: ['ok', 'warning', 'exhausted'] }) status!: string;
  @ApiProperty() updatedAt!: Date;
}

export function decimalToMicros(decimal: string): number {
  const [whole, fraction = ''] = decimal.split('.');
  return Number(whole) * 1_000_000 + Number(fraction.padEnd(6, '0'));
}
