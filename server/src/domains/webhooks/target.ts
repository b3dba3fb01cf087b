import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { lookup as dnsLookupAsync } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Validation } from '../../lib/errors.ts';

// Outbound webhooks must not reach into the server's own network (SSRF): loopback, private, link-local (cloud
// metadata at 169.254.169.254), carrier-grade NAT, multicast, reserved and documentation ranges are refused.
// IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) are checked against the IPv4 ranges by BlockList itself.
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128], ['::1', 128], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8],
] as const) blocked.addSubnet(net, prefix, 'ipv6');

/** True when an IP address is loopback, private, link-local or otherwise not on the public internet. */
export function isPrivateAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 0) return true; // not an address: refuse rather than guess
  return blocked.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/** The host of a URL without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** Host names that always mean this machine, whatever DNS says. */
function isLocalName(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost');
}

/**
 * Refuses webhook URLs that are not http(s) or that point at private or loopback addresses (unless allowed).
 * Host names are resolved; one that does not resolve (yet) is accepted, since every delivery checks again.
 */
export async function checkWebhookUrl(raw: string, allowPrivate: boolean): Promise<void> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Validation('invalid_webhook_url', 'The URL is not valid', { field: 'url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Validation('invalid_webhook_url', 'The URL must start with http:// or https://', { field: 'url' });
  if (allowPrivate) return;
  const host = hostOf(url);
  const refuse = () => new Validation('webhook_url_not_allowed', 'The URL points at a private or loopback address', { field: 'url' });
  if (isLocalName(host)) throw refuse();
  if (isIP(host)) {
    if (isPrivateAddress(host)) throw refuse();
    return;
  }
  let addresses: LookupAddress[];
  try {
    addresses = await dnsLookupAsync(host, { all: true });
  } catch {
    return;
  }
  if (addresses.some((a) => isPrivateAddress(a.address))) throw refuse();
}

/** Why a delivery's target is refused before connecting (an IP literal or local name), or null. */
export function refusedTarget(url: URL, allowPrivate: boolean): string | null {
  if (allowPrivate) return null;
  const host = hostOf(url);
  if (isLocalName(host) || (isIP(host) && isPrivateAddress(host))) return `The URL points at a private or loopback address (${host})`;
  return null;
}

/**
 * A DNS lookup for outgoing requests that refuses private addresses. The check happens on the address actually
 * connected to, so a host name that changes its answer between checks (DNS rebinding) cannot slip through.
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    const cb = callback as (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
    if (err) return cb(err, '', 0);
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad) {
      const e: NodeJS.ErrnoException = new Error(`${hostname} resolves to a private address (${bad.address})`);
      e.code = 'EPRIVATEADDRESS';
      return cb(e, '', 0);
    }
    if (options.all) return cb(null, addresses);
    return cb(null, addresses[0]!.address, addresses[0]!.family);
  });
};
