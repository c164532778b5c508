import { ApiError } from '../../api/errors';

/** The server's message at the field it names (400 with details.fields), so the error shows where the mistake is. */
export function fieldError(error: unknown, field: string): string | undefined {
  if (error instanceof ApiError && error.fields.includes(field)) return error.message;
  return undefined;
}

/** The message for the form as a whole, when no field of it was named. */
export function formError(error: unknown, fields: string[]): string | null {
  if (!error) return null;
  if (error instanceof ApiError && error.fields.some((f) => fields.includes(f))) return null;
  return error instanceof Error ? error.message : String(error);
}
