import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, type AuthContext } from '@confab/plugin-sdk';
import { AlertRulesService } from './alert-rules.service';
import { AlertEventView, AlertRuleView, CreateAlertRuleDto, UpdateAlertRuleDto } from './alert-rules.dto';

@ApiTags('Alert rules')
@ApiBearerAuth()
@Controller('api/v1/alert-rules')
export class AlertRulesController {
  constructor(private readonly rules: AlertRulesService) {}

  @Post()
  @ApiCreatedResponse({ type: AlertRuleView })
  create(@CurrentAuth() auth: AuthContext, @Body() dto: CreateAlertRuleDto): Promise<AlertRuleView> {
    return this.rules.create(auth.tenantId, dto);
  }

  @Get()
  @ApiOkResponse({ type: AlertRuleView, isArray: true })
  list(@CurrentAuth() auth: AuthContext): Promise<AlertRuleView[]> {
    return this.rules.list(auth.tenantId);
  }

  @Get(':id')
  @ApiOkResponse({ type: AlertRuleView })
  get(@CurrentAuth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string): Promise<AlertRuleView> {
    return this.rules.get(auth.tenantId, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: AlertRuleView })
  update(@CurrentAuth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateAlertRuleDto): Promise<AlertRuleView> {
    return this.rules.update(auth.tenantId, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentAuth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.rules.remove(auth.tenantId, id);
  }

  @Get(':id/history')
  @ApiOkResponse({ type: AlertEventView, isArray: true, description: 'State changes, newest first' })
  history(@CurrentAuth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string): Promise<AlertEventView[]> {
    return this.rules.history(auth.tenantId, id);
  }
}
