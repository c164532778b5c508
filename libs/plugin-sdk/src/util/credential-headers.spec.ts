import { isCredentialHeaderName } from './credential-headers';

describe('isCredentialHeaderName', () => {
  it.each(['Authorization', 'proxy-authorization', 'Cookie', 'Set-Cookie', 'x-api-key', 'X-API-KEY', 'apikey', 'X-Auth-Token', 'x-client-secret',
    'X-Password', 'x-passwd', 'X-Session-Id', 'X-Hub-Signature-256', 'X-Amz-Security-Token', 'WWW-Authenticate'])('%s carries a credential', (name) => {
    expect(isCredentialHeaderName(name)).toBe(true);
  });

  it.each(['Accept', 'Content-Type', 'X-Shop', 'X-Request-Id', 'User-Agent', 'X-Tenant'])('%s does not', (name) => {
    expect(isCredentialHeaderName(name)).toBe(false);
  });
});
