import type { Context, Hono } from 'hono';
import { AppError, unauthenticated } from '../../../actors/core/errors';
import type { Principal } from '../../../actors/core/principal';
import { tokenTenant } from '../../../actors/identity/auth';
import type { Listener } from '../../../actors/events/visibility';
import { subscribe, type ClientEvent } from '../../push/subscription';
import type { TenantFeed } from '../../bus/tenant-feed';
import { callActor, type CallOptions } from '../call';
import type { AppEnv } from '../env';

export interface StreamOptions extends CallOptions {
  feed: TenantFeed;
  heartbeatMs?: number;
  /** Bytes a slow client may have pending before it is cut off with a resume point. */
  maxPendingBytes?: number;
}

const encoder = new TextEncoder();
const system = { kind: 'system' } as const;

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
    const principal = await streamPrincipal(c, o);
    if (principal.kind !== 'user' && principal.kind !== 'apiKey') throw unauthenticated();
    const tenant = { kind: 'tenant', id: principal.tenantId };
    const listener = (await callActor(c, o, tenant, 'events.listener', {}, principal)) as Listener & { head: number };
    const resume = c.req.header('last-event-id') ?? c.req.query('since');
    const after = resume !== undefined && /^\d+$/.test(resume) ? Number(resume) : listener.head;

    let subscription: { stop(): void } | undefined;
    let heartbeat: ReturnType<typeof setInterval> | undefined;
    let closed = false;

    const body = new ReadableStream<Uint8Array>(
      {
        start: async (controller) => {
          const close = (last?: string) => {
            if (closed) return;
            closed = true;
            subscription?.stop();
            clearInterval(heartbeat);
            if (last) controller.enqueue(encoder.encode(last));
            controller.close();
          };
          heartbeat = setInterval(() => !closed && controller.enqueue(encoder.encode(': ping\n\n')), heartbeatMs);
          controller.enqueue(encoder.encode(`retry: 2000\n: connected at ${after}\n\n`));
          try {
            subscription = await subscribe({
              feed: o.feed,
              tenantId: principal.tenantId,
              listener,
              after,
              page: async (from) =>
                ((await callActor(c, o, tenant, 'events.since', { after: from, limit: 500 }, principal)) as { items: ClientEvent[] }).items,
              deliver: (e) => {
                if (closed) return true;
                // Too slow to keep up: cut it off with where to resume, rather than hold memory.
                if ((controller.desiredSize ?? 0) < 0) return false;
                controller.enqueue(encoder.encode(`id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`));
                return true;
              },
              overflow: (resumeFrom) => close(`event: overflow\ndata: ${JSON.stringify({ resumeFrom })}\n\n`),
            });
            if (closed) subscription.stop();
          } catch {
            close('event: error\ndata: {"code":"replay_failed"}\n\n');
          }
        },
        cancel: () => {
          closed = true;
          subscription?.stop();
          clearInterval(heartbeat);
        },
      },
      { highWaterMark: maxPending, size: (chunk) => chunk?.byteLength ?? 0 },
    );
    return c.body(body, 200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    });
  });
}


/** The bearer principal, or the one a single-use `?ticket=` was issued to. */
export async function streamPrincipal(c: Context<AppEnv>, o: CallOptions): Promise<Principal> {
  const ticket = c.req.query('ticket');
  if (!ticket) return c.get('principal');
  const tenantId = tokenTenant(ticket);
  if (!tenantId || !/^ten_[0-9a-z]{26}$/.test(tenantId)) throw new AppError(401, 'invalid_ticket', 'The stream ticket is not valid.');
  await callActor(c, o, { kind: 'directory', id: 'global' }, 'directory.getTenant', { id: tenantId }, system).catch(() => {
    throw new AppError(401, 'invalid_ticket', 'The stream ticket is not valid.');
  });
  return (await callActor(c, o, { kind: 'tenant', id: tenantId }, 'stream.redeemTicket', { ticket }, system)) as Principal;
}
