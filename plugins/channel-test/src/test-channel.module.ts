import { Module } from '@nestjs/common';
import { TestChannel } from './test-channel';
import { TestChatsController } from './test-chats.controller';

@Module({ providers: [TestChannel], controllers: [TestChatsController] })
export class TestChannelModule {}
