import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length, Matches } from 'class-validator';

export class LinkIdentityDto {
  @ApiProperty({ example: 'wa_id', description: "How a channel knows the customer: wa_id (WhatsApp number), widget_user, visitor, external:<API connection id>, ..." })
  @IsString() @Matches(/^[a-z][a-z0-9_]{0,40}(:[0-9a-z-]{1,64})?$/, { message: 'kind must be an identity kind such as wa_id, widget_user or external:<connectionId>' })
  kind!: string;

  @ApiProperty({ example: '4915112345678' })
  @IsString() @Length(1, 200) value!: string;

  @ApiPropertyOptional({ default: false, description: 'When another customer has this identity: move it here, with the conversations written from it (otherwise 409)' })
  @IsOptional() @IsBoolean() merge?: boolean;
}

export class FindCustomersQueryDto {
  @ApiProperty({ example: '4915112345678', description: 'An identity value: phone number, widget user id, API customer id, visitor id' })
  @IsString() @Length(1, 200) identifier!: string;

  @ApiPropertyOptional({ example: 'wa_id', description: 'Only identities of this kind' })
  @IsOptional() @IsString() @Length(1, 120) kind?: string;
}

export class CustomerIdentityView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'wa_id' }) kind!: string;
  @ApiProperty() value!: string;
  @ApiProperty() createdAt!: Date;
}

export class CustomerConversationView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'web_widget' }) channel!: string;
  @ApiProperty() connectionId!: string;
  @ApiProperty() assistantId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The identity the customer wrote from' }) customerIdentifier!: string | null;
  @ApiProperty({ enum: ['open', 'closed'] }) status!: string;
  @ApiProperty({ enum: ['ai', 'human'] }) owner!: string;
  @ApiProperty() messageCount!: number;
  @ApiProperty({ type: Date, nullable: true }) lastMessageAt!: Date | null;
  @ApiProperty() createdAt!: Date;
}

export class CustomerView {
  @ApiProperty() id!: string;
  @ApiProperty({ type: String, nullable: true }) displayName!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ type: CustomerIdentityView, isArray: true, description: 'Every channel identity, oldest first' }) identities!: CustomerIdentityView[];
  @ApiProperty({ type: CustomerConversationView, isArray: true, description: 'Conversations on every channel, newest first (at most 200)' }) conversations!: CustomerConversationView[];
}

export class CustomerSummaryView {
  @ApiProperty() id!: string;
  @ApiProperty({ type: String, nullable: true }) displayName!: string | null;
  @ApiProperty() createdAt!: Date;
  @ApiProperty({ type: CustomerIdentityView, isArray: true }) identities!: CustomerIdentityView[];
}

export class CustomerListView {
  @ApiProperty({ type: CustomerSummaryView, isArray: true }) items!: CustomerSummaryView[];
}

export class LinkedIdentityView {
  @ApiProperty({ type: CustomerIdentityView }) identity!: CustomerIdentityView;
  @ApiProperty({ description: 'Conversations moved from the customer the identity belonged to (merge)' }) movedConversations!: number;
  @ApiProperty({ type: String, nullable: true, description: 'The customer the identity was moved from (merge), else null' }) movedFrom!: string | null;
}
