import { IsNumber, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

export const DEFAULT_HANDOFF_MESSAGE = 'I am passing you to a colleague, who will reply here shortly.';

/** Every setting is optional, so an assistant can enable the tool with `config: {}`. */
export class HandoffConfig {
  @IsOptional()
  @IsString()
  @Length(1, 500)
  @Matches(/\S/, { message: 'message must not be blank' })
  message?: string;

  /** Give the conversation back to the AI when colleagues have not written for this long (default: only explicitly). */
  @IsOptional()
  @IsNumber()
  @Min(0.01)
  @Max(10_080)
  resumeAfterMinutes?: number;
}
