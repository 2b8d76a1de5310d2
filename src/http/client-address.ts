import type { Context } from 'hono';
import ipaddr from 'ipaddr.js';

/**
 * The client's address, for the limits on anonymous doors. Bun hands the server to the
 * fetch handler (Hono's `c.env`), which knows the socket's peer; on Workers the platform
 * sets `CF-Connecting-IP` (read only where there is no socket to ask, so a client of a Bun
 * server cannot forge it). IPv6 clients are grouped by /64, the block one subscriber gets,
 * so cycling through addresses of one's own block gains nothing.
 */
export function clientAddress(c: Context): string {
  const server = c.env as { requestIP?: (r: Request) => { address: string } | null } | undefined;
  const raw = typeof server?.requestIP === 'function' ? server.requestIP(c.req.raw)?.address : c.req.header('cf-connecting-ip');
  if (!raw || !ipaddr.isValid(raw)) return 'unknown';
  const addr = ipaddr.process(raw);
  if (addr.kind() === 'ipv4') return addr.toString();
  return `${(addr as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16)).join(':')}::/64`;
}
