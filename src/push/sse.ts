import type { TenantFeed } from '../bus/tenant-feed';
import type { PushSession } from './session';
import { Subscription } from './subscription';

const encoder = new TextEncoder();

export interface SseOptions {
  feed: TenantFeed;
  tenantId: string;
  session: PushSession;
  heartbeatMs?: number;
  /** Bytes a slow client may have pending before it is cut off with a resume point. */
  maxPendingBytes?: number;
}

/**
 * A Server-Sent Events body over a resumable subscription: `id:` is the event's sequence
 * number (what `Last-Event-ID` resumes from), heartbeats keep proxies from closing it, and
 * a client that falls behind gets `event: overflow` with its resume point and is closed.
 * When the server ends the stream (the principal was deactivated, its key revoked, it opened
 * too many streams) the last message is `event: closed` with `{code, detail}`.
 * Shared by the Bun edge and the Cloudflare Durable Object.
 */
export function sseBody(o: SseOptions): ReadableStream<Uint8Array> {
  let subscription: Subscription | undefined;
  let unsubscribe: (() => void) | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let closed = false;
  let released = false;
  const release = () => {
    closed = true;
    if (released) return;
    released = true;
    subscription?.stop();
    unsubscribe?.();
    clearInterval(heartbeat);
    o.session.close();
  };
  return new ReadableStream<Uint8Array>(
    {
      start: async (controller) => {
        const close = (last?: string) => {
          if (closed) return;
          release();
          if (last) controller.enqueue(encoder.encode(last));
          controller.close();
        };
        heartbeat = setInterval(() => !closed && controller.enqueue(encoder.encode(': ping\n\n')), o.heartbeatMs ?? 15_000);
        controller.enqueue(encoder.encode(`retry: 2000\n: connected at ${o.session.lastSent}\n\n`));
        subscription = new Subscription({
          ...o.session,
          deliver: (e) => {
            if (closed) return true;
            if ((controller.desiredSize ?? 0) < 0) return false;
            controller.enqueue(encoder.encode(`id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`));
            return true;
          },
          overflow: (resumeFrom) => close(`event: overflow\ndata: ${JSON.stringify({ resumeFrom })}\n\n`),
          // A long `retry` keeps EventSource from reconnecting by itself (and, over the cap,
          // from closing the next oldest stream in turn); the page decides from the code.
          end: ({ code, detail }) => close(`retry: 86400000\nevent: closed\ndata: ${JSON.stringify({ code, detail })}\n\n`),
        });
        const live = subscription;
        unsubscribe = o.feed.subscribe(o.tenantId, (events) => live.offer(events));
        try {
          await subscription.replay();
        } catch {
          close('event: error\ndata: {"code":"replay_failed"}\n\n');
        }
      },
      cancel: release,
    },
    { highWaterMark: o.maxPendingBytes ?? 1024 * 1024, size: (chunk) => chunk?.byteLength ?? 0 },
  );
}

export const sseHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};
