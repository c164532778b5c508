import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, type AuthContext } from '@confab/plugin-sdk';
import { BudgetService } from './budget.service';
import { BudgetView, PutBudgetDto } from './budgets.dto';

/** Monthly spending caps (writes need the admin scope, the default for non-GET routes). */
@ApiTags('Budgets')
@ApiBearerAuth()
@Controller('api/v1/budgets')
export class BudgetsController {
  constructor(private readonly budgets: BudgetService) {}

  @Get()
  @ApiOkResponse({ type: BudgetView, isArray: true })
  list(@CurrentAuth() auth: AuthContext): Promise<BudgetView[]> {
    return this.budgets.list(auth.tenantId);
  }

  @Get('tenant')
  @ApiOkResponse({ type: BudgetView })
  getTenant(@CurrentAuth() auth: AuthContext): Promise<BudgetView> {
    return this.budgets.get(auth.tenantId, null);
  }

  @Put('tenant')
  @ApiOkResponse({ type: BudgetView })
  putTenant(@CurrentAuth() auth: AuthContext, @Body() dto: PutBudgetDto): Promise<BudgetView> {
    return this.budgets.put(auth.tenantId, null, dto);
  }

  @Delete('tenant')
  @HttpCode(204)
  deleteTenant(@CurrentAuth() auth: AuthContext): Promise<void> {
    return this.budgets.remove(auth.tenantId, null);
  }

  @Get('assistants/:id')
  @ApiOkResponse({ type: BudgetView })
  getAssistant(@CurrentAuth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string): Promise<BudgetView> {
    return this.budgets.get(auth.tenantId, id);
  }

  @Put('assistants/:id')
  @ApiOkResponse({ type: BudgetView })
  putAssistant(@CurrentAuth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string, @Body() dto: PutBudgetDto): Promise<BudgetView> {
    return this.budgets.put(auth.tenantId, id, dto);
  }

  @Delete('assistants/:id')
  @HttpCode(204)
  deleteAssistant(@CurrentAuth() auth: AuthContext, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.budgets.remove(auth.tenantId, id);
  }
}
