// TEMPORARY bridge: contract B (sign-in, sessions) as the `operators` branch will document it. Deleted as soon as
// that branch is merged and `npm run dashboard:api` regenerates schema.d.ts with the real operations.
import type {} from './schema';

interface PendingSessionView {
  operator: { id: string; email: string; name: string; role: 'admin' | 'agent' | 'viewer' };
  tenant: { id: string; name: string; timezone: string };
  csrfToken: string;
}
type Json<T> = { content: { 'application/json': T } };
type Err = { headers: { [name: string]: unknown }; content: { 'application/json': unknown } };

declare module './schema' {
  interface paths {
    '/api/v1/auth/login': {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      post: {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        requestBody: Json<{ email: string; password: string }>;
        responses: { 200: { headers: { [name: string]: unknown } } & Json<PendingSessionView>; 401: Err; 429: Err };
      };
    };
    '/api/v1/auth/session': {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      get: {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        requestBody?: never;
        responses: { 200: { headers: { [name: string]: unknown } } & Json<PendingSessionView>; 401: Err };
      };
    };
    '/api/v1/auth/logout': {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      post: {
        parameters: { query?: never; header?: never; path?: never; cookie?: never };
        requestBody?: never;
        responses: { 204: { headers: { [name: string]: unknown }; content?: never } };
      };
    };
    '/api/v1/auth/invitations/{token}': {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      post: {
        parameters: { query?: never; header?: never; path: { token: string }; cookie?: never };
        requestBody: Json<{ password: string; name?: string }>;
        responses: { 200: { headers: { [name: string]: unknown } } & Json<PendingSessionView>; 404: Err };
      };
    };
  }
}
