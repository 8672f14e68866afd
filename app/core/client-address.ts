import ipaddr from 'ipaddr.js';

/**
 * The key an address is counted under by attempt limits: an IPv4 address as it is, an
 * IPv6 address by its /64, the smallest block one subscriber is usually given (RFC 6177),
 * so walking through the addresses of one's own network does not buy more attempts.
 */
export function addressKey(ip: string | undefined): string | undefined {
  if (!ip) return undefined;
  // What a trusted proxy passed on as an address but is none: one counter for all of it.
  if (!ipaddr.isValid(ip)) return 'not-an-address';
  const parsed = ipaddr.process(ip);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const prefix = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${prefix.map((part) => part.toString(16)).join(':')}::/64`;
}
