import type { Context, Hono } from 'hono';
import { AppError, unauthenticated } from '../../../actors/core/errors';
import type { Principal } from '../../../actors/core/principal';
import { tokenTenant } from '../../../actors/identity/auth';
import type { Listener } from '../../../actors/events/visibility';
import { sseBody, sseHeaders } from '../../push/sse';
import type { ClientEvent } from '../../push/subscription';
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
 * the live events it held meanwhile, skipping any sequence number already sent.
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
 * What every push connection starts from: the principal (bearer or ticket), what it may
 * hear, the point it resumes from (its last sequence number, or now), and how to page the
 * tenant's log from there.
 */
export async function startPush(c: Context<AppEnv>, o: CallOptions, resume: string | undefined) {
  const principal = await streamPrincipal(c, o);
  if (principal.kind !== 'user' && principal.kind !== 'apiKey') throw unauthenticated();
  const tenant = { kind: 'tenant', id: principal.tenantId };
  const listener = (await callActor(c, o, tenant, 'events.listener', {}, principal)) as Listener & { head: number };
  const after = resume !== undefined && /^\d+$/.test(resume) ? Number(resume) : listener.head;
  const page = async (from: number) =>
    ((await callActor(c, o, tenant, 'events.since', { after: from, limit: 500 }, principal)) as { items: ClientEvent[] }).items;
  return { tenantId: principal.tenantId, listener, after, page };
}


/** The bearer principal, or the one a single-use `?ticket=` was issued to. */
export async function streamPrincipal(c: Context<AppEnv>, o: CallOptions): Promise<Principal> {
  const ticket = c.req.query('ticket');
  if (!ticket) return c.get('principal');
  const tenantId = await knownTenant(c, o, tokenTenant(ticket), () => new AppError(401, 'invalid_ticket', 'The stream ticket is not valid.'));
  return (await callActor(c, o, { kind: 'tenant', id: tenantId }, 'stream.redeemTicket', { ticket }, system)) as Principal;
}
