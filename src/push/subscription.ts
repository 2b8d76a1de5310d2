import type { PublishedEvent } from '../../actors/core/event';
import { hears, type Listener } from '../../actors/events/visibility';
import type { TenantFeed } from '../bus/tenant-feed';

export interface ClientEvent {
  seq: number;
  type: string;
  subject: string;
  data: unknown;
  at: string;
}

export interface SubscriptionOptions {
  feed: TenantFeed;
  tenantId: string;
  listener: Listener;
  /** The last sequence number the client has; it receives everything after it. */
  after: number;
  /** A page of the tenant's log after a sequence number, filtered for the principal. */
  page(after: number): Promise<ClientEvent[]>;
  /** Sends one event; false when the client cannot keep up (the subscription then ends). */
  deliver(event: ClientEvent): boolean;
  /** Called once when the client fell behind, with the point to resume from. */
  overflow(resumeFrom: number): void;
}

const pageSize = 500;

export const clientEvent = (e: PublishedEvent): ClientEvent => ({
  seq: e.seq,
  type: e.type,
  subject: e.subject,
  data: e.data,
  at: e.at,
});

/**
 * A resumable subscription to a tenant's events, shared by SSE and WebSocket: it listens
 * to live events first (holding them), replays the log from the client's point, then hands
 * over to the held and later live events. Every sequence number is sent once, in order.
 */
export async function subscribe(o: SubscriptionOptions): Promise<{ stop(): void; readonly lastSent: number }> {
  let lastSent = o.after;
  let replaying = true;
  let stopped = false;
  const held: PublishedEvent[] = [];

  const send = (e: ClientEvent) => {
    if (stopped || e.seq <= lastSent) return;
    if (!o.deliver(e)) {
      stop();
      o.overflow(lastSent);
      return;
    }
    lastSent = e.seq;
  };
  const unsubscribe = o.feed.subscribe(o.tenantId, (events) => {
    for (const e of events) {
      if (!hears(o.listener, e)) continue;
      if (replaying) held.push(e);
      else send(clientEvent(e));
    }
  });
  const stop = () => {
    stopped = true;
    unsubscribe();
  };
  try {
    for (;;) {
      const items = await o.page(lastSent);
      for (const e of items) send(e);
      if (items.length < pageSize || stopped) break;
    }
  } catch (e) {
    stop();
    throw e;
  }
  replaying = false;
  for (const e of held.splice(0).sort((a, b) => a.seq - b.seq)) send(clientEvent(e));
  return {
    stop,
    get lastSent() {
      return lastSent;
    },
  };
}
