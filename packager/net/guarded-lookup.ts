/**
 * A `lookup` for http(s) agents that resolves a host name and refuses it when any address it resolves to
 * is refused by the policy. The connection then uses exactly the addresses that were checked: the socket
 * connects to what this function returns, so a DNS answer that changes between check and connect (DNS
 * rebinding) cannot smuggle a private address in.
 */
import dns from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { AppError } from '../domain/errors.js';
import type { AddressPolicy } from './address-policy.js';

/** Resolves a host name to every address (dns.lookup with `all: true` by default; tests inject one). */
export type Resolver = (hostname: string) => Promise<readonly LookupAddress[]>;

export const systemResolver: Resolver = (hostname) =>
  dns.promises.lookup(hostname, { all: true, verbatim: true });

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** The refusal every guard throws: the host, the address and why. */
export function addressRefused(host: string, address: string, reason: string): AppError {
  const shown = host === address ? address : `${host} (${address})`;
  return new AppError(
    'url_not_allowed',
    `${shown} is a ${reason} address; ScalaCast does not connect there.`,
    {
      details: { host, address, reason },
    },
  );
}

export function createGuardedLookup(policy: AddressPolicy, resolve: Resolver = systemResolver) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname).then(
      (addresses) => {
        const wanted = addresses.filter(
          (entry) => !options.family || options.family === entry.family || options.family === 0,
        );
        if (wanted.length === 0) {
          callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
          return;
        }
        for (const entry of wanted) {
          const verdict = policy.check(entry.address);
          if (!verdict.allowed) {
            callback(addressRefused(hostname, entry.address, verdict.reason ?? 'refused'), []);
            return;
          }
        }
        if (options.all) callback(null, [...wanted]);
        else callback(null, wanted[0]?.address ?? '', wanted[0]?.family);
      },
      (error: unknown) => callback(error as NodeJS.ErrnoException, []),
    );
  };
}
