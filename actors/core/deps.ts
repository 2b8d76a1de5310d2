import type { Clock } from './clock';
import type { PublishedEvent } from './event';
import type { IdSource } from './ids';
import type { Address } from './kind';

/** What a runtime hands an actor: the ports it needs and the two it calls back. */
export interface ActorDeps {
  clock: Clock;
  ids: IdSource;
  services: unknown;
  /**
   * Hands committed events to the bus, in sequence order, after every commit. Resolves
   * once the bus holds them; publishing must be idempotent by (actor, seq).
   */
  publish(address: Address, events: PublishedEvent[]): Promise<void>;
  /** Told after a commit that changed when the actor's next timer is due (undefined: none). */
  timersChanged?(address: Address, nextDue: string | undefined): void;
}
