import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { IsOutboundUrl } from '@confab/net';

/** Per assistant: which hours service to ask, and for which store. */
export class OpeningHoursConfig {
  @ApiProperty({ description: 'Base URL of the store hours service, e.g. https://hours.example.com', example: 'https://hours.example.com' })
  @IsOutboundUrl()
  serviceUrl: string;

  @ApiProperty({ description: "The store's id at that service", example: 'berlin-mitte' })
  @IsString()
  @Length(1, 64)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'storeId may hold letters, digits, - and _ only' })
  storeId: string;
}
