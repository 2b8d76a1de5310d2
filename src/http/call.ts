import type { Context } from 'hono';
import type { Address } from '../../actors/core/kind';
import type { Meta } from '../../actors/core/message';
import type { Principal } from '../../actors/core/principal';
import { AppError } from '../../actors/core/errors';
import type { ActorClient } from '../transport/actor-client';
import type { AppEnv } from './env';
import { applyReplyHints } from './reply-headers';

export interface CallOptions {
  client: ActorClient;
  timeoutMs: number;
  /**
   * Give every mutating request an idempotency key when the client sent none, so that the
   * actor-call client may retry it safely after a timeout (distributed mode).
   */
  autoIdempotency?: boolean;
}

/**
 * The message metadata of an HTTP request: its id, principal, deadline, and the
 * Idempotency-Key and If-Match headers when present.
 */
/** The request's Idempotency-Key, refused (400 naming the header) unless 1-255 visible ASCII characters. */
export function idempotencyKeyOf(c: Context<AppEnv>): string | undefined {
  return checkedIdempotencyKey(c.req.header('idempotency-key'));
}

export function checkedIdempotencyKey(key: string | undefined): string | undefined {
  if (key !== undefined && !/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new AppError(400, 'validation_failed', 'Idempotency-Key must be 1-255 visible ASCII characters.', [
      { field: 'Idempotency-Key', message: 'Invalid header value.' },
    ]);
  }
  return key;
}

export function metaOf(c: Context<AppEnv>, timeoutMs: number, principal?: Principal, autoIdempotency = false): Meta {
  return metaFrom(c.req.raw.headers, c.req.method, c.get('requestId'), principal ?? c.get('principal'), timeoutMs, autoIdempotency);
}

/** The same from the request's parts, without a Hono context (the lean read path). */
export function metaFrom(headers: Headers, method: string, requestId: string, principal: Principal, timeoutMs: number, autoIdempotency = false): Meta {
  let key = checkedIdempotencyKey(headers.get('idempotency-key') ?? undefined);
  if (key === undefined && autoIdempotency && method !== 'GET') key = `auto:${requestId}:${crypto.randomUUID()}`;
  const ifMatch = headers.get('if-match');
  const meta: Meta = { requestId, principal, deadline: Date.now() + timeoutMs };
  if (key) meta.idempotencyKey = key;
  if (ifMatch) meta.ifMatch = ifMatch;
  return meta;
}

export async function callActor(
  c: Context<AppEnv>,
  { client, timeoutMs, autoIdempotency }: CallOptions,
  address: Address,
  type: string,
  payload: unknown,
  principal?: Principal,
): Promise<unknown> {
  if (address.kind === 'tenant') c.set('tenantId', address.id);
  const meta = metaOf(c, timeoutMs, principal, autoIdempotency);
  const reply = await client.request(address, { type, payload, meta });
  applyReplyHints(c, reply.hints);
  return reply.value;
}
