/** An anonymous widget visitor's id as the widget makes it (`v_` and 22 base64url characters): no name to read. */
const VISITOR_ID = /^v_[A-Za-z0-9_-]{22}$/;

export interface CustomerLabel {
  /** What the customer is called in lists and headings; null when nothing readable is known. */
  primary: string | null;
  /** A second line under the name (the phone number, the user id), when it adds something. */
  secondary: string | null;
  /** The customer is an anonymous website visitor: `primary` holds the short form of the visitor id. */
  visitor: boolean;
}

/**
 * How to call a customer: the name when known; a phone number or user id otherwise. Generated stand-ins are not
 * shown as they are: a test chat's identifier is dropped, an anonymous visitor becomes "Website visitor" with the
 * first characters of the id, enough to tell two visitors apart.
 */
export function customerLabel(channel: string, name: string | null | undefined, identifier: string | null | undefined): CustomerLabel {
  const id = channel === 'test' ? null : identifier?.trim() || null;
  const visitor = !!id && VISITOR_ID.test(id);
  const shown = visitor ? id!.slice(2, 8) : id;
  if (name?.trim()) return { primary: name.trim(), secondary: visitor ? null : shown, visitor };
  return { primary: shown, secondary: null, visitor };
}
