import type { Context } from 'hono';
import type { ReplyHints } from '../../actors/core/hints';
import { rateLimitHeaders } from '../../actors/core/rate-limit';
import type { AppEnv } from './env';

/**
 * The headers an actor's hints ask for, the same in every mode (the hints travel with the
 * reply through every transport): the RateLimit headers, and a company's own CORS origins.
 * A company that lists its origins overrides the operator's default: the response lets a
 * listed origin read it, and no other. (Preflights carry no credentials, so they are
 * answered by the default; the browser still blocks the real response.)
 */
export function applyReplyHints(c: Context<AppEnv>, hints: ReplyHints | undefined): void {
  if (!hints) return;
  if (hints.rateLimit) {
    const headers = rateLimitHeaders(hints.rateLimit);
    for (const name in headers) c.header(name, headers[name]);
  }
  if (hints.allowedOrigins) {
    const origin = c.req.header('origin');
    if (!origin) return;
    if (hints.allowedOrigins.includes(origin.toLowerCase())) {
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Vary', 'Origin');
    } else c.header('Access-Control-Allow-Origin', undefined);
  }
}
