import type { Reply } from '../../actors/core/hints';
import type { Address } from '../../actors/core/kind';
import type { Envelope } from '../../actors/core/message';

/**
 * How the edge reaches an actor, wherever it lives: in this process, behind NATS, or in a
 * Durable Object. Errors arrive as AppError.
 */
export interface ActorClient {
  /** The actor's reply with its hints (rate-limit standing, allowed origins), for the edge's headers. */
  request(address: Address, envelope: Envelope): Promise<Reply>;
  /** The value alone: for calls whose hints nobody reads (the edge's own system calls). */
  call(address: Address, envelope: Envelope): Promise<unknown>;
}

/** A client from a transport's `request`: every transport implements only that. */
export function actorClient(request: ActorClient['request']): ActorClient {
  return { request, call: (address, envelope) => request(address, envelope).then((r) => r.value) };
}
