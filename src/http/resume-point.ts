import type { Context } from 'hono';
import { AppError } from '../../actors/core/errors';

/**
 * Where a push connection resumes: `Last-Event-ID` (EventSource sends it by itself) or
 * `?since=`, a sequence number. Anything else is refused, naming where it came from, rather
 * than quietly starting from now: a client that sent a resume point expects no gap.
 */
export function resumePointOf(c: Context, header = true): string | undefined {
  const candidates: [string, string | undefined][] = [['since', c.req.query('since')]];
  if (header) candidates.unshift(['Last-Event-ID', c.req.header('last-event-id')]);
  const bad = candidates.filter(([, v]) => v !== undefined && !/^\d{1,15}$/.test(v));
  if (bad.length > 0) {
    throw new AppError(400, 'validation_failed', 'The resume point must be a sequence number.', bad.map(([field]) => ({ field, message: 'Expected the sequence number of an event.' })));
  }
  return candidates.find(([, v]) => v !== undefined)?.[1];
}
