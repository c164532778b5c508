export { isForbiddenAddress, parseAllowedHosts, isAllowedHost, type AllowedHost } from './address-policy';
export { keepAliveAgents, safeFetch, SafeFetchError, type KeepAliveAgents, type SafeFetchErrorCode, type SafeFetchOptions, type SafeResponse } from './safe-fetch';
export { outboundUrlProblem, IsOutboundUrl, type OutboundUrlOptions } from './url-rule';
