import { createHmac } from 'node:crypto';
import { signCallback } from './callback-signature';

describe('signCallback', () => {
  it('signs id.timestamp.body with the secret as text', () => {
    const expected = createHmac('sha256', 'plain-secret-value').update('msg_1.1700000000.{"a":1}').digest('base64');
    expect(signCallback('plain-secret-value', 'msg_1', 1700000000, '{"a":1}')).toBe(`v1,${expected}`);
  });

  it('uses the decoded key bytes of a Standard Webhooks whsec_ secret', () => {
    const key = Buffer.from('0123456789abcdef0123456789abcdef');
    const expected = createHmac('sha256', key).update('msg_1.1700000000.body').digest('base64');
    expect(signCallback(`whsec_${key.toString('base64')}`, 'msg_1', 1700000000, 'body')).toBe(`v1,${expected}`);
  });
});
