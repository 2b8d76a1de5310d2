import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import type { PublishedEvent } from '../../actors/core/event';
import { decode } from '../transport/wire';
import { subjects } from '../nats/subjects';
import { TenantFanout, type TenantEventsListener, type TenantFeed } from './tenant-feed';

/**
 * Live tenant events on a gateway, from NATS: a subscription on a tenant's event subject
 * while at least one of its streams is open. Workers publish each event to JetStream (which
 * keeps and deduplicates it); core subscribers on the same subject receive it too. A stream
 * replays the past from the tenant's log, so nothing older needs to be kept here.
 */
export class NatsTenantFeed implements TenantFeed {
  private readonly fanout = new TenantFanout();
  private readonly subscriptions = new Map<string, { sub: Subscription; users: number }>();

  constructor(private readonly nc: NatsConnection) {}

  subscribe(tenantId: string, listener: TenantEventsListener, o?: { counted?: boolean }): () => void {
    const unsubscribe = this.fanout.subscribe(tenantId, listener, o);
    let entry = this.subscriptions.get(tenantId);
    if (!entry) {
      const sub = this.nc.subscribe(subjects.events(tenantId), {
        callback: (err, msg) => {
          if (!err) this.fanout.deliver(tenantId, [decode<PublishedEvent>(msg.data)]);
        },
      });
      entry = { sub, users: 0 };
      this.subscriptions.set(tenantId, entry);
    }
    entry.users++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      unsubscribe();
      if (--entry.users === 0) {
        entry.sub.unsubscribe();
        this.subscriptions.delete(tenantId);
      }
    };
  }

  get connections(): number {
    return this.fanout.connections;
  }
}
