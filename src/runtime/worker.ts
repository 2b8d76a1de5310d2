import { blobStoreFor } from '../storage/blobs';
import { backgroundCheckpoints } from '../storage/background-checkpoints';
import { hostname } from 'node:os';
import { jetstream } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { Svcm } from '@nats-io/services';
import type { Msg, Subscription } from '@nats-io/transport-node';
import { AppError } from '../../actors/core/errors';
import type { ActorHost } from '../../actors/core/host';
import { addressKey, parseAddress, type Address } from '../../actors/core/kind';
import type { Envelope } from '../../actors/core/message';
import { LocalBus } from '../bus/local-bus';
import type { Config } from '../config';
import type { Logger } from '../log';
import { connectNats } from '../nats/connection';
import { Leases } from '../nats/leases';
import { ensureEventStream, publishEvents } from '../nats/event-stream';
import { leaseBucket, rosterVersion as version, serviceName, subjects, workerQueue } from '../nats/subjects';
import { decode, encode, replyOf } from '../transport/wire';
import { natsActorClient } from '../transport/nats-client';
import { createActorHost, tenantServices } from './host';
import { actorKind, isQuery, replaysOnRetry } from './kinds';
import { Metrics } from '../metrics/metrics';
import { metricsApp } from '../http/routes/metrics';
import { pollWakeups, recordWakeup } from './wakeups';
import { dispatchWebhooks } from './webhook-dispatch';
import { dispatchMail } from './mail-dispatch';
import { watchEventLoop } from './event-loop-watch';

const moved = (message: string) => new AppError(503, 'actor_moved', message, undefined, 0);

export interface Worker {
  id: string;
  host: ActorHost;
  /** Stops taking actors, finishes in-flight messages, releases every lease, then disconnects. */
  drain(): Promise<void>;
}

/**
 * `roster worker`: hosts actors, no HTTP. An actor lives here while this worker holds its
 * lease; it listens on the actor's subject for that long. Placement requests (a queue group
 * of all workers) make a worker take a free actor; renewals keep it; passivation, a lost
 * lease or a drain give it back.
 */
export async function startWorker(config: Config, log: Logger): Promise<Worker> {
  const id = config.ROSTER_WORKER_ID ?? `${hostname()}-${process.pid}`;
  const nc = await connectNats(config, `roster-worker ${id}`);
  const js = jetstream(nc);
  await ensureEventStream(nc, config.ROSTER_NATS_REPLICAS);
  const kv = await new Kvm(js).create(leaseBucket, { history: 1, replicas: config.ROSTER_NATS_REPLICAS });
  const leases = new Leases(kv, id, config.ROSTER_LEASE_TTL_MS);
  const client = natsActorClient(nc, { isQuery, replaysOnRetry });
  const bus = new LocalBus();
  const serving = new Map<string, Subscription>();
  let draining = false;

  const host = createActorHost(config, log.child({ worker: id }), tenantServices(config, blobStoreFor(config)), {
    publish: async (address, events) => {
      await bus.publish(address, events);
      if (address.kind === 'tenant') await publishEvents(js, address.id, events);
    },
    onWakeup: recordWakeup(client, log),
    onPassivate: (address) => {
      serving.get(addressKey(address))?.unsubscribe();
      serving.delete(addressKey(address));
      void leases.release(address);
    },
  });

  const handle = (address: Address) => (err: Error | null, msg: Msg) => {
    if (err) return;
    if (draining && !host.isResident(address)) return void msg.respond(encode(replyOf({ error: moved('draining') })));
    if (!leases.valid(address) || !host.isResident(address)) return void msg.respond(encode(replyOf({ error: moved('not here') })));
    const envelope = decode<Envelope>(msg.data);
    host.send(address, envelope).then(
      (reply) => msg.respond(encode(replyOf({ reply }))),
      (error) => {
        if (!(error instanceof AppError)) log.error('actor call failed', { actor: addressKey(address), error: String(error) });
        msg.respond(encode(replyOf({ error })));
      },
    );
  };

  /** Takes the actor if its lease is free, activates it and starts listening on its subject. */
  async function place(address: Address): Promise<'placed' | 'taken'> {
    const key = addressKey(address);
    if (serving.has(key) && leases.valid(address)) return 'placed';
    if (!(await leases.acquire(address))) return 'taken';
    try {
      await host.activation(address);
    } catch (e) {
      await leases.release(address);
      throw e;
    }
    if (!serving.has(key)) serving.set(key, nc.subscribe(subjects.actor(address), { callback: handle(address) }));
    return 'placed';
  }

  const placement = nc.subscribe(subjects.placement, {
    queue: workerQueue,
    callback: (err, msg) => {
      if (err) return;
      if (draining) return void msg.respond(encode(replyOf({ error: moved('draining') })));
      const address = decode<Address>(msg.data);
      if (!actorKind(address.kind)) {
        return void msg.respond(encode(replyOf({ error: new AppError(404, 'unknown_actor_kind', 'No such actor kind.') })));
      }
      place(address).then(
        (outcome) =>
          msg.respond(encode(outcome === 'placed' ? replyOf({ reply: { value: { worker: id } } }) : replyOf({ error: moved('taken') }))),
        (error) => {
          // A placement that failed on the way (the lease bucket's leader moving while a NATS
          // node goes down, an activation that raced another worker's) is a reason to try again,
          // not a 500: the caller retries an actor on the move until its deadline.
          if (!(error instanceof AppError)) log.warn('placement failed', { actor: addressKey(address), error: String(error) });
          msg.respond(encode(replyOf({ error: error instanceof AppError ? error : moved('placement failed') })));
        },
      );
    },
  });

  // Held longer than a fifth of the lease, the loop is close to losing leases: worth a line.
  const loopWatch = watchEventLoop(log, config.ROSTER_LEASE_TTL_MS / 5);
  const renewal = setInterval(async () => {
    for (const key of await leases.renewAll()) {
      log.warn('lease lost', { actor: key });
      await host.passivate(parseAddress(key.replace('.', '/')));
    }
  }, Math.max(100, config.ROSTER_LEASE_TTL_MS / 3));
  const sweeper = setInterval(() => void host.sweep(), Math.max(1000, config.ROSTER_ACTOR_IDLE_MS / 2));
  const wakeups = pollWakeups(client, log, config.ROSTER_WAKEUP_POLL_MS);
  const metrics = new Metrics({ host, checkpoints: backgroundCheckpoints });
  const metricsServer =
    config.ROSTER_METRICS_PORT && config.ROSTER_METRICS_TOKEN
      ? Bun.serve({ port: config.ROSTER_METRICS_PORT, hostname: config.HOST, fetch: metricsApp(metrics, config.ROSTER_METRICS_TOKEN).fetch })
      : undefined;
  const dispatcher = dispatchWebhooks(bus, client, config, log, metrics);
  const mail = dispatchMail(bus, client, config, log);

  const service = await new Svcm(nc as never).add({
    name: serviceName,
    version,
    description: 'Roster actor worker',
    metadata: { worker: id, pid: String(process.pid) },
  });
  service.addEndpoint('status', {
    subject: `roster.status.${id}`,
    handler: (err, msg) => {
      if (err) return;
      const snapshot = host.snapshot();
      msg.respond(
        JSON.stringify({
          role: 'worker',
          id,
          version,
          draining,
          leases: leases.count,
          ...snapshot,
          actors: host.residentAddresses().map(addressKey),
        }),
      );
    },
  });

  log.info('worker ready', { worker: id, nats: config.ROSTER_NATS_URL });
  return {
    id,
    host,
    async drain() {
      draining = true;
      placement.unsubscribe();
      await metricsServer?.stop();
      clearInterval(sweeper);
      wakeups.stop();
      await dispatcher.stop();
      await mail.stop();
      await host.close();
      clearInterval(renewal);
      loopWatch.stop();
      await service.stop().catch(() => undefined);
      await nc.drain();
    },
  };
}
