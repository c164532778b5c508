import { parseAllowedHosts } from './address-policy';
import { outboundUrlProblem } from './url-rule';

describe('outbound URL rule', () => {
  it('takes absolute http(s) URLs, with {placeholders} where allowed', () => {
    expect(outboundUrlProblem('https://crm.example.com/hook')).toBeNull();
    expect(outboundUrlProblem('https://shop.example.com/orders/{orderId}', { placeholders: true })).toBeNull();
  });

  it('refuses what is not a URL, other schemes and IPv6 zone ids', () => {
    expect(outboundUrlProblem('crm')).toMatch(/not an absolute URL/);
    expect(outboundUrlProblem('ftp://example.com/x')).toMatch(/http or https URL, not ftp/);
    expect(outboundUrlProblem('http://[fe80::1%25eth0]/x')).toMatch(/IPv6 zone id/);
    expect(outboundUrlProblem(42)).toMatch(/URL string/);
  });

  it('with an allow-list, refuses hosts written as internal addresses unless listed; names are left to send time', () => {
    const allowedHosts = parseAllowedHosts('127.0.0.1:8080');
    expect(outboundUrlProblem('http://10.1.2.3/x', { allowedHosts, allowSetting: 'OUTBOUND_ALLOWED_HOSTS' })).toMatch(/private address \(10\.0\.0\.0\/8\).*unless OUTBOUND_ALLOWED_HOSTS lists it/);
    expect(outboundUrlProblem('http://0x7f.1/x', { allowedHosts })).toMatch(/loopback/);
    expect(outboundUrlProblem('http://[::ffff:169.254.169.254]/x', { allowedHosts })).toMatch(/link-local/);
    expect(outboundUrlProblem('http://127.0.0.1:8080/x', { allowedHosts })).toBeNull();
    expect(outboundUrlProblem('http://localhost/x', { allowedHosts })).toBeNull();
    expect(outboundUrlProblem('http://93.184.215.14/x', { allowedHosts })).toBeNull();
  });
});
