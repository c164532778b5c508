/**
 * A widget's public key names its connection: `wk_` and the connection id's 32 hex digits. It sits on every page
 * that embeds the widget, so it is not a secret and needs no lookup table; what a key may do is decided by the
 * connection's allowed origins and limits.
 */
export function publicKeyOf(connectionId: string): string {
  return `wk_${connectionId.replaceAll('-', '').toLowerCase()}`;
}

/** The connection id a public key names, or null when it is not a widget key. */
export function connectionIdOf(publicKey: string): string | null {
  const m = /^wk_([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})$/.exec(publicKey);
  return m ? m.slice(1).join('-') : null;
}

export function embedSnippetFor(publicUrl: string, publicKey: string): string {
  return `<script src="${publicUrl.replace(/\/+$/, '')}/widget.js" data-key="${publicKey}" async></script>`;
}
