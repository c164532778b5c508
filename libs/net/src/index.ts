export { isForbiddenAddress, parseAllowedHosts, isAllowedHost, type AllowedHost } from './address-policy';
export { safeFetch, SafeFetchError, type SafeFetchErrorCode, type SafeFetchOptions, type SafeResponse } from './safe-fetch';
export { outboundUrlProblem, IsOutboundUrl, type OutboundUrlOptions } from './url-rule';
