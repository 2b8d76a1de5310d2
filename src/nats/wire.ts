import { AppError, type SerializedError } from '../../actors/core/errors';
import type { LimitState } from '../../actors/core/rate-limit';

/** A reply on the wire: the value, or the error the edge turns back into an AppError. */
/** What the actor wrote into the message's metadata for the edge (see Meta). */
export interface ReplyHints {
  rateLimit?: LimitState;
  corsOrigins?: string[];
}

export type WireReply = ({ ok: true; value: unknown } & ReplyHints) | { ok: false; error: SerializedError };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const encode = (value: unknown): Uint8Array => encoder.encode(JSON.stringify(value));
export const decode = <T>(data: Uint8Array): T => JSON.parse(decoder.decode(data)) as T;

export function replyOf(outcome: ({ value: unknown } & ReplyHints) | { error: unknown }): WireReply {
  if ('value' in outcome) {
    const { value, rateLimit, corsOrigins } = outcome;
    return { ok: true, value: value ?? null, ...(rateLimit ? { rateLimit } : {}), ...(corsOrigins ? { corsOrigins } : {}) };
  }
  const e = outcome.error;
  if (e instanceof AppError) return { ok: false, error: e.toJSON() };
  return { ok: false, error: { status: 500, code: 'internal', message: 'Something went wrong on our side.' } };
}

/** The value, having copied what the actor wrote into the caller's metadata (rate-limit state). */
export function unwrap(reply: WireReply, meta?: ReplyHints): unknown {
  if (reply.ok) {
    if (meta && reply.rateLimit) meta.rateLimit = reply.rateLimit;
    if (meta && reply.corsOrigins) meta.corsOrigins = reply.corsOrigins;
    return reply.value;
  }
  throw AppError.from(reply.error);
}
