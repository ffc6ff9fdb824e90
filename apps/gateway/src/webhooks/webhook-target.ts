import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';

import * as ipaddr from 'ipaddr.js';

/**
 * Webhook targets never reach the platform's own network (ARCHITECTURE.md rule 7): loopback, private,
 * link-local (cloud metadata at 169.254.169.254), carrier-grade NAT (100.100.100.200), unspecified, multicast,
 * reserved and every IPv6 form that embeds such an IPv4 address are refused, whether written as an address or
 * reached through a host name. Only an operator's allow-list (WEBHOOK_ALLOWED_TARGETS) lets one through: the
 * local demo and the tests, whose receivers listen on 127.0.0.1.
 */

/** One entry of the allow-list: a host name, an address or a CIDR range, optionally limited to one port. */
export interface AllowedTarget {
  host?: string;
  range?: [ipaddr.IPv4 | ipaddr.IPv6, number];
  port?: number;
}

/** Thrown (as a lookup error) when a target resolves to an address that is not allowed. */
export const FORBIDDEN_TARGET = 'ESWX_FORBIDDEN_TARGET';

/**
 * `WEBHOOK_ALLOWED_TARGETS`: comma-separated entries, each `host`, `address`, `address/prefix` or any of the
 * first two with `:port` (IPv6 with a port in brackets: `[::1]:8080`). Throws naming a bad entry.
 */
export function parseAllowList(value: string): AllowedTarget[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(parseEntry);
}

function parseEntry(entry: string): AllowedTarget {
  const lower = entry.toLowerCase();
  if (lower.includes('/')) {
    try {
      return { range: ipaddr.parseCIDR(lower) };
    } catch {
      throw new Error(`not a CIDR range: ${entry}`);
    }
  }
  let host = lower;
  let port: number | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(lower);
  const withPort = /^([^:]+):(\d{1,5})$/.exec(lower);
  if (bracketed) [host, port] = [bracketed[1], bracketed[2] ? Number(bracketed[2]) : undefined];
  else if (withPort) [host, port] = [withPort[1], Number(withPort[2])];
  if (port !== undefined && (port < 1 || port > 65_535)) throw new Error(`bad port in ${entry}`);
  if (ipaddr.isValid(host)) {
    const address = ipaddr.parse(host);
    return { range: [address, address.kind() === 'ipv4' ? 32 : 128], port };
  }
  if (!/^[a-z0-9.-]+$/.test(host)) throw new Error(`not a host name, address or range: ${entry}`);
  return { host: host.replace(/\.$/, ''), port };
}

/** `public` for a globally routable unicast address, else the range that makes it internal (`loopback` …). */
export function addressRange(address: string): string {
  if (!ipaddr.isValid(address)) return 'invalid';
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  const range = parsed.range();
  return range === 'unicast' ? 'public' : range;
}

const portOf = (url: URL): number => (url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80);
/** The URL's host name without IPv6 brackets or a trailing dot, lower-case. */
export const hostOf = (url: URL): string =>
  url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();

function allowedByName(url: URL, allow: readonly AllowedTarget[]): boolean {
  const host = hostOf(url);
  const port = portOf(url);
  return allow.some((a) => a.host === host && (a.port === undefined || a.port === port));
}

function allowedAddress(address: string, port: number, allow: readonly AllowedTarget[]): boolean {
  if (addressRange(address) === 'public') return true;
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  return allow.some(
    (a) =>
      a.range !== undefined &&
      parsed.kind() === a.range[0].kind() &&
      parsed.match(a.range) &&
      (a.port === undefined || a.port === port),
  );
}

/** Why the URL itself can never be a webhook target (scheme, credentials), or undefined. */
export function urlShapeProblem(url: URL): string | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http or https URL';
  if (url.username || url.password) return 'must not carry credentials (user:password@)';
  if (!url.hostname) return 'must name a host';
  return undefined;
}

export type Resolver = (host: string) => Promise<string[]>;

/** Every address a host name resolves to (empty when it does not resolve within 3 s). */
export const resolveAll: Resolver = (host) =>
  new Promise((resolve) => {
    const timer = setTimeout(() => resolve([]), 3000);
    dnsLookup(host, { all: true, verbatim: true }, (err, addresses) => {
      clearTimeout(timer);
      resolve(err ? [] : addresses.map((a) => a.address));
    });
  });

/**
 * Why `url` is not an allowed webhook target, or undefined when it is: its shape, then its address (a literal, or
 * every address its host name resolves to now). A name that does not resolve is not refused here: the delivery
 * checks again at connection time.
 */
export async function targetProblem(
  raw: string,
  allow: readonly AllowedTarget[],
  resolve: Resolver = resolveAll,
): Promise<string | undefined> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute http or https URL';
  }
  const shape = urlShapeProblem(url);
  if (shape) return shape;
  if (allowedByName(url, allow)) return undefined;
  const host = hostOf(url);
  const addresses = ipaddr.isValid(host) ? [host] : await resolve(host);
  const internal = addresses.filter((a) => !allowedAddress(a, portOf(url), allow));
  if (internal.length > 0) {
    return 'must not point to a loopback, private, link-local or metadata address';
  }
  return undefined;
}

/**
 * A `lookup` for node:http that resolves as usual and fails with FORBIDDEN_TARGET when any address is internal:
 * the connection goes to an address that was checked, so a DNS answer that changes between check and connect
 * (rebinding) gains nothing.
 */
export function guardedLookup(url: URL, allow: readonly AllowedTarget[]): LookupFunction {
  const port = portOf(url);
  const byName = allowedByName(url, allow);
  return ((hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, options.all ? [] : '', 0);
      const bad = byName ? [] : addresses.filter((a) => !allowedAddress(a.address, port, allow));
      if (bad.length > 0 || addresses.length === 0) {
        const error = Object.assign(new Error('webhook target resolves to an internal address'), {
          code: FORBIDDEN_TARGET,
        });
        return callback(error, options.all ? [] : '', 0);
      }
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  }) as unknown as LookupFunction;
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;
