import { isIP } from 'node:net';
import { ValidateBy } from 'class-validator';
import { isAllowedHost, isForbiddenAddress, type AllowedHost } from './address-policy';

export interface OutboundUrlOptions {
  /** `{name}` placeholders (HTTP tools fill them per call) stand for a plain value while checking. */
  placeholders?: boolean;
  /**
   * When given, a host written as a private, loopback or link-local address is refused now, unless listed: the
   * send-time check would refuse every call to it anyway. Host names are left to the send-time check (DNS).
   */
  allowedHosts?: readonly AllowedHost[];
  /** The setting that lists allowed hosts, named in the refusal. */
  allowSetting?: string;
}

/**
 * Why `text` cannot be an address the platform calls out to (webhooks, HTTP tools, callbacks, knowledge pages), or
 * null: it must be an absolute http(s) URL with a host, without an IPv6 zone id (meaningless off this machine).
 */
export function outboundUrlProblem(text: unknown, options: OutboundUrlOptions = {}): string | null {
  if (typeof text !== 'string') return 'must be a URL string';
  const candidate = options.placeholders ? text.replace(/\{[A-Za-z_][A-Za-z0-9_]*\}/g, 'x') : text;
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*\[[^\]]*%/i.test(candidate)) return 'has an IPv6 zone id (%...), which only means something on one machine';
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return 'is not an absolute URL (for example https://example.com/path)';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `must be an http or https URL, not ${url.protocol.slice(0, -1)}`;
  if (!url.hostname) return 'has no host';
  if (!options.allowedHosts) return null;
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (isAllowedHost(options.allowedHosts, url.hostname, port)) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const reason = isIP(host) ? isForbiddenAddress(host) : null;
  if (!reason) return null;
  const unless = options.allowSetting ? ` unless ${options.allowSetting} lists it` : '';
  return `points to a ${reason}, which the platform never calls${unless}`;
}

/** class-validator rule for an outbound URL's form (the address check needs the allow-list, so services make it). */
export function IsOutboundUrl(options: Pick<OutboundUrlOptions, 'placeholders'> = {}): PropertyDecorator {
  return ValidateBy({
    name: 'isOutboundUrl',
    validator: {
      validate: (value) => outboundUrlProblem(value, options) === null,
      defaultMessage: (args) => `${args?.property} ${outboundUrlProblem(args?.value, options)}`,
    },
  });
}
