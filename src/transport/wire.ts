import { AppError, type SerializedError } from '../../actors/core/errors';
import type { Reply, ReplyHints } from '../../actors/core/hints';

/**
 * An actor's reply as bytes, for the transports that cross a process (NATS, a Durable
 * Object's fetch): the value with the actor's hints, or the error the edge turns back into
 * an AppError.
 */
export type WireReply = { ok: true; value: unknown; hints?: ReplyHints } | { ok: false; error: SerializedError };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const encode = (value: unknown): Uint8Array => encoder.encode(JSON.stringify(value));
export const decode = <T>(data: Uint8Array): T => JSON.parse(decoder.decode(data)) as T;

/** The wire form of an answer; an error that is not an AppError leaves as a bare 500. */
export function replyOf(outcome: { reply: Reply } | { error: unknown }): WireReply {
  if ('reply' in outcome) {
    const { value, hints } = outcome.reply;
    return { ok: true, value: value ?? null, ...(hints ? { hints } : {}) };
  }
  const e = outcome.error;
  if (e instanceof AppError) return { ok: false, error: e.toJSON() };
  return { ok: false, error: { status: 500, code: 'internal', message: 'Something went wrong on our side.' } };
}

/** The reply, or its error thrown as an AppError. */
export function unwrap(reply: WireReply): Reply {
  if (reply.ok) return reply.hints ? { value: reply.value, hints: reply.hints } : { value: reply.value };
  throw AppError.from(reply.error);
}
