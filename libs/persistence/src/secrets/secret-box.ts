import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';

function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** Accepts 32 bytes as base64 or hex; anything else is stretched with SHA-256 so a passphrase also works. */
export function parseSecretsKey(raw: string): Buffer {
  const trimmed = raw.trim();
  if (/^[0-9a-f]{64}$/i.test(trimmed)) return Buffer.from(trimmed, 'hex');
  const b64 = Buffer.from(trimmed, 'base64');
  if (b64.length === 32 && /^[A-Za-z0-9+/]+=*$/.test(trimmed)) return b64;
  return createHash('sha256').update(trimmed).digest();
}

/**
 * AES-256-GCM for secrets at rest. Ciphertexts name the key that sealed them, so after a rotation the old key
 * (SECRETS_KEY_PREVIOUS) still opens old values and every new write uses the new key.
 */
export class SecretBox {
  private readonly keys = new Map<string, Buffer>();
  private readonly current: { id: string; key: Buffer };

  constructor(currentKey: Buffer, previousKeys: Buffer[] = []) {
    this.current = { id: keyId(currentKey), key: currentKey };
    for (const key of [currentKey, ...previousKeys]) this.keys.set(keyId(key), key);
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, this.current.id, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
  }

  open(sealed: string): string {
    const [version, id, iv, tag, body] = sealed.split(':');
    if (version !== VERSION || !body) throw new Error('Not a sealed secret');
    const key = this.keys.get(id);
    if (!key) throw new Error(`Secret sealed with unknown key ${id}; set SECRETS_KEY_PREVIOUS to the old key`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  }

  /** True when the value was sealed with an older key and should be re-sealed. */
  isStale(sealed: string): boolean {
    return sealed.split(':')[1] !== this.current.id;
  }
}
