import ipaddr from 'ipaddr.js';

/**
 * Where a webhook may go: only to the public internet. Address classes come from ipaddr.js
 * (a maintained table of the IANA special-purpose registries), not from hand-written
 * prefixes: an address is public only if the library calls it plain `unicast`, so
 * loopback, private, link-local, CGNAT (100.64/10), benchmarking (198.18/15),
 * documentation, multicast, broadcast, reserved, unique-local and every transition range
 * (6to4, Teredo, NAT64) are refused. An IPv4 address written inside IPv6
 * (`::ffff:127.0.0.1`, which URL parsing turns into `[::ffff:7f00:1]`) is judged as the
 * IPv4 address it carries.
 */
export function isPublicAddress(ip: string): boolean {
  const bare = ip.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return false;
  let addr: ipaddr.IPv4 | ipaddr.IPv6 = ipaddr.parse(bare);
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
  if (addr.range() !== 'unicast') return false;
  // IPv6: only global unicast (2000::/3); the rest of the space is unassigned or special.
  return addr.kind() === 'ipv4' || (addr as ipaddr.IPv6).parts[0]! >> 13 === 1;
}

/** Whether a URL host is an address literal (`1.2.3.4`, `[::1]`) rather than a name. */
export function addressLiteral(host: string): string | undefined {
  const bare = host.replace(/^\[|\]$/g, '');
  return ipaddr.isValid(bare) && (host.startsWith('[') || ipaddr.IPv4.isValidFourPartDecimal(bare)) ? bare : undefined;
}

/** Names that never lead to the public internet, whatever DNS says of them today. */
const privateSuffixes = ['.localhost', '.local', '.internal', '.lan', '.home.arpa', '.intranet', '.corp', '.private'];

/**
 * Why a URL host is refused before any lookup, or undefined. Literal addresses are judged
 * by class; names must be fully qualified (a single label such as `intranet` or
 * `localhost.` resolves through the local search list, often to loopback) and outside the
 * private-use suffixes. What a public-looking name resolves to is checked at send time.
 */
export function hostRefusal(host: string): string | undefined {
  const literal = addressLiteral(host);
  if (literal !== undefined) return isPublicAddress(literal) ? undefined : 'The address is not a public internet address.';
  if (host.startsWith('[') || /^[0-9.]+$/.test(host)) return 'The address is not a public internet address.';
  const name = host.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || privateSuffixes.some((s) => name.endsWith(s))) return 'The name is a local or private one.';
  if (!name.includes('.')) return 'The name must be fully qualified (a single label resolves locally).';
  return undefined;
}
