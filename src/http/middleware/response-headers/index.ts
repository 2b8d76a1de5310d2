import type { Context, MiddlewareHandler } from 'hono';

export interface ResponseHeadersOptions {
  /** Origins allowed to call the API from a browser; `*` for any (bearer tokens, no cookies). */
  corsOrigins?: string[];
  exposeHeaders?: string[];
}

/** Sent on every response (the lean read path clones them from one Headers, see lean-reads.ts). */
export const securityHeaders: readonly (readonly [string, string])[] = [
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'cross-origin'],
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
];

/**
 * Security headers and the CORS headers of simple (non-preflight) requests, set before the
 * handler runs so that they are part of the response it creates. (Setting them after
 * `next()`, as hono's secureHeaders and cors do, makes Hono copy every response: a fifth
 * of the cost of a cached read. Preflight requests are still answered by hono's cors.)
 */
export function responseHeaders(options: ResponseHeadersOptions = {}): MiddlewareHandler {
  const set = setResponseHeaders(options);
  return async function responseHeaders(c, next) {
    set(c);
    await next();
  };
}

/** The same, as a step of a middleware that does more (see app.ts). */
export function setResponseHeaders({
  corsOrigins = ['*'],
  exposeHeaders = ['ETag', 'X-Request-Id', 'Retry-After', 'Location'],
}: ResponseHeadersOptions = {}): (c: Context) => void {
  const anyOrigin = corsOrigins.includes('*');
  const allowed = new Set(corsOrigins);
  const expose = exposeHeaders.join(', ');
  return (c) => {
    for (const [name, value] of securityHeaders) c.header(name, value);
    const origin = c.req.header('origin');
    if (origin !== undefined) {
      if (anyOrigin) c.header('Access-Control-Allow-Origin', '*');
      else if (allowed.has(origin)) {
        c.header('Access-Control-Allow-Origin', origin);
        c.header('Vary', 'Origin');
      }
      c.header('Access-Control-Expose-Headers', expose);
    }
  };
}
