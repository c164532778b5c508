import type { ChannelCapabilities, Connection, OutboundMessage, SendRate, SendResult } from './channel.types';

/**
 * A channel plugin: a Nest provider decorated with @Channel. Inbound traffic arrives on the plugin's own
 * routes and is handed to the core through the ConversationInbox port; outbound goes through send().
 */
export interface ChannelPlugin<TConfig extends object = Record<string, unknown>> {
  readonly capabilities: ChannelCapabilities;
  /** Appended to the assistant's system prompt when it answers on this channel. */
  readonly formattingGuidance: string;
  /**
   * Optional: turns the model's Markdown into this channel's flavour (`capabilities.formatting`). The core applies
   * it to every free-form text before send(), so send() gets text ready to show. Required when the flavour is not
   * built in ('markdown', 'plain'). Pure and synchronous: it runs once per outbound message.
   */
  formatText?(markdown: string): string;
  send(connection: Connection<TConfig>, message: OutboundMessage): Promise<SendResult>;
  /**
   * Optional: checks of a new connection's config that need more than its schema (installation settings, the
   * tenant's data). Throw ValidationFailed naming the config field (`callbackUrl`); the core prefixes `config.`.
   */
  checkConfig?(tenantId: string, config: TConfig): Promise<void>;
  /**
   * Optional: read-only facts about a connection the API shows beside it (the web widget's `publicKey` and
   * `embedSnippet`), computed from its id and non-secret settings. Never put a secret here.
   */
  describeConnection?(connection: { id: string; config: Partial<TConfig> }, context: { publicUrl: string }): Record<string, string>;
  /**
   * Optional: the send rate of one connection, when it depends on its settings (a WhatsApp number's throughput
   * tier); `capabilities.sendRate` is the rate of every other connection. Pure and synchronous: the send queue asks
   * it for every send. A rate the core cannot use (see sendRateProblem) falls back to `capabilities.sendRate`.
   */
  sendRateFor?(connection: Connection<TConfig>): SendRate;
}

/** Opt-in power: business-initiated template messages. */
export interface TemplateSender<TConfig extends object = Record<string, unknown>> {
  sendTemplate(connection: Connection<TConfig>, message: OutboundMessage): Promise<SendResult>;
}

/** Opt-in power: show that the assistant is working on a reply (and mark the inbound message read). */
export interface TypingIndicator<TConfig extends object = Record<string, unknown>> {
  showTyping(connection: Connection<TConfig>, inboundProviderMessageId: string): Promise<void>;
}

export function canSendTemplates(plugin: ChannelPlugin<any>): plugin is ChannelPlugin<any> & TemplateSender<any> {
  return typeof (plugin as Partial<TemplateSender>).sendTemplate === 'function';
}

export function canShowTyping(plugin: ChannelPlugin<any>): plugin is ChannelPlugin<any> & TypingIndicator<any> {
  return typeof (plugin as Partial<TypingIndicator>).showTyping === 'function';
}
