import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';

export class WidgetIdentityDto {
  @ApiProperty({ example: 'user-4711', description: "The host application's id for the signed-in user" })
  @IsString() @Length(1, 200) userId!: string;

  @ApiPropertyOptional({ example: 'Jane Doe' })
  @IsOptional() @IsString() @Length(1, 200) name?: string;

  @ApiPropertyOptional({ example: 'jane@example.com' })
  @IsOptional() @IsEmail({}, { message: 'identity.email must be an email address' }) @Length(3, 320) email?: string;

  @ApiProperty({ example: '5f0c…', description: 'HMAC-SHA256(userId, identitySecret) as hex, computed by the host backend' })
  @IsString() @Length(1, 128) hash!: string;
}

export class CreateWidgetSessionDto {
  @ApiPropertyOptional({ example: 'v_Q2hhdFdpZGdldFZpc2l0b3I', description: 'The visitor id a previous session returned (kept in the page storage); a new one is made when absent' })
  @IsOptional() @IsString() @Matches(/^v_[A-Za-z0-9_-]{22}$/, { message: 'visitorId must be a visitor id a previous session returned (v_ and 22 characters)' })
  visitorId?: string;

  @ApiPropertyOptional({ type: WidgetIdentityDto, description: 'A signed identity from window.ConfabWidget.identify()' })
  @IsOptional() @ValidateNested() @Type(() => WidgetIdentityDto)
  identity?: WidgetIdentityDto;

  @ApiPropertyOptional({ example: 'Jane', description: 'From the pre-chat form' })
  @IsOptional() @IsString() @Length(1, 200) name?: string;

  @ApiPropertyOptional({ example: 'jane@example.com', description: 'From the pre-chat form' })
  @IsOptional() @IsEmail({}, { message: 'email must be an email address' }) @Length(3, 320) email?: string;

  @ApiPropertyOptional({ example: 'de-DE', description: "The page's or browser's language" })
  @IsOptional() @IsString() @Matches(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/, { message: 'locale must be a language tag such as de or en-GB' })
  locale?: string;
}

export class WidgetSessionView {
  @ApiProperty({ description: 'Send as "Authorization: Bearer <token>" (and ?token= on /events); valid for 1 h, bound to this origin' }) token!: string;
  @ApiProperty({ description: 'Keep it in the page storage and send it with the next session' }) visitorId!: string;
  @ApiProperty() expiresAt!: string;
  @ApiProperty({ type: String, nullable: true, description: "The visitor's conversation on this widget, if there is one" }) conversationId!: string | null;
}

export class PreChatFormView {
  @ApiProperty() name!: boolean;
  @ApiProperty() email!: boolean;
}

export class WidgetConfigView {
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, nullable: true }) greeting!: string | null;
  @ApiProperty({ example: '#1f6feb' }) color!: string;
  @ApiProperty({ enum: ['right', 'left'] }) position!: 'right' | 'left';
  @ApiProperty({ enum: ['auto', 'de', 'en'] }) language!: 'auto' | 'de' | 'en';
  @ApiProperty({ type: PreChatFormView, nullable: true }) preChatForm!: PreChatFormView | null;
  @ApiProperty({ type: String, nullable: true }) awayText!: string | null;
  @ApiProperty() requireIdentity!: boolean;
  @ApiProperty() maxMessageLength!: number;
}

export class WidgetToolCallView {
  @ApiProperty() name!: string;
  @ApiProperty() status!: string;
}

export class WidgetMessageView {
  @ApiProperty() id!: string;
  @ApiProperty({ type: String, nullable: true }) turnId!: string | null;
  @ApiProperty({ enum: ['customer', 'assistant', 'agent', 'system'] }) author!: 'customer' | 'assistant' | 'agent' | 'system';
  @ApiProperty() text!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true, enum: ['pending', 'queued', 'sent', 'delivered', 'read', 'failed'], description: 'Outbound messages only' }) status!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The agent's name on agent messages" }) agentName!: string | null;
}

export class WidgetMessagesView {
  @ApiProperty({ type: WidgetMessageView, isArray: true, description: 'Oldest first; the newest 100' }) messages!: WidgetMessageView[];
}

export class SendWidgetMessageDto {
  @ApiProperty({ example: 'Do you ship to Austria?', description: "At most the connection's maxMessageLength characters (default 2000)" })
  @IsString() @Length(1, 4000, { message: 'text must be 1 to 4000 characters long' }) text!: string;

  @ApiProperty({ example: 'c7b9f3e2-1d4a', description: 'Made by the widget per message; sending it again does not store the message twice' })
  @IsString() @Matches(/^[A-Za-z0-9_-]{8,64}$/, { message: 'clientMessageId must be 8 to 64 letters, digits, - or _' })
  clientMessageId!: string;
}

export class SentWidgetMessageView {
  @ApiProperty() id!: string;
  @ApiProperty() conversationId!: string;
}

export class WidgetReceiptsDto {
  @ApiPropertyOptional({ type: String, isArray: true, description: 'Message ids the widget has shown' })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsUUID('all', { each: true, message: 'delivered must hold message ids (UUIDs)' }) delivered?: string[];

  @ApiPropertyOptional({ type: String, isArray: true, description: 'Message ids shown while the panel was open and visible' })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsUUID('all', { each: true, message: 'read must hold message ids (UUIDs)' }) read?: string[];
}
