import { AppError } from '../../actors/core/errors';
import type { ActorClient } from '../transport/actor-client';
import type { Metrics } from './metrics';

/** Times every actor call the edge makes, by actor kind and outcome (ok, client error, server error). */
export function measuredClient(client: ActorClient, metrics: Metrics): ActorClient {
  return {
    async call(address, envelope) {
      const end = metrics.actorCalls.startTimer({ kind: address.kind });
      try {
        const value = await client.call(address, envelope);
        end({ outcome: 'ok' });
        return value;
      } catch (e) {
        end({ outcome: e instanceof AppError && e.status < 500 ? 'rejected' : 'failed' });
        throw e;
      }
    },
  };
}
