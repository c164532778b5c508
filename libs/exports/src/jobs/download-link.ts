import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Download links carry their own authority, so a browser can follow one without the API key: an HMAC over the
 * export, its tenant and the expiry instant. The HMAC key is derived from the secrets key for this one purpose,
 * so a link's signature reveals nothing usable elsewhere.
 */
export class DownloadLinkSigner {
  private readonly key: Buffer;

  constructor(secretsKey: Buffer) {
    this.key = createHmac('sha256', secretsKey).update('confab:export-download-link:v1').digest();
  }

  sign(exportId: string, tenantId: string, expiresAtMs: number): string {
    return createHmac('sha256', this.key).update(`${exportId}:${tenantId}:${expiresAtMs}`).digest('base64url');
  }

  verify(exportId: string, tenantId: string, expiresAtMs: number, signature: string): boolean {
    const expected = Buffer.from(this.sign(exportId, tenantId, expiresAtMs));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
