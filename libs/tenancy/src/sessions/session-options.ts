export const SESSION_OPTIONS = Symbol('SESSION_OPTIONS');

export interface SessionOptions {
  /** PUBLIC_URL: invitation links point at it, and https there makes the cookie Secure. */
  publicUrl: string;
}

export function secureCookies(options: SessionOptions): boolean {
  return options.publicUrl.startsWith('https:');
}
