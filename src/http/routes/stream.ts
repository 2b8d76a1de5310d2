import type { Context, Hono } from 'hono';
import { AppError, unauthenticated } from '../../../actors/core/errors';
import type { Principal } from '../../../actors/core/principal';
import { tokenTenant } from '../../../actors/identity/auth';
import { openPushSession, type TenantCall } from '../../push/session';
import { sseBody, sseHeaders } from '../../push/sse';
import type { TenantFeed } from '../../bus/tenant-feed';
import { callActor, type CallOptions } from '../call';
import type { AppEnv } from '../env';
import { knownTenant } from '../tenant-gate';
import { systemPrincipal as system } from '../../../actors/core/principal';

export interface StreamOptions extends CallOptions {
  feed: TenantFeed;
  heartbeatMs?: number;
  /** Bytes a slow client may have pending before it is cut off with a resume point. */
  maxPendingBytes?: number;
}


/**
 * `GET /v1/stream`: Server-Sent Events of the tenant's committed events that the principal
 * may hear. `Last-Event-ID` (or `?since=`) resumes with no gap and no duplicate: the stream
 * subscribes to live events first, replays the log from the resume point, then hands over to
 * the live events it held meanwhile, skipping any sequence number already sent. It re-checks
 * its principal on every identity fact about it, and closes or narrows (push/subscription.ts).
 */
export function mountStreamRoutes(app: Hono<AppEnv>, o: StreamOptions) {
  const heartbeatMs = o.heartbeatMs ?? 15_000;
  const maxPending = o.maxPendingBytes ?? 1024 * 1024;

  app.get('/v1/stream', async (c) => {
    const push = await startPush(c, o, c.req.header('last-event-id') ?? c.req.query('since'));
    const body = sseBody({ feed: o.feed, ...push, heartbeatMs, maxPendingBytes: maxPending });
    return c.body(body, 200, sseHeaders);
  });
}

/**
 * What every push connection at a Bun edge starts from: the principal (bearer or ticket)
 * and a session with its tenant actor (push/session.ts). The session's calls (open, pages,
 * reviews, close) go on long after this request, so each carries its own deadline.
 */
export async function startPush(c: Context<AppEnv>, o: CallOptions, resume: string | undefined) {
  const principal = await streamPrincipal(c, o);
  if (principal.kind !== 'user' && principal.kind !== 'apiKey') throw unauthenticated();
  c.set('tenantId', principal.tenantId);
  const tenant = { kind: 'tenant', id: principal.tenantId };
  const requestId = c.get('requestId');
  const call: TenantCall = (type, payload) =>
    o.client.call(tenant, { type, payload, meta: { requestId, principal, deadline: Date.now() + o.timeoutMs } });
  return { tenantId: principal.tenantId, session: await openPushSession(call, resume) };
}

/** The bearer principal, or the one a single-use `?ticket=` was issued to. */
export async function streamPrincipal(c: Context<AppEnv>, o: CallOptions): Promise<Principal> {
  const ticket = c.req.query('ticket');
  if (!ticket) return c.get('principal');
  const tenantId = await knownTenant(c, o, tokenTenant(ticket), () => new AppError(401, 'invalid_ticket', 'The stream ticket is not valid.'));
  return (await callActor(c, o, { kind: 'tenant', id: tenantId }, 'stream.redeemTicket', { ticket }, system)) as Principal;
}
