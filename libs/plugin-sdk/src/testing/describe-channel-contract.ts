import { CHANNEL_METADATA, type ChannelOptions } from '../channel/channel.decorator';
import type { ChannelPlugin } from '../channel/channel.contract';
import type { Connection, OutboundMessage } from '../channel/channel.types';
import { ValidationFailed } from '../errors';
import { validateConfig } from '../registry/validate-config';
import { channelFormatter, FORMATTING_NAME } from '../channel/text-formatting';
import { sendRateProblem } from '../channel/send-rate';

export interface ChannelContractSetup {
  plugin: ChannelPlugin<any>;
  /** A connection the plugin can send on in this test (point provider URLs at a loopback fake). */
  connection: Connection<any>;
  message?: Partial<OutboundMessage>;
  /** A config the schema must accept. */
  validConfig: Record<string, unknown>;
}

/**
 * The checks every channel plugin must pass; call it from the plugin's own spec. It registers jest tests, so
 * it runs under jest only.
 */
export function describeChannelContract(name: string, setup: () => Promise<ChannelContractSetup> | ChannelContractSetup): void {
  describe(`${name} honours the Channel contract`, () => {
    let s: ChannelContractSetup;
    beforeAll(async () => {
      s = await setup();
    });

    it('is decorated with @Channel naming a snake_case type and a config schema', () => {
      const options: ChannelOptions | undefined = Reflect.getMetadata(CHANNEL_METADATA, s.plugin.constructor);
      expect(options).toBeDefined();
      expect(options!.type).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(typeof options!.configSchema).toBe('function');
    });

    it('declares sane capabilities and formatting guidance', () => {
      const c = s.plugin.capabilities;
      expect(Number.isInteger(c.maxTextLength) && c.maxTextLength > 0).toBe(true);
      expect(c.formatting).toMatch(FORMATTING_NAME);
      expect(sendRateProblem(c.sendRate)).toBeUndefined();
      for (const flag of [c.templates, c.deliveryReceipts, c.readReceipts, c.typingIndicator]) expect(typeof flag).toBe('boolean');
      if (c.serviceWindowHours !== undefined) expect(c.serviceWindowHours).toBeGreaterThan(0);
      // A reply budget is a wait a person sits through: seconds to minutes, never zero or hours.
      if (c.replyBudgetMs !== undefined) expect(c.replyBudgetMs >= 1_000 && c.replyBudgetMs <= 600_000).toBe(true);
      expect(s.plugin.formattingGuidance.trim().length).toBeGreaterThan(10);
    });

    it(`turns the model's Markdown into the flavour it names, keeping the words`, () => {
      const format = channelFormatter(s.plugin);
      // A flavour that is not built in needs the channel's own formatter; the core would have nothing to call.
      expect(format).toBeDefined();
      const sample = '# Opening hours\n\nWe are **open** from *9* to 5.\n\n- Monday\n- [Booking](https://example.com/book)';
      const out = format!(sample);
      expect(typeof out).toBe('string');
      for (const word of ['Opening hours', 'open', '9', 'Monday', 'https://example.com/book']) expect(out).toContain(word);
      // Text without markup is shown as written, whatever the flavour.
      expect(format!('Hello, see you at 10.')).toBe('Hello, see you at 10.');
      expect(format!('')).toBe('');
      if (s.plugin.capabilities.formatting !== 'markdown') {
        expect(out).not.toMatch(/^#/m);
        expect(out).not.toContain('**');
        expect(out).not.toContain('](');
      }
    });

    it('accepts a valid config and refuses a wrong one with ValidationFailed', () => {
      const options: ChannelOptions = Reflect.getMetadata(CHANNEL_METADATA, s.plugin.constructor);
      expect(() => validateConfig(options.configSchema, s.validConfig)).not.toThrow();
      expect(() => validateConfig(options.configSchema, { __not_a_setting__: true })).toThrow(ValidationFailed);
    });

    it('sends and answers with a SendResult (a failure is data, never a throw)', async () => {
      const result = await s.plugin.send(s.connection, {
        messageId: '00000000-0000-4000-8000-000000000001',
        conversationId: '00000000-0000-4000-8000-000000000002',
        to: [{ kind: 'test', value: 'customer-1' }],
        text: 'Contract check',
        ...s.message,
      });
      if (result.ok) {
        expect(typeof result.providerMessageId).toBe('string');
        expect(result.providerMessageId.length).toBeGreaterThan(0);
      } else {
        expect(typeof result.retryable).toBe('boolean');
        expect(result.reason.length).toBeGreaterThan(0);
      }
    });
  });
}
