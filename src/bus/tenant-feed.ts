import type { PublishedEvent } from '../../actors/core/event';

export type TenantEventsListener = (events: readonly PublishedEvent[]) => void;

/**
 * Live committed events of one tenant, for push streams at the edge. Embedded: fed by the
 * in-process bus; distributed: by a JetStream consumer. Delivery may repeat an event
 * (re-publish after a crash): listeners skip sequence numbers they have already sent.
 */
export interface TenantFeed {
  /** `counted: false` for listeners that are not client connections (the API-key cache). */
  subscribe(tenantId: string, listener: TenantEventsListener, o?: { counted?: boolean }): () => void;
}

/** A feed indexed by tenant, so an event is offered only to its own tenant's streams. */
export class TenantFanout implements TenantFeed {
  private readonly byTenant = new Map<string, Set<TenantEventsListener>>();
  private uncounted = 0;

  subscribe(tenantId: string, listener: TenantEventsListener, o: { counted?: boolean } = {}): () => void {
    let set = this.byTenant.get(tenantId);
    if (!set) this.byTenant.set(tenantId, (set = new Set()));
    set.add(listener);
    if (o.counted === false) this.uncounted++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (o.counted === false) this.uncounted--;
      set.delete(listener);
      if (set.size === 0) this.byTenant.delete(tenantId);
    };
  }

  deliver(tenantId: string, events: readonly PublishedEvent[]): void {
    for (const listener of this.byTenant.get(tenantId) ?? []) listener(events);
  }

  get connections(): number {
    let n = 0;
    for (const set of this.byTenant.values()) n += set.size;
    return n - this.uncounted;
  }
}
