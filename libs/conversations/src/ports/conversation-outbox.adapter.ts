import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ConversationOutbox, type Connection, type TemplateSendRequest } from '@confab/plugin-sdk';
import { SendTemplateMessage } from '../commands/send-template/send-template.handler';

@Injectable()
export class ConversationOutboxAdapter extends ConversationOutbox {
  constructor(private readonly commands: CommandBus) {
    super();
  }

  sendTemplate(connection: Connection<any>, request: TemplateSendRequest): Promise<{ conversationId: string; messageId: string }> {
    return this.commands.execute(new SendTemplateMessage(connection, request));
  }
}
