import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { Db } from '@confab/persistence';
import { Conflict, CurrentAuth, NotFound, ParseUuidParam, RequireScope, TASK_KINDS, type AuthContext } from '@confab/plugin-sdk';
import { Task } from '../entities/task.entity';

export class ListTasksQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'done', 'cancelled'] }) @IsOptional() @IsIn(['open', 'done', 'cancelled']) status?: 'open' | 'done' | 'cancelled';
  @ApiPropertyOptional({ enum: TASK_KINDS }) @IsOptional() @IsIn(TASK_KINDS) kind?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() conversationId?: string;
}

export class TaskView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: TASK_KINDS }) kind!: string;
  @ApiProperty({ enum: ['open', 'done', 'cancelled'] }) status!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) details!: Record<string, unknown>;
  @ApiPropertyOptional({ type: String, nullable: true }) conversationId!: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) dueAt!: Date | null;
  @ApiProperty({ description: "'tool:<name>' or 'agent'" }) createdBy!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) closedAt!: Date | null;
}

const view = (t: Task): TaskView => ({
  id: t.id, kind: t.kind, status: t.status, title: t.title, details: t.details, conversationId: t.conversationId ?? null,
  dueAt: t.dueAt ?? null, createdBy: t.createdBy, createdAt: t.createdAt, closedAt: t.closedAt ?? null,
});

/** Work for humans (callbacks, follow-ups) that tools created during chats. */
@ApiTags('Tasks')
@ApiBearerAuth()
@Controller('api/v1/tasks')
export class TasksController {
  constructor(private readonly db: Db) {}

  @Get()
  @ApiOkResponse({ type: TaskView, isArray: true })
  async list(@CurrentAuth() auth: AuthContext, @Query() q: ListTasksQueryDto): Promise<TaskView[]> {
    const where = Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined));
    const rows = await this.db.forTenant(auth.tenantId).find(Task, where, { orderBy: [{ dueAt: 'asc' }, { createdAt: 'desc' }], limit: 500 });
    return rows.map(view);
  }

  @Post(':id/complete')
  // Callbacks and follow-ups are an agent's daily work, like replying.
  @RequireScope('conversations')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskView })
  complete(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string): Promise<TaskView> {
    return this.close(auth.tenantId, id, 'done');
  }

  @Post(':id/cancel')
  @RequireScope('conversations')
  @HttpCode(200)
  @ApiOkResponse({ type: TaskView })
  cancel(@CurrentAuth() auth: AuthContext, @Param('id', ParseUuidParam) id: string): Promise<TaskView> {
    return this.close(auth.tenantId, id, 'cancelled');
  }

  private close(tenantId: string, id: string, status: 'done' | 'cancelled'): Promise<TaskView> {
    return this.db.transaction(tenantId, async (em) => {
      const task = await em.findOne(Task, { id });
      if (!task) throw new NotFound('task', id);
      if (task.status !== 'open') throw new Conflict('TASK_CLOSED', `Task ${id} is already ${task.status}`);
      Object.assign(task, { status, closedAt: new Date() });
      return view(task);
    });
  }
}
