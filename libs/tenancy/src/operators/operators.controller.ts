import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCookieAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, ParseUuidParam, RequireScope, type AuthContext } from '@confab/plugin-sdk';
import { SESSION_OPTIONS, type SessionOptions } from '../sessions/session-options';
import type { Operator } from './operator.entity';
import { INVITATION_TTL_MS, OperatorService } from './operator.service';
import { CreatedOperatorView, CreateOperatorDto, InvitationView, OperatorView, UpdateOperatorDto } from './operators.dto';

export function operatorView(o: Operator): OperatorView {
  return {
    id: o.id,
    email: o.email,
    name: o.name,
    role: o.role,
    status: o.passwordHash ? 'active' : 'invited',
    createdAt: o.createdAt,
    lastSignInAt: o.lastSignInAt ?? null,
    lockedUntil: o.lockedUntil && o.lockedUntil > new Date() ? o.lockedUntil : null,
  };
}

/** The tenant's dashboard accounts; an admin API key or an admin operator manages them, reading included (emails). */
@ApiTags('Operators')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('api/v1/operators')
export class OperatorsController {
  constructor(
    private readonly operators: OperatorService,
    @Inject(SESSION_OPTIONS) private readonly options: SessionOptions,
  ) {}

  private inviteUrl(token: string): string {
    return `${this.options.publicUrl.replace(/\/+$/, '')}/invite/${token}`;
  }

  @Post()
  @ApiCreatedResponse({ type: CreatedOperatorView, description: 'Without a password, inviteUrl is the one-time link to set one (shown once)' })
  @ApiConflictResponse({ description: 'EMAIL_TAKEN: an operator with this email exists (emails are unique across the installation)' })
  async create(@CurrentAuth() auth: AuthContext, @Body() dto: CreateOperatorDto): Promise<CreatedOperatorView> {
    const { operator, inviteToken } = await this.operators.create(auth.tenantId, dto);
    return { ...operatorView(operator), ...(inviteToken ? { inviteUrl: this.inviteUrl(inviteToken) } : {}) };
  }

  @Get()
  @RequireScope('admin')
  @ApiOkResponse({ type: OperatorView, isArray: true })
  async list(@CurrentAuth() auth: AuthContext): Promise<OperatorView[]> {
    return (await this.operators.list(auth.tenantId)).map(operatorView);
  }

  @Get(':id')
  @RequireScope('admin')
  @ApiOkResponse({ type: OperatorView })
  async get(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string): Promise<OperatorView> {
    return operatorView(await this.operators.get(auth.tenantId, id));
  }

  @Patch(':id')
  @ApiOkResponse({ type: OperatorView, description: 'A new role applies to the operator\'s open sessions at once' })
  @ApiConflictResponse({ description: 'SELF_LOCKOUT: an admin cannot take away their own admin role' })
  async update(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string, @Body() dto: UpdateOperatorDto): Promise<OperatorView> {
    return operatorView(await this.operators.update(auth.tenantId, id, dto, auth.operator?.id));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted and signed out everywhere' })
  @ApiConflictResponse({ description: 'SELF_LOCKOUT: an admin cannot delete their own account' })
  async remove(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string): Promise<void> {
    await this.operators.remove(auth.tenantId, id, auth.operator?.id);
  }

  @Post(':id/invitation')
  @ApiCreatedResponse({ type: InvitationView, description: 'A new one-time link (the previous one stops working); also how an admin lets someone reset a forgotten password' })
  async invite(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string): Promise<InvitationView> {
    const { operator, inviteToken } = await this.operators.reinvite(auth.tenantId, id);
    return { inviteUrl: this.inviteUrl(inviteToken), expiresAt: operator.inviteExpiresAt ?? new Date(Date.now() + INVITATION_TTL_MS) };
  }
}
