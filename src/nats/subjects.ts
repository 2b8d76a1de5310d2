import type { Address } from '../../actors/core/kind';

/**
 * The NATS subjects of the distributed mode. A live activation listens on its actor's
 * subject; "no responders" there means nobody owns the actor, and the gateway asks the
 * placement subject (a queue group of all workers) to place it.
 */
export const subjects = {
  actor: (a: Address) => `roster.actor.${a.kind}.${a.id}`,
  placement: 'roster.place',
  events: (tenantId: string) => `roster.events.${tenantId}`,
  allEvents: 'roster.events.>',
};

export const workerQueue = 'roster-workers';
export const eventStream = 'ROSTER_EVENTS';
export const leaseBucket = 'roster_leases';
export const serviceName = 'roster-worker';
export const gatewayServiceName = 'roster-gateway';
export const rosterVersion = '0.1.0';

/** The lease key of an actor (KV keys allow dots, not slashes). */
export const leaseKey = (a: Address) => `${a.kind}.${a.id}`;
