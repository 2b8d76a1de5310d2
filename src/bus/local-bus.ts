import type { PublishedEvent } from '../../actors/core/event';
import type { Address } from '../../actors/core/kind';

export type EventListener = (address: Address, events: PublishedEvent[]) => void;

/**
 * The embedded mode's event bus: committed outbox events go straight to in-process
 * listeners (push streams, webhook dispatch). Delivery is at-least-once across restarts
 * because actors republish unconfirmed events on activation; listeners dedupe by seq.
 */
export class LocalBus {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async publish(address: Address, events: PublishedEvent[]): Promise<void> {
    for (const listener of this.listeners) listener(address, events);
  }
}
