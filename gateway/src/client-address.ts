/**
 * Where a request came from, for what is keyed by it: the rate limit of callers without a verified
 * token (rate-limit.ts).
 *
 * By default that is the connection's peer, and `X-Forwarded-For` is ignored: anyone can write
 * that header, and a caller who could choose its own address could choose a fresh rate-limit
 * bucket for every request. Behind a load balancer, though, the peer is the balancer, and every
 * anonymous caller would share its one bucket. `GATEWAY_TRUSTED_PROXIES` names the balancers
 * (addresses or CIDR ranges): when the peer is one of them, the header is read from the right,
 * each hop a trusted proxy appended, and the first address that is not a trusted proxy is the
 * caller's. Everything to its left was written by the caller and is not looked at. A malformed
 * entry stops the walk: the caller is then the last trusted proxy that was read (the header can
 * never make the address something a trusted proxy did not write).
 */
import { BlockList, isIP } from 'node:net';

/** The caller's address, given the connection's peer and the request's `X-Forwarded-For`. */
export type ClientAddress = (peer: string | undefined, forwardedFor: string | null | undefined) => string | undefined;

/** `1.2.3.4`, `::ffff:1.2.3.4`, `[2001:db8::1]`, `1.2.3.4:5678`, `[2001:db8::1]:443`: the address alone. */
function normalise(raw: string): string | undefined {
  let value = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(value);
  if (mapped) value = mapped[1]!;
  return isIP(value) ? value.toLowerCase() : undefined;
}

/**
 * The trusted proxies as a `BlockList`; throws one message naming every entry that is neither an
 * address nor a CIDR range.
 */
export function trustedProxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  const bad: string[] = [];
  for (const entry of entries) {
    const [address, prefix, ...rest] = entry.trim().split('/');
    const ip = address ? normalise(address) : undefined;
    const family = ip ? (isIP(ip) === 4 ? 'ipv4' : 'ipv6') : undefined;
    const validPrefix =
      prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 'ipv4' ? 32 : 128));
    if (!ip || !family || rest.length > 0 || !validPrefix) {
      bad.push(entry);
      continue;
    }
    if (prefix === undefined) list.addAddress(ip, family);
    else list.addSubnet(ip, Number(prefix), family);
  }
  if (bad.length > 0) throw new Error(`not an address or a CIDR range: ${bad.join(', ')}`);
  return list;
}

export function clientAddressResolver(trusted: readonly string[] = []): ClientAddress {
  if (trusted.length === 0) return (peer) => (peer === undefined ? undefined : (normalise(peer) ?? peer));
  const list = trustedProxyList(trusted);
  const isTrusted = (ip: string) => list.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6');
  return (peer, forwardedFor) => {
    const from = peer === undefined ? undefined : normalise(peer);
    if (!from || !isTrusted(from) || !forwardedFor) return from ?? peer;
    const hops = forwardedFor.split(',');
    let caller = from;
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = normalise(hops[i]!);
      if (!hop) return caller;
      caller = hop;
      if (!isTrusted(hop)) return hop;
    }
    return caller;
  };
}
