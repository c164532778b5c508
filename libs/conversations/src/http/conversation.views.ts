import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MoneyView } from '@confab/assistants';

export class CustomerRefView {
  @ApiProperty() id!: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Phone number, external id or visitor id' }) identifier!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) name!: string | null;
}

export class ServiceWindowView {
  @ApiProperty({ enum: ['open', 'closed', 'none'], description: "'none': the channel has no service window" }) state!: string;
  @ApiPropertyOptional({ nullable: true }) expiresAt!: string | null;
}

export class OperatorRefView {
  @ApiProperty({ type: String, nullable: true, description: 'The operator account; null when only a name was given (API key with agentName)' }) operatorId!: string | null;
  @ApiProperty({ example: 'Anna Schmidt' }) name!: string;
}

export class SearchHighlightView {
  @ApiProperty({ description: 'Offset of the first highlighted character in snippet (UTF-16 code units, as JavaScript indexes strings)' }) start!: number;
  @ApiProperty({ description: 'Offset just after the last highlighted character (exclusive)' }) end!: number;
}

export class SearchMatchView {
  @ApiProperty({ description: 'The best-matching message of the conversation' }) messageId!: string;
  @ApiProperty({ description: "Plain text around the hit (no markup; fragments joined by ' … ')" }) snippet!: string;
  @ApiProperty({ type: SearchHighlightView, isArray: true, description: 'Where the matched words are in snippet, to render highlighted' })
  highlights!: SearchHighlightView[];
}

export class LastMessageView {
  @ApiProperty({ enum: ['customer', 'assistant', 'agent', 'system'] }) author!: string;
  @ApiProperty({ description: 'The start of the text (160 characters); empty for a message without text (media)' }) text!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
}

export class ConversationListItemView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'whatsapp', description: 'whatsapp | web_widget | api | test | ...' }) channel!: string;
  @ApiProperty() assistantId!: string;
  @ApiProperty() connectionId!: string;
  @ApiProperty({ type: CustomerRefView }) customer!: CustomerRefView;
  @ApiProperty({ enum: ['open', 'closed'] }) status!: string;
  @ApiProperty({ enum: ['ai', 'human'] }) owner!: string;
  @ApiProperty({ type: String, isArray: true }) tags!: string[];
  @ApiProperty() messageCount!: number;
  @ApiProperty() failedDeliveries!: number;
  @ApiProperty({ type: MoneyView }) totalCost!: MoneyView;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) lastMessageAt!: Date | null;
  @ApiProperty() createdAt!: Date;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Why the conversation was handed to a human (owner human); null otherwise' }) handoffReason!: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'When it was handed to a human; null while the AI owns it' }) handedOverAt!: Date | null;
  @ApiPropertyOptional({ type: OperatorRefView, nullable: true, description: 'The dashboard operator who took it over; null for the AI, the channel or an API key' }) handedOverBy!: OperatorRefView | null;
  @ApiPropertyOptional({ type: SearchMatchView, description: 'Only with ?q=: the matching message and a snippet around the hit' }) match?: SearchMatchView;
  @ApiPropertyOptional({ type: LastMessageView, nullable: true, description: 'List only: the latest message, for a preview' }) lastMessage?: LastMessageView | null;
  @ApiPropertyOptional({ description: 'List only: a customer message got no AI reply (the rule of GET /api/v1/unanswered)' }) unanswered?: boolean;
}

export class ConversationListView {
  @ApiProperty({ type: ConversationListItemView, isArray: true }) items!: ConversationListItemView[];
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Pass as ?cursor= for the next page; null on the last page' }) nextCursor!: string | null;
}

export class UsageView {
  @ApiProperty() model!: string;
  @ApiProperty() promptTokens!: number;
  @ApiProperty() cachedTokens!: number;
  @ApiProperty() completionTokens!: number;
  @ApiProperty() llmCalls!: number;
}

export class MessageErrorView {
  @ApiProperty({ description: "The provider's code (e.g. WhatsApp 131047), or the platform's" }) code!: string;
  @ApiProperty({ description: "The provider's own title when it gave one" }) title!: string;
  @ApiProperty({ type: String, nullable: true, description: "The provider's details; null when it gave none" }) details!: string | null;
  @ApiPropertyOptional() retryable?: boolean;
  @ApiPropertyOptional({ description: "The provider's retry-after (ms) for a retryable failure, as the channel reported it" }) retryAfterMs?: number;
  @ApiPropertyOptional({ format: 'date-time', description: 'A retryable failure with attempts left: when the next attempt runs' }) nextAttemptAt?: string;
}

export class ReplyToView {
  @ApiProperty({ description: "The provider's id of the quoted message" }) providerMessageId!: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Our id of the quoted message; null when we do not have it' }) messageId!: string | null;
}

export class CitationView {
  @ApiProperty({ description: 'The number the model saw the excerpt under; the reply may quote it as [n]' }) marker!: number;
  @ApiProperty() chunkId!: string;
  @ApiProperty() documentId!: string;
  @ApiProperty() knowledgeBaseId!: string;
  @ApiProperty() documentTitle!: string;
  @ApiProperty({ type: String, isArray: true }) headingPath!: string[];
  @ApiPropertyOptional({ nullable: true, description: 'Cosine similarity to the question; null for a full-text-only match' }) score!: number | null;
  @ApiProperty() excerpt!: string;
  @ApiPropertyOptional({ nullable: true }) url?: string | null;
  @ApiPropertyOptional({ nullable: true }) page?: number | null;
  @ApiPropertyOptional({ description: 'The reply quotes this excerpt' }) cited?: boolean;
}

export class MessageView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['inbound', 'outbound'] }) direction!: string;
  @ApiProperty({ enum: ['customer', 'assistant', 'agent', 'system'] }) author!: string;
  @ApiPropertyOptional({ type: OperatorRefView, nullable: true, description: 'Agent messages: who wrote it (the signed-in operator, or the agentName an API caller gave); null otherwise' }) agent!: OperatorRefView | null;
  @ApiPropertyOptional({ nullable: true }) text!: string | null;
  @ApiProperty({ type: Object, isArray: true }) attachments!: unknown[];
  @ApiProperty() createdAt!: Date;
  @ApiPropertyOptional({ nullable: true }) providerMessageId!: string | null;
  @ApiPropertyOptional({ type: ReplyToView, nullable: true, description: 'The message this one quotes (a customer replying to an earlier message)' }) replyTo!: ReplyToView | null;
  @ApiPropertyOptional({ nullable: true, enum: ['pending', 'sent', 'delivered', 'read', 'failed'] }) deliveryStatus!: string | null;
  @ApiPropertyOptional({ type: MessageErrorView, nullable: true }) error!: MessageErrorView | null;
  @ApiPropertyOptional({ nullable: true, enum: ['pending', 'answered', 'failed', 'skipped'], description: 'Customer messages: the AI reply state' }) replyState!: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'Why the reply failed or was skipped' }) replyError!: string | null;
  @ApiPropertyOptional({ type: UsageView, nullable: true }) usage!: UsageView | null;
  @ApiProperty({ type: MoneyView }) cost!: MoneyView;
  @ApiPropertyOptional({ nullable: true, description: 'Assistant replies: ms from the first unanswered customer message' }) latencyMs!: number | null;
  @ApiProperty({ type: Object }) metadata!: Record<string, unknown>;
  @ApiProperty({ type: CitationView, isArray: true, description: 'Assistant replies: the knowledge chunks the answer drew on' }) citations!: CitationView[];
  @ApiPropertyOptional({ nullable: true }) sentAt!: Date | null;
  @ApiPropertyOptional({ nullable: true }) deliveredAt!: Date | null;
  @ApiPropertyOptional({ nullable: true }) readAt!: Date | null;
  @ApiPropertyOptional({ nullable: true }) failedAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, description: 'The customer edited the message (earlier versions in metadata.edits)' }) editedAt!: Date | null;
  @ApiPropertyOptional({ nullable: true, description: 'The customer deleted the message for everyone' }) revokedAt!: Date | null;
}

export class ToolCallView {
  @ApiProperty() id!: string;
  @ApiPropertyOptional({ nullable: true }) messageId!: string | null;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ description: 'Arguments as the model sent them' }) arguments!: unknown;
  @ApiPropertyOptional() result!: unknown;
  @ApiPropertyOptional({ nullable: true }) error!: string | null;
  @ApiProperty({ enum: ['ok', 'invalid', 'not_checked'] }) validation!: string;
  @ApiProperty() durationMs!: number;
  @ApiProperty() createdAt!: Date;
}

export class VariableView {
  @ApiProperty() value!: unknown;
  @ApiProperty({ enum: ['ai', 'api', 'channel', 'agent'] }) source!: string;
  @ApiProperty() updatedAt!: string;
}

export class TokenTotalsView {
  @ApiProperty() promptTokens!: number;
  @ApiProperty() cachedTokens!: number;
  @ApiProperty() completionTokens!: number;
}

export class ConversationDetailView extends ConversationListItemView {
  @ApiProperty({ type: ServiceWindowView }) serviceWindow!: ServiceWindowView;
  @ApiPropertyOptional({ nullable: true }) handoffSummary!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { $ref: '#/components/schemas/VariableView' } }) variables!: Record<string, VariableView>;
  @ApiProperty({ type: TokenTotalsView }) tokens!: TokenTotalsView;
  @ApiProperty({ type: MessageView, isArray: true }) messages!: MessageView[];
  @ApiProperty({ type: ToolCallView, isArray: true }) toolCalls!: ToolCallView[];
}
