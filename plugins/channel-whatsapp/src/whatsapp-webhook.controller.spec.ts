import { UnlimitedRateLimits } from '@confab/plugin-sdk/testing';
import { Logger } from '@nestjs/common';
import * as crypto from 'node:crypto';
import { Forbidden, type ConnectionDirectory, type ConversationInbox } from '@confab/plugin-sdk';
import { verifyTokenMatches } from './signature';
import { WhatsAppWebhookController } from './whatsapp-webhook.controller';

// Wrapped, not replaced: the real comparison runs, the spec only sees that it was the constant-time one.
jest.mock('node:crypto', () => {
  const actual = jest.requireActual('node:crypto');
  return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});
const timingSafeEqual = crypto.timingSafeEqual as unknown as jest.Mock;

const ID = '7b0c4f8e-4c56-4a44-9a3e-0f6f2f1f2a11';
const directory = { load: async () => ({ id: ID, config: { verifyToken: 'verify-token-1' } }) } as unknown as ConnectionDirectory;
const controller = new WhatsAppWebhookController(directory, {} as ConversationInbox, {}, new UnlimitedRateLimits());

describe('webhook verification handshake', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));
  beforeEach(() => timingSafeEqual.mockClear());

  it('answers the challenge for the right token, compared in constant time', async () => {
    await expect(controller.verify(ID, 'subscribe', 'verify-token-1', '1158201444')).resolves.toBe('1158201444');
    expect(timingSafeEqual).toHaveBeenCalledTimes(1);
  });

  it('refuses a wrong token of the same length after a constant-time comparison', async () => {
    await expect(controller.verify(ID, 'subscribe', 'verify-token-2', '1')).rejects.toBeInstanceOf(Forbidden);
    expect(timingSafeEqual).toHaveBeenCalledTimes(1);
  });

  it('refuses a token of another length, a missing one, an array and a wrong mode without comparing bytes', async () => {
    for (const [mode, token] of [['subscribe', 'verify-token-1x'], ['subscribe', 'short'], ['subscribe', undefined], ['subscribe', ['verify-token-1']], ['unsubscribe', 'verify-token-1']]) {
      await expect(controller.verify(ID, mode as string, token as string, '1')).rejects.toBeInstanceOf(Forbidden);
    }
    expect(timingSafeEqual).not.toHaveBeenCalled();
  });

  it('never matches an empty configured token', () => {
    expect(verifyTokenMatches('', '')).toBe(false);
    expect(verifyTokenMatches('x', '')).toBe(false);
    expect(verifyTokenMatches('ünïcödé-token', 'ünïcödé-token')).toBe(true);
  });
});
