import { Command } from '@nestjs/cqrs';
import type { AcceptedMessage, Connection, InboundMessage } from '@confab/plugin-sdk';

export class ReceiveInboundMessage extends Command<AcceptedMessage> {
  constructor(
    readonly connection: Connection<any>,
    readonly message: InboundMessage,
  ) {
    super();
  }
}
