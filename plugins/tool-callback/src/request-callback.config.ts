import { IsOptional, Length, Matches } from 'class-validator';

export class RequestCallbackConfig {
  /** For numbers written without "+": the country to read them in (ISO 3166 alpha-2). */
  @IsOptional() @Matches(/^[A-Z]{2}$/, { message: 'defaultCountry must be a two-letter country code such as DE' })
  defaultCountry?: string;

  /** What the assistant tells the customer once the callback is recorded. */
  @IsOptional() @Length(1, 500)
  confirmation?: string;
}
