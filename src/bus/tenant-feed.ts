import type { PublishedEvent } from '../../actors/core/event';

export type TenantEventsListener = (events: readonly PublishedEvent[]) => void;

/**
 * Live committed events of one tenant, for push streams at the edge. Embedded: fed by the
 * in-process bus; distributed: by a JetStream consumer. Delivery may repeat an event
 * (re-publish after a crash): listeners skip sequence numbers they have already sent.
 */
export interface TenantFeed {
  subscribe(tenantId: string, listener: TenantEventsListener): () => void;
}

/** A feed indexed by tenant, so an event is offered only to its own tenant's streams. */
export class TenantFanout implements TenantFeed {
  private readonly byTenant = new Map<string, Set<TenantEventsListener>>();

  subscribe(tenantId: string, listener: TenantEventsListener): () => void {
    let set = this.byTenant.get(tenantId);
    if (!set) this.byTenant.set(tenantId, (set = new Set()));
    set.add(listener);
    return () => {
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
    return n;
  }
}
