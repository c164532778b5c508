import { type DynamicModule, Module } from '@nestjs/common';
import { API_CHANNEL_OPTIONS, ApiChannel, type ApiChannelOptions } from './api-channel';
import { ApiMessagesController } from './api-messages.controller';

@Module({})
export class ApiChannelModule {
  static forRoot(options: ApiChannelOptions): DynamicModule {
    return { module: ApiChannelModule, providers: [ApiChannel, { provide: API_CHANNEL_OPTIONS, useValue: options }], controllers: [ApiMessagesController] };
  }
}
