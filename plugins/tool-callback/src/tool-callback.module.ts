import { Module } from '@nestjs/common';
import { RequestCallbackTool } from './request-callback.tool';
import { ScheduleFollowUpTool } from './schedule-follow-up.tool';

@Module({ providers: [RequestCallbackTool, ScheduleFollowUpTool] })
export class CallbackToolModule {}
