import type { Address } from '../../actors/core/kind';
import type { Envelope } from '../../actors/core/message';

/**
 * How the edge reaches an actor, wherever it lives: in this process, behind NATS, or in a
 * Durable Object. Errors arrive as AppError.
 */
export interface ActorClient {
  call(address: Address, envelope: Envelope): Promise<unknown>;
}
