import { IsOptional, IsString, Length, Matches } from 'class-validator';

export const DEFAULT_HANDOFF_MESSAGE = 'I am passing you to a colleague, who will reply here shortly.';

/** Every setting is optional, so an assistant can enable the tool with `config: {}`. */
export class HandoffConfig {
  @IsOptional()
  @IsString()
  @Length(1, 500)
  @Matches(/\S/, { message: 'message must not be blank' })
  message?: string;
}
