export const WEB_WIDGET_OPTIONS = Symbol('WEB_WIDGET_OPTIONS');

export interface WebWidgetOptions {
  /** PUBLIC_URL: where browsers load the bundle and reach the widget API. */
  publicUrl: string;
  /** Signs session tokens; the same in every API process (derived from the secrets key). */
  sessionKey: Buffer;
  /** Where `npm run build:widget` puts widget.js (default: dist/widget under the working directory). */
  bundleDir?: string;
}
