import { Module } from '@nestjs/common';
import { ApiChannel } from './api-channel';
import { ApiMessagesController } from './api-messages.controller';

@Module({ providers: [ApiChannel], controllers: [ApiMessagesController] })
export class ApiChannelModule {}
