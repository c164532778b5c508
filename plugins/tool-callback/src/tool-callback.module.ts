import { Module } from '@nestjs/common';
import { RequestCallbackTool } from './request-callback.tool';

@Module({ providers: [RequestCallbackTool] })
export class CallbackToolModule {}
