import { r2BlobStore } from '../../storage/blobs/r2-blobs';
import { Actor } from '../../../actors/core/actor';
import type { PublishedEvent } from '../../../actors/core/event';
import { nextWake } from '../../../actors/core/timers';
import { AppError } from '../../../actors/core/errors';
import type { Address } from '../../../actors/core/kind';
import type { Envelope } from '../../../actors/core/message';
import type { Principal } from '../../../actors/core/principal';
import { loadConfig } from '../../config';
import { createLogger } from '../../log';
import { actorClient } from '../../transport/actor-client';
import { encode, replyOf } from '../../transport/wire';
import { durableStore } from '../../storage/durable-store';
import { startWebhookDispatcher } from '../../webhooks/dispatcher';
import { startObjectMail } from '../../mail/object-mail';
import { actorKind } from '../kinds';
import { actorDeps, tenantServices } from '../services';
import { DurablePush } from './durable-push';
import { configEnv } from './env';
import type { DurableObjectState, Env } from './platform';

/**
 * One actor per Durable Object: a thin adapter that turns the platform's entry points into
 * the actor core's (activation inside blockConcurrencyWhile, `fetch` for calls and push
 * connections, `alarm` for timers). No domain logic lives here. The platform guarantees one
 * live instance per object, so the epoch fence is never the one that bites.
 */
export class ActorObject {
  private actor: Actor | undefined;
  private readonly push: DurablePush;
  private readonly bus = new Set<(events: PublishedEvent[]) => void>();

  constructor(
    private readonly state: DurableObjectState,
    private readonly env: Env,
  ) {
    this.push = new DurablePush(state, (principal) => async (type, payload) => {
      const address = this.state.storage.kv.get<Address>('address');
      const actor = this.actor ?? (address && (await this.activation(address)));
      if (!actor) throw new Error('push before activation');
      return actor.handle({ type, payload, meta: { requestId: 'push', principal } }).then((r) => r.value);
    });
  }

  private async activation(address: Address): Promise<Actor> {
    if (this.actor) return this.actor;
    return this.state.blockConcurrencyWhile(async () => {
      if (this.actor) return this.actor;
      const kind = actorKind(address.kind);
      if (!kind) throw new AppError(404, 'unknown_actor_kind', `No actor kind ${address.kind}.`);
      const config = loadConfig(configEnv(this.env));
      const log = createLogger(config.ROSTER_LOG, { actor: `${address.kind}/${address.id}` });
      this.state.storage.kv.put('address', address);
      this.actor = await Actor.activate(address, kind, durableStore(this.state.storage), {
        ...actorDeps(config),
        services: tenantServices(config, this.env.DOCUMENTS && r2BlobStore(this.env.DOCUMENTS)),
        publish: async (a, events) => {
          this.push.publish(a.id, events);
          for (const listener of this.bus) listener(events);
        },
        timersChanged: (_a, due) => this.arm(due === undefined ? undefined : Date.parse(due)),
      });
      const actor = this.actor;
      startWebhookDispatcher({
        client: actorClient((_a, envelope) => actor.handle(envelope)),
        log,
        allowPrivate: config.ROSTER_WEBHOOKS_ALLOW_PRIVATE,
        events: (listener) => {
          const l = (events: PublishedEvent[]) => this.state.waitUntil(Promise.resolve(listener(address.id, events)));
          this.bus.add(l);
          return () => this.bus.delete(l);
        },
      });
      startObjectMail(config, log, actorClient((_a, envelope) => actor.handle(envelope)), (listener) => {
        const l = (events: PublishedEvent[]) => this.state.waitUntil(Promise.resolve(listener(address.id, events)));
        this.bus.add(l);
        return () => this.bus.delete(l);
      });
      const due = actor.nextTimerDue();
      if (due) await this.state.storage.setAlarm(Date.parse(due));
      return actor;
    });
  }

  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const address = JSON.parse(request.headers.get('x-roster-address') ?? 'null') as Address | null;
    if (!address) return new Response('missing address', { status: 400 });
    const actor = await this.activation(address);
    if (url.pathname === '/call') {
      const envelope = (await request.json()) as Envelope;
      const reply = await actor.handle(envelope).then(
        (reply) => replyOf({ reply }),
        (error) => replyOf({ error }),
      );
      return new Response(encode(reply), { headers: { 'content-type': 'application/json' } });
    }
    const principal = JSON.parse(request.headers.get('x-roster-principal') ?? 'null') as Principal;
    return this.push.open(url, address.id, principal);
  }

  async webSocketMessage() {}

  async webSocketClose(ws: WebSocket, code: number) {
    this.push.closed(ws, code);
  }

  /** Timers drive the object's alarm: it fires the due ones, and the retry rule re-arms it. */
  async alarm(): Promise<void> {
    const address = this.state.storage.kv.get<Address>('address');
    if (!address) return;
    const actor = await this.activation(address);
    await actor.fireDueTimers();
    this.arm(nextWake(actor.nextTimerDue(), Date.now()));
  }

  /** The object's side of the timer port: its one alarm. */
  private arm(dueMs: number | undefined): void {
    void (dueMs === undefined ? this.state.storage.deleteAlarm() : this.state.storage.setAlarm(dueMs));
  }
}

/** The classes wrangler.toml binds (TENANT, DIRECTORY): one namespace per actor kind, the kind read from the address. */
export class TenantActor extends ActorObject {}
export class DirectoryActor extends ActorObject {}
