import type { Context, Hono } from 'hono';
import { AppError, unauthenticated } from '../../../actors/core/errors';
import { resumePointOf } from '../resume-point';
import type { Meta } from '../../../actors/core/message';
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
    const push = await startPush(c, o, resumePointOf(c));
    const body = sseBody({ feed: o.feed, ...push, heartbeatMs, maxPendingBytes: maxPending });
    return c.body(body, 200, sseHeaders);
  });
}

/**
 * What every push connection at a Bun edge starts from: the principal (bearer or ticket)
 * and a session with its tenant actor (push/session.ts). The session's calls (open, pages,
 * reviews, close) go on long after this request, so each carries its own deadline.
 */
export async function startPush(c: Context<AppEnv>, o: CallOptions, resume: string | undefined, socket = false) {
  const principal = await streamPrincipal(c, o);
  if (principal.kind !== 'user' && principal.kind !== 'apiKey') throw unauthenticated();
  if (socket) await assertSocketOrigin(c, o, principal);
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

/**
 * Browsers apply no CORS to a WebSocket: any page may open one and read it. So the upgrade
 * itself checks `Origin` against the origins the company lists (before the stream is
 * registered, so a refused page evicts no one). No `Origin` (a server, a mobile app) passes.
 */
export async function assertSocketOrigin(c: Context<AppEnv>, o: CallOptions, principal: Principal) {
  const origin = c.req.header('origin');
  if (origin === undefined || (principal.kind !== 'user' && principal.kind !== 'apiKey')) return;
  // The actor's reply names its company's origins, when it lists its own (a hint, core/hints.ts).
  const meta: Meta = { requestId: c.get('requestId'), principal, deadline: Date.now() + o.timeoutMs };
  const reply = await o.client.request({ kind: 'tenant', id: principal.tenantId }, { type: 'events.listener', payload: {}, meta });
  const listed = reply.hints?.allowedOrigins;
  if (listed && !listed.includes('*') && !listed.includes(origin.toLowerCase())) {
    throw new AppError(403, 'origin_not_allowed', `This company does not allow pages from ${origin.slice(0, 100)} to open a socket.`);
  }
}
