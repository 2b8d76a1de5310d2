import type { ActorHost } from '../../actors/core/host';
import { actorClient, type ActorClient } from './actor-client';

/** The embedded mode: actors live in this process; a call is a method call. */
export function localClient(host: ActorHost): ActorClient {
  return actorClient((address, envelope) => host.send(address, envelope));
}
