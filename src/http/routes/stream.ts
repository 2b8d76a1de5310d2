import type { Context, Hono } from 'hono';
import type { PublishedEvent } from '../../../actors/core/actor';
import { AppError, unauthenticated } from '../../../actors/core/errors';
import type { Principal } from '../../../actors/core/principal';
import { tokenTenant } from '../../../actors/identity/auth';
import { hears, type Listener } from '../../../actors/events/visibility';
import type { TenantFeed } from '../../bus/tenant-feed';
import { callActor, type CallOptions } from '../call';
import type { AppEnv } from '../env';

export interface StreamOptions extends CallOptions {
  feed: TenantFeed;
  heartbeatMs?: number;
  /** Bytes a slow client may have pending before it is cut off with a resume point. */
  maxPendingBytes?: number;
}

interface ClientEvent {
  seq: number;
  type: string;
  subject: string;
  data: unknown;
  at: string;
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
    let lastSent = resume !== undefined && /^\d+$/.test(resume) ? Number(resume) : listener.head;

    let replaying = true;
    const held: PublishedEvent[] = [];
    let unsubscribe = () => {};
    let heartbeat: ReturnType<typeof setInterval> | undefined;
    let closed = false;

    const body = new ReadableStream<Uint8Array>(
      {
        start: async (controller) => {
          const close = (last?: string) => {
            if (closed) return;
            closed = true;
            unsubscribe();
            clearInterval(heartbeat);
            if (last) controller.enqueue(encoder.encode(last));
            controller.close();
          };
          const send = (e: ClientEvent) => {
            if (closed || e.seq <= lastSent) return;
            if ((controller.desiredSize ?? 0) < 0) {
              // Too slow to keep up: cut it off with where to resume, rather than hold memory.
              return close(`event: overflow\ndata: ${JSON.stringify({ resumeFrom: lastSent })}\n\n`);
            }
            controller.enqueue(encoder.encode(`id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`));
            lastSent = e.seq;
          };
          unsubscribe = o.feed.subscribe(principal.tenantId, (events) => {
            for (const e of events) {
              if (!hears(listener, e)) continue;
              if (replaying) held.push(e);
              else send(view(e));
            }
          });
          heartbeat = setInterval(() => !closed && controller.enqueue(encoder.encode(': ping\n\n')), heartbeatMs);
          controller.enqueue(encoder.encode(`retry: 2000\n: connected at ${lastSent}\n\n`));
          try {
            for (;;) {
              const page = (await callActor(c, o, tenant, 'events.since', { after: lastSent, limit: 500 }, principal)) as {
                items: ClientEvent[];
                lastSeq: number;
              };
              for (const e of page.items) send(e);
              if (page.items.length < 500) break;
            }
          } catch {
            return close('event: error\ndata: {"code":"replay_failed"}\n\n');
          }
          replaying = false;
          for (const e of held.splice(0).sort((a, b) => a.seq - b.seq)) send(view(e));
        },
        cancel: () => {
          closed = true;
          unsubscribe();
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

const view = (e: PublishedEvent): ClientEvent => ({ seq: e.seq, type: e.type, subject: e.subject, data: e.data, at: e.at });

/** The bearer principal, or the one a single-use `?ticket=` was issued to. */
async function streamPrincipal(c: Context<AppEnv>, o: CallOptions): Promise<Principal> {
  const ticket = c.req.query('ticket');
  if (!ticket) return c.get('principal');
  const tenantId = tokenTenant(ticket);
  if (!tenantId || !/^ten_[0-9a-z]{26}$/.test(tenantId)) throw new AppError(401, 'invalid_ticket', 'The stream ticket is not valid.');
  await callActor(c, o, { kind: 'directory', id: 'global' }, 'directory.getTenant', { id: tenantId }, system).catch(() => {
    throw new AppError(401, 'invalid_ticket', 'The stream ticket is not valid.');
  });
  return (await callActor(c, o, { kind: 'tenant', id: tenantId }, 'stream.redeemTicket', { ticket }, system)) as Principal;
}
