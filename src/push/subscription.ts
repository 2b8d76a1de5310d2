import type { PublishedEvent } from '../../actors/core/event';
import { AppError } from '../../actors/core/errors';
import { streamClosed } from '../../actors/push/event-log';
import { hears, reviewsStanding, type Listener } from '../../actors/push/listener';

export interface ClientEvent {
  seq: number;
  type: string;
  subject: string;
  data: unknown;
  at: string;
}

/** Why the server ended a stream: a stable code and a sentence, as in a problem document. */
export interface StreamEnd {
  code: string;
  detail: string;
  /** 401: the principal may no longer act; 403: no longer allowed to listen; 429: too many streams; 503: could not check. */
  status: number;
}

/** What a subscription must remember to go on after a pause (a hibernated WebSocket keeps it in its attachment). */
export interface PushState {
  streamId: string;
  listener: Listener;
  /** The last sequence number the client has; it receives everything after it. */
  lastSent: number;
}

export interface SubscriptionOptions extends PushState {
  /** A page of the tenant's log after a sequence number, filtered for the principal. */
  page(after: number): Promise<ClientEvent[]>;
  /** Asks the tenant what the principal may hear now; throws an AppError when it may not listen any more. */
  review(): Promise<Listener>;
  /** Sends one event; false when the client cannot keep up (the subscription then ends). */
  deliver(event: ClientEvent): boolean;
  /** Called once when the client fell behind, with the point to resume from. */
  overflow(resumeFrom: number): void;
  /** Called once when the server ends the stream (revoked, too many streams), before it stops. */
  end(reason: StreamEnd): void;
  /** Called after the state changed (an event sent, the listener narrowed). */
  saved?(state: PushState): void;
}

const pageSize = 500;

export const clientEvent = (e: PublishedEvent): ClientEvent => ({
  seq: e.seq,
  type: e.type,
  subject: e.subject,
  data: e.data,
  at: e.at,
});

function endOf(error: unknown): StreamEnd {
  if (error instanceof AppError && (error.status === 401 || error.status === 403)) {
    return { code: error.code, detail: error.message, status: error.status };
  }
  return { code: 'review_failed', detail: 'Could not check the stream’s access; reconnect to resume.', status: 503 };
}

/**
 * A resumable subscription to a tenant's events, shared by SSE and WebSocket in every
 * runtime. Live events are offered as they come; it replays the log from the client's point
 * first (holding what is offered meanwhile), then sends the held and later events, each
 * sequence number once, in order. An event that touches the principal's standing (it was
 * deactivated, demoted, its key revoked, its link changed) pauses delivery until the tenant
 * has said what the principal may hear now, so nothing after the change leaks; a principal
 * that may not listen any more gets `end` with the reason, and the subscription stops.
 */
export class Subscription {
  private readonly queue: PublishedEvent[] = [];
  private busy = true;
  private stopped = false;
  private readonly state: PushState;

  constructor(private readonly o: SubscriptionOptions) {
    this.state = { streamId: o.streamId, listener: o.listener, lastSent: o.lastSent };
  }

  get lastSent(): number {
    return this.state.lastSent;
  }

  get snapshot(): PushState {
    return { ...this.state };
  }

  /** Replays the log from the client's point, then goes live. */
  async replay(): Promise<void> {
    try {
      for (;;) {
        const items = await this.o.page(this.state.lastSent);
        for (const e of items) this.send(e);
        if (items.length < pageSize || this.stopped) break;
      }
    } catch (e) {
      // Refused while reading (revoked since): the same end as a review's, saying why.
      if (e instanceof AppError && (e.status === 401 || e.status === 403)) return this.finish(endOf(e));
      this.stop();
      throw e;
    }
    await this.drain();
  }

  /** Live events of the tenant, in any order and possibly repeated. */
  offer(events: readonly PublishedEvent[]): void {
    if (this.stopped) return;
    for (const e of events) if (e.seq > this.state.lastSent) this.queue.push(e);
    this.queue.sort((a, b) => a.seq - b.seq);
    if (!this.busy) void this.drain();
  }

  stop(): void {
    this.stopped = true;
    this.queue.length = 0;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      while (!this.stopped && this.queue.length > 0) {
        const e = this.queue.shift()!;
        if (e.type === streamClosed.type && e.subject === this.state.streamId) {
          const data = e.data as { code: string; detail: string };
          return this.finish({ code: data.code, detail: data.detail, status: 429 });
        }
        if (hears(this.state.listener, e)) this.send(clientEvent(e));
        if (this.stopped || !reviewsStanding(this.state.listener, e)) continue;
        try {
          this.state.listener = await this.o.review();
          this.o.saved?.(this.snapshot);
        } catch (error) {
          return this.finish(endOf(error));
        }
      }
    } finally {
      this.busy = false;
    }
  }

  private finish(reason: StreamEnd) {
    if (this.stopped) return;
    this.stop();
    this.o.end(reason);
  }

  private send(e: ClientEvent) {
    if (this.stopped || e.seq <= this.state.lastSent) return;
    if (!this.o.deliver(e)) {
      this.stop();
      this.o.overflow(this.state.lastSent);
      return;
    }
    this.state.lastSent = e.seq;
    this.o.saved?.(this.snapshot);
  }
}
