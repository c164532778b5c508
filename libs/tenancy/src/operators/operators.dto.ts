import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { OPERATOR_ROLES, type OperatorRole } from '@confab/plugin-sdk';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;
const NOT_BLANK = /\S/;

export class CreateOperatorDto {
  @ApiProperty({ example: 'anna.schmidt@example.com', description: 'Unique across the installation, compared case-insensitively' })
  // Pasted addresses often carry spaces; they are not part of the address.
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString() @Length(3, 254) @IsEmail({}, { message: 'email must be an email address' })
  email!: string;

  @ApiProperty({ example: 'Anna Schmidt', description: 'Shown in conversations next to what this operator writes' })
  @IsString() @Length(1, 120) @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name!: string;

  @ApiProperty({ enum: OPERATOR_ROLES, description: 'admin: everything; agent: read and conversation actions; viewer: read only (exports allowed)' })
  @IsIn(OPERATOR_ROLES)
  role!: OperatorRole;

  @ApiPropertyOptional({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, description: 'Without one, the answer carries a one-time invitation link (valid 7 days)' })
  @IsOptional() @IsString() @Length(PASSWORD_MIN, PASSWORD_MAX, { message: `password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters long` })
  password?: string;
}

export class UpdateOperatorDto {
  @ApiPropertyOptional({ example: 'Anna Schmidt' })
  @IsOptional() @IsString() @Length(1, 120) @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name?: string;

  @ApiPropertyOptional({ enum: OPERATOR_ROLES })
  @IsOptional() @IsIn(OPERATOR_ROLES)
  role?: OperatorRole;
}

export class OperatorView {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: OPERATOR_ROLES }) role!: OperatorRole;
  @ApiProperty({ enum: ['active', 'invited'], description: "'invited': no password set yet; the invitation link is waiting to be used" }) status!: 'active' | 'invited';
  @ApiProperty() createdAt!: Date;
  @ApiPropertyOptional({ nullable: true }) lastSignInAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, description: 'Set while the account is locked after repeated wrong passwords' }) lockedUntil!: Date | null;
}

export class CreatedOperatorView extends OperatorView {
  @ApiPropertyOptional({ description: 'One-time link to set a password, valid 7 days; only when no password was given. Shown once.' })
  inviteUrl?: string;
}

export class InvitationView {
  @ApiProperty({ description: 'One-time link to set a password; replaces any earlier link. Shown once.' }) inviteUrl!: string;
  @ApiProperty() expiresAt!: Date;
}

export class LoginDto {
  @ApiProperty({ example: 'demo@confab.local' })
  @IsString() @Length(1, 254)
  email!: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString() @Length(1, 1024)
  password!: string;
}

export class AcceptInvitationDto {
  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX })
  @IsString() @Length(PASSWORD_MIN, PASSWORD_MAX, { message: `password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters long` })
  password!: string;

  @ApiPropertyOptional({ description: 'Replaces the name the admin entered' })
  @IsOptional() @IsString() @Length(1, 120) @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name?: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString() @Length(1, 1024)
  currentPassword!: string;

  @ApiProperty({ minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX })
  @IsString() @Length(PASSWORD_MIN, PASSWORD_MAX, { message: `newPassword must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters long` })
  newPassword!: string;
}

export class SessionOperatorView {
  @ApiProperty() id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: OPERATOR_ROLES }) role!: OperatorRole;
}

export class SessionTenantView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'Europe/Berlin' }) timezone!: string;
}

export class SessionView {
  @ApiProperty({ type: SessionOperatorView }) operator!: SessionOperatorView;
  @ApiProperty({ type: SessionTenantView }) tenant!: SessionTenantView;
  @ApiProperty({ description: 'Send as X-CSRF-Token on every request that changes something' }) csrfToken!: string;
}
