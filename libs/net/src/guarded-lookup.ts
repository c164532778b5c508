import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { isForbiddenAddress } from './address-policy';
import { SafeFetchError } from './safe-fetch-error';

/** DNS lookup that refuses the connection when ANY resolved address is forbidden (defeats rebinding: checked = connected). */
export function guardedLookup(hostname: string, allowed: boolean, onRefused: (e: SafeFetchError) => void): LookupFunction {
  return (host, options, callback) => {
    dnsLookup(host, { family: options.family ?? 0, hints: options.hints, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as LookupAddress[];
      if (!list.length) return callback(new SafeFetchError('NETWORK', `no addresses found for host ${hostname}`), '', 0);
      if (!allowed) {
        for (const a of list) {
          const reason = isForbiddenAddress(a.address);
          if (reason) {
            const e = new SafeFetchError('FORBIDDEN_ADDRESS', `host ${hostname} resolves to ${a.address}, a ${reason}; internal addresses are refused unless the host is listed as allowed`);
            onRefused(e);
            return callback(e, '', 0);
          }
        }
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}
