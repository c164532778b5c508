import type { Request } from 'express';
import { isDashboardRequest } from './dashboard-paths';

const get = (path: string, headers: Record<string, string> = {}) => ({ method: 'GET', path, headers }) as unknown as Request;
const browser = { accept: 'text/html,application/xhtml+xml' };

describe('isDashboardRequest', () => {
  it('leaves the protocol endpoints to the server, even for a browser navigation', () => {
    expect(isDashboardRequest(get('/v1/models', browser))).toBe(false);
    expect(isDashboardRequest(get('/v1/models/shop-helper'))).toBe(false);
    expect(isDashboardRequest(get('/mcp', browser))).toBe(false);
    expect(isDashboardRequest(get('/api/v1/mcp-servers', browser))).toBe(false);
  });

  it('still serves the dashboard pages', () => {
    expect(isDashboardRequest(get('/chats', browser))).toBe(true);
    expect(isDashboardRequest(get('/', browser))).toBe(true);
  });
});
