import { randomBytes } from 'node:crypto';
import { describeChannelContract } from '@confab/plugin-sdk/testing';
import { validateConfig } from '@confab/plugin-sdk';
import { WebWidgetChannel } from './web-widget-channel';
import { WebWidgetConfig } from './web-widget.config';
import { connectionIdOf, embedSnippetFor, publicKeyOf } from './public-key';
import { identityHash, identityHashMatches } from './identity-hash';
import { newVisitorId, isVisitorId, SessionTokens, sessionKeyFrom } from './session-token';
import { originProblem } from './origins';
import { visitorEvent } from './visitor-events';

const options = { publicUrl: 'https://confab.example', sessionKey: randomBytes(32) };
const connection = { id: '3f0c9a6e-2b8d-4c1f-9e7a-5b3d1c0f8e6a', tenantId: 't1', type: 'web_widget', assistantId: 'a1', name: 'w', config: { allowedOrigins: ['https://shop.example'] }, state: {} };

describeChannelContract('WebWidgetChannel', () => ({ plugin: new WebWidgetChannel(options), connection, validConfig: { allowedOrigins: ['https://shop.example'], language: 'de' } }));

describe('web widget building blocks', () => {
  it('marks a reply ready for the widget on send and streams', async () => {
    const channel = new WebWidgetChannel(options);
    expect(channel.capabilities.streaming).toBe(true);
    expect(await channel.send(connection, { messageId: 'm1', conversationId: 'c1', to: [], text: 'hi' })).toEqual({ ok: true, providerMessageId: 'ww-m1', deliveryStatus: 'sent' });
  });

  it('turns a connection id into a public key and back, and builds the snippet', () => {
    const key = publicKeyOf(connection.id);
    expect(key).toBe('wk_3f0c9a6e2b8d4c1f9e7a5b3d1c0f8e6a');
    expect(connectionIdOf(key)).toBe(connection.id);
    expect(connectionIdOf('wk_nothex')).toBeNull();
    expect(embedSnippetFor('https://confab.example/', key)).toBe(`<script src="https://confab.example/widget.js" data-key="${key}" async></script>`);
  });

  it('checks identity hashes as hex HMAC-SHA256 in constant time', () => {
    const hash = identityHash('user-1', 'secret-secret-secret');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(identityHashMatches('user-1', hash, 'secret-secret-secret')).toBe(true);
    expect(identityHashMatches('user-1', hash.toUpperCase(), 'secret-secret-secret')).toBe(true);
    expect(identityHashMatches('user-2', hash, 'secret-secret-secret')).toBe(false);
    expect(identityHashMatches('user-1', hash.slice(2), 'secret-secret-secret')).toBe(false);
    expect(identityHashMatches('user-1', 'z'.repeat(64), 'secret-secret-secret')).toBe(false);
  });

  it('issues tokens that expire and cannot be altered or used with another key', () => {
    const tokens = new SessionTokens(sessionKeyFrom(randomBytes(32)));
    const { token, session } = tokens.issue({ tenantId: 't', connectionId: 'c', visitorId: newVisitorId(), origin: 'https://shop.example' }, 1_000_000);
    expect(tokens.verify(token, 1_000_000)).toEqual(session);
    expect(tokens.verify(token, 1_000_000 + 3600_000)).toEqual({ problem: expect.stringMatching(/expired/) });
    const [payload, mac] = token.slice(4).split('.');
    const forged = Buffer.from(JSON.stringify({ ...session, origin: 'https://evil.example' })).toString('base64url');
    expect(tokens.verify(`wst_${forged}.${mac}`, 1_000_000)).toEqual({ problem: expect.stringMatching(/not valid/) });
    expect(new SessionTokens(sessionKeyFrom(randomBytes(32))).verify(`wst_${payload}.${mac}`, 1_000_000)).toEqual({ problem: expect.stringMatching(/not valid/) });
    expect(tokens.verify(undefined)).toEqual({ problem: expect.stringMatching(/Bearer/) });
  });

  it('makes visitor ids in one recognisable format', () => {
    const id = newVisitorId();
    expect(isVisitorId(id)).toBe(true);
    expect(isVisitorId('v_short')).toBe(false);
    expect(newVisitorId()).not.toBe(id);
  });

  it('accepts origins only as browsers send them', () => {
    expect(originProblem('https://shop.example')).toBeNull();
    expect(originProblem('http://localhost:8080')).toBeNull();
    expect(originProblem('https://shop.example/')).toMatch(/exactly as browsers send it: https:\/\/shop.example/);
    expect(originProblem('https://shop.example:443')).toMatch(/https:\/\/shop.example/);
    expect(originProblem('shop.example')).toMatch(/not an origin/);
    expect(originProblem('javascript:alert(1)')).toMatch(/https:\/\/ or http:\/\//);
    expect(() => validateConfig(WebWidgetConfig, { allowedOrigins: ['https://a.example'], preChatForm: { name: 'yes' } })).toThrow(/preChatForm.name/);
  });

  it('shows the visitor only what the visitor may see of live events', () => {
    const base = { id: '1-0', tenantId: 't', conversationId: 'c', at: 'now' };
    expect(visitorEvent({ ...base, type: 'message.created', data: { id: 'm', author: 'assistant', text: 'Hi', createdAt: 'x', toolCalls: [{ name: 'lookup', status: 'ok' }], costMicros: '120' } }))
      .toEqual({ event: 'message.created', data: { id: 'm', turnId: null, author: 'assistant', text: 'Hi', createdAt: 'x', status: null, agentName: null } });
    expect(visitorEvent({ ...base, type: 'message.created', data: { id: 'm', author: 'customer', text: '' } })).toBeNull();
    expect(visitorEvent({ ...base, type: 'message.status', data: { messageId: 'm', status: 'failed', errorCode: '131047', errorMessage: 'Re-engagement' } }))
      .toEqual({ event: 'message.status', data: { messageId: 'm', status: 'failed' } });
    expect(visitorEvent({ ...base, type: 'conversation.updated', data: { status: 'open', owner: 'human', handedOver: { reason: 'r', summary: 'angry' }, lastMessageAt: null, messageCount: 3, costMicros: '9' } }))
      .toEqual({ event: 'conversation.updated', data: { status: 'open', owner: 'human', handedOver: true, lastMessageAt: null } });
    expect(visitorEvent({ ...base, type: 'typing', data: { active: true } })).toEqual({ event: 'typing', data: { active: true } });
  });
});
