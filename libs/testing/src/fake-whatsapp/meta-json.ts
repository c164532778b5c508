import { createHmac } from 'node:crypto';

/**
 * JSON the way Meta puts it on the wire: every non-ASCII UTF-16 unit as a lowercase \uXXXX escape and '/' as '\/'.
 * A receiver that re-serialises the parsed body gets different bytes, so only raw-body signature checks pass.
 */
export function metaJson(payload: unknown): string {
  const json = JSON.stringify(payload);
  if (json === undefined) throw new Error('fake-whatsapp: metaJson cannot serialise undefined');
  // '/' never appears outside strings in JSON, so escaping every occurrence only touches string contents.
  return json
    .replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/\//g, '\\/');
}

/** The X-Hub-Signature-256 header value for these exact bytes. */
export function signMetaBody(rawBody: string | Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}
