/** Only a path on this site may be returned to after sign-in ("//evil.example" and "https://…" are not). */
export function safeNext(next: string | null | undefined, fallback = '/chats'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/login')) return fallback;
  return next;
}
