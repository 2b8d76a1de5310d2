import http from 'node:http';
import https from 'node:https';
import { isIPv6 } from 'node:net';
import type { WebhookPost } from './dispatcher';

/**
 * POSTs a webhook to exactly the address that was checked. `fetch` would resolve the name
 * again, and a DNS answer that changed in between (rebinding) could point it at loopback
 * or the cloud metadata service. node:http's `lookup` hook (honoured by Node and by Bun)
 * hands the socket the checked address instead; the URL's name still goes in the Host
 * header and, over TLS, in SNI and the certificate check, so virtual hosts and
 * certificates work as usual. node:http never follows redirects.
 */
export const pinnedPost: WebhookPost = (url, address, { headers, body, timeoutMs }) =>
  new Promise((resolve, reject) => {
    const family = address && isIPv6(address) ? 6 : 4;
    const lookup = (_host: string, options: { all?: boolean }, done: (...args: unknown[]) => void) => {
      if (!address) return done(new Error('no checked address to connect to'));
      if (options?.all) done(null, [{ address, family }]);
      else done(null, address, family);
    };
    const request = (url.protocol === 'https:' ? https : http).request(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup: lookup as never, signal: AbortSignal.timeout(timeoutMs) },
      (res) => {
        // Only the status matters; the body is drained so the socket is freed.
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
