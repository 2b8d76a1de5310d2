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
  if (hints) setReplyHintHeaders(hints, c.req.header('origin'), c.header);
}

/** The same through any header setter (undefined removes), for the lean read path. */
export function setReplyHintHeaders(hints: ReplyHints, origin: string | undefined, set: (name: string, value: string | undefined) => void): void {
  if (hints.rateLimit) {
    const headers = rateLimitHeaders(hints.rateLimit);
    for (const name in headers) set(name, headers[name]);
  }
  if (hints.allowedOrigins) {
    if (!origin) return;
    if (hints.allowedOrigins.includes(origin.toLowerCase())) {
      set('Access-Control-Allow-Origin', origin);
      set('Vary', 'Origin');
    } else set('Access-Control-Allow-Origin', undefined);
  }
}
