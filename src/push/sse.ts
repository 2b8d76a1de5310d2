import type { Listener } from '../../actors/push/listener';
import type { TenantFeed } from '../bus/tenant-feed';
import { subscribe, type ClientEvent } from './subscription';

const encoder = new TextEncoder();

export interface SseOptions {
  feed: TenantFeed;
  tenantId: string;
  listener: Listener;
  after: number;
  page(after: number): Promise<ClientEvent[]>;
  heartbeatMs?: number;
  /** Bytes a slow client may have pending before it is cut off with a resume point. */
  maxPendingBytes?: number;
}

/**
 * A Server-Sent Events body over a resumable subscription: `id:` is the event's sequence
 * number (what `Last-Event-ID` resumes from), heartbeats keep proxies from closing it, and
 * a client that falls behind gets `event: overflow` with its resume point and is closed.
 * Shared by the Bun edge and the Cloudflare Durable Object.
 */
export function sseBody(o: SseOptions): ReadableStream<Uint8Array> {
  let subscription: { stop(): void } | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let closed = false;
  return new ReadableStream<Uint8Array>(
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
        heartbeat = setInterval(() => !closed && controller.enqueue(encoder.encode(': ping\n\n')), o.heartbeatMs ?? 15_000);
        controller.enqueue(encoder.encode(`retry: 2000\n: connected at ${o.after}\n\n`));
        try {
          subscription = await subscribe({
            feed: o.feed,
            tenantId: o.tenantId,
            listener: o.listener,
            after: o.after,
            page: o.page,
            deliver: (e) => {
              if (closed) return true;
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
    { highWaterMark: o.maxPendingBytes ?? 1024 * 1024, size: (chunk) => chunk?.byteLength ?? 0 },
  );
}

export const sseHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};
