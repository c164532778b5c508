import { randomBytes } from 'node:crypto';
import { parseSecretsKey, SecretBox } from './secret-box';

describe('SecretBox', () => {
  const key = randomBytes(32);

  it('round-trips and never stores the plaintext', () => {
    const box = new SecretBox(key);
    const sealed = box.seal('EAAG-secret-token');
    expect(sealed).not.toContain('EAAG');
    expect(box.open(sealed)).toBe('EAAG-secret-token');
    expect(box.seal('x')).not.toBe(box.seal('x'));
  });

  it('detects tampering', () => {
    const box = new SecretBox(key);
    const parts = box.seal('hello').split(':');
    parts[4] = Buffer.from('jello').toString('base64');
    expect(() => box.open(parts.join(':'))).toThrow();
  });

  it('opens values sealed with a previous key after rotation, and marks them stale', () => {
    const old = new SecretBox(key);
    const sealed = old.seal('rotate me');
    const rotated = new SecretBox(randomBytes(32), [key]);
    expect(rotated.open(sealed)).toBe('rotate me');
    expect(rotated.isStale(sealed)).toBe(true);
    expect(rotated.isStale(rotated.seal('new'))).toBe(false);
    expect(() => new SecretBox(randomBytes(32)).open(sealed)).toThrow(/unknown key/);
  });

  it('parses hex, base64 and passphrase keys to 32 bytes', () => {
    expect(parseSecretsKey(key.toString('hex'))).toEqual(key);
    expect(parseSecretsKey(key.toString('base64'))).toEqual(key);
    expect(parseSecretsKey('a passphrase')).toHaveLength(32);
  });
});
