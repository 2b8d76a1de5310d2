import { AppError, type SerializedError } from '../../actors/core/errors';

/** A reply on the wire: the value, or the error the edge turns back into an AppError. */
export type WireReply = { ok: true; value: unknown } | { ok: false; error: SerializedError };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const encode = (value: unknown): Uint8Array => encoder.encode(JSON.stringify(value));
export const decode = <T>(data: Uint8Array): T => JSON.parse(decoder.decode(data)) as T;

export function replyOf(outcome: { value: unknown } | { error: unknown }): WireReply {
  if ('value' in outcome) return { ok: true, value: outcome.value ?? null };
  const e = outcome.error;
  if (e instanceof AppError) return { ok: false, error: e.toJSON() };
  return { ok: false, error: { status: 500, code: 'internal', message: 'Something went wrong on our side.' } };
}

export function unwrap(reply: WireReply): unknown {
  if (reply.ok) return reply.value;
  throw AppError.from(reply.error);
}
