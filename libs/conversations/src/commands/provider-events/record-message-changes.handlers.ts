import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@confab/persistence';
import type { Connection, MessageEdit, MessageReaction } from '@confab/plugin-sdk';
import { Message } from '../../entities/message.entity';
import { FOR_UPDATE } from '../../domain/locking';

export class RecordMessageEdit extends Command<boolean> {
  constructor(readonly connection: Connection<any>, readonly edit: MessageEdit) {
    super();
  }
}

export class RecordMessageRevoke extends Command<boolean> {
  constructor(readonly connection: Connection<any>, readonly providerMessageId: string, readonly at: Date) {
    super();
  }
}

export class RecordReaction extends Command<boolean> {
  constructor(readonly connection: Connection<any>, readonly reaction: MessageReaction) {
    super();
  }
}

interface StoredReaction {
  by: string;
  emoji: string;
  at: string;
}

/** The customer changed their message: the new text replaces the old, which is kept in metadata.edits. */
@CommandHandler(RecordMessageEdit)
export class RecordMessageEditHandler implements ICommandHandler<RecordMessageEdit> {
  constructor(private readonly db: Db) {}

  async execute({ connection, edit }: RecordMessageEdit): Promise<boolean> {
    return this.db.transaction(connection.tenantId, async (em) => {
      const message = await em.findOne(Message, { connectionId: connection.id, direction: 'inbound', providerMessageId: edit.providerMessageId }, FOR_UPDATE);
      if (!message) return false;
      const edits = Array.isArray(message.metadata.edits) ? (message.metadata.edits as unknown[]) : [];
      message.metadata = { ...message.metadata, edits: [...edits, { text: message.text, attachments: message.attachments, replacedAt: edit.at.toISOString() }] };
      if (edit.text !== undefined) message.text = edit.text;
      if (edit.attachments?.length) message.attachments = edit.attachments;
      message.editedAt = edit.at;
      return true;
    });
  }
}

/** Deleted for everyone: the record stays (audit), flagged as revoked, and is left out of the model's history. */
@CommandHandler(RecordMessageRevoke)
export class RecordMessageRevokeHandler implements ICommandHandler<RecordMessageRevoke> {
  constructor(private readonly db: Db) {}

  async execute({ connection, providerMessageId, at }: RecordMessageRevoke): Promise<boolean> {
    return this.db.transaction(connection.tenantId, async (em) => {
      const message = await em.findOne(Message, { connectionId: connection.id, direction: 'inbound', providerMessageId }, FOR_UPDATE);
      if (!message) return false;
      message.revokedAt ??= at;
      return true;
    });
  }
}

/** A reaction is kept on the message it reacts to, one per reacting customer; removing it deletes the entry. */
@CommandHandler(RecordReaction)
export class RecordReactionHandler implements ICommandHandler<RecordReaction> {
  constructor(private readonly db: Db) {}

  async execute({ connection, reaction }: RecordReaction): Promise<boolean> {
    return this.db.transaction(connection.tenantId, async (em) => {
      const target = await em.findOne(Message, { connectionId: connection.id, providerMessageId: reaction.targetProviderMessageId }, FOR_UPDATE);
      if (!target) return false;
      const by = reaction.customer.identities[0]?.value ?? 'customer';
      const current = (Array.isArray(target.metadata.reactions) ? target.metadata.reactions : []) as StoredReaction[];
      const others = current.filter((r) => r.by !== by);
      const next = reaction.emoji ? [...others, { by, emoji: reaction.emoji, at: reaction.at.toISOString() }] : others;
      target.metadata = { ...target.metadata, reactions: next };
      return true;
    });
  }
}
