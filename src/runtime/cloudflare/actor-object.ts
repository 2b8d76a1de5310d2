import { Actor, type PublishedEvent } from '../../../actors/core/actor';
import { systemClock } from '../../../actors/core/clock';
import { ulidIds } from '../../../actors/core/ids';
import type { ActorKind, Address } from '../../../actors/core/kind';
import type { Envelope } from '../../../actors/core/message';
import type { Principal } from '../../../actors/core/principal';
import { directoryKind } from '../../../actors/directory/directory';
import { tenantKind } from '../../../actors/tenant/kind';
import { TenantFanout } from '../../bus/tenant-feed';
import { loadConfig } from '../../config';
import { createLogger } from '../../log';
import { encode, replyOf } from '../../nats/wire';
import { openPushSession, resumedSession, type PushSession, type TenantCall } from '../../push/session';
import { socketSubscription } from '../../push/socket';
import { sseBody, sseHeaders } from '../../push/sse';
import type { PushState, Subscription } from '../../push/subscription';
import { durableStore } from '../../storage/durable-store';
import { startWebhookDispatcher } from '../../webhooks/dispatcher';
import { tenantServices } from '../services';
import { configEnv } from './env';
import type { DurableObjectState, Env } from './platform';

interface SocketAttachment {
  principal: Principal;
  state: PushState;
}

type HibernatedSocket = WebSocket & {
  serializeAttachment(v: SocketAttachment): void;
  deserializeAttachment(): SocketAttachment | null;
  bufferedAmount?: number;
};

/**
 * One actor per Durable Object: a thin adapter that turns the platform's entry points into
 * the actor core's (activation inside blockConcurrencyWhile, `fetch` for calls and push
 * connections, `alarm` for timers). No domain logic lives here. The platform guarantees one
 * live instance per object, so the epoch fence is never the one that bites.
 */
export class ActorObject {
  private actor: Actor | undefined;
  private readonly feed = new TenantFanout();
  private readonly bus = new Set<(events: PublishedEvent[]) => void>();
  /** Subscriptions of the sockets open while this object is in memory. */
  private readonly sockets = new WeakMap<WebSocket, Subscription>();

  constructor(
    private readonly state: DurableObjectState,
    private readonly env: Env,
    private readonly kind: ActorKind,
  ) {}

  private async activation(address: Address): Promise<Actor> {
    if (this.actor) return this.actor;
    return this.state.blockConcurrencyWhile(async () => {
      if (this.actor) return this.actor;
      const config = loadConfig(configEnv(this.env));
      const log = createLogger(config.ROSTER_LOG, { actor: `${address.kind}/${address.id}` });
      this.state.storage.kv.put('address', address);
      this.actor = await Actor.activate(address, this.kind, durableStore(this.state.storage), {
        clock: systemClock,
        ids: ulidIds,
        services: tenantServices(config),
        publish: async (a, events) => {
          this.feed.deliver(a.id, events);
          if (this.actor) this.pushToSockets(this.actor, events);
          for (const listener of this.bus) listener(events);
        },
        timersChanged: (_a, due) => {
          void (due ? this.state.storage.setAlarm(Date.parse(due)) : this.state.storage.deleteAlarm());
        },
      });
      const actor = this.actor;
      startWebhookDispatcher({
        client: { call: (_a, envelope) => actor.handle(envelope) },
        log,
        allowPrivate: config.ROSTER_WEBHOOKS_ALLOW_PRIVATE,
        events: (listener) => {
          const l = (events: PublishedEvent[]) => this.state.waitUntil(Promise.resolve(listener(address.id, events)));
          this.bus.add(l);
          return () => this.bus.delete(l);
        },
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
        (value) => replyOf({ value, ...envelope.meta }),
        (error) => replyOf({ error }),
      );
      return new Response(encode(reply), { headers: { 'content-type': 'application/json' } });
    }
    const principal = JSON.parse(request.headers.get('x-roster-principal') ?? 'null') as Principal;
    const session = await openPushSession(this.callAs(actor, principal), url.searchParams.get('since'));
    if (url.pathname === '/ws') return this.openSocket(actor, principal, session);
    return new Response(sseBody({ feed: this.feed, tenantId: address.id, session }), { headers: sseHeaders });
  }

  /** Push sessions call the actor in this object as the stream's principal. */
  private callAs(actor: Actor, principal: Principal): TenantCall {
    return (type, payload) => actor.handle({ type, payload, meta: { requestId: 'push', principal } });
  }

  /**
   * A WebSocket through the hibernation API: the object may leave memory while sockets stay
   * open; each socket's principal and subscription state travel in its attachment, and the
   * subscription is rebuilt from it when an event wakes the object.
   */
  private async openSocket(actor: Actor, principal: Principal, session: PushSession) {
    const pair = new (globalThis as unknown as { WebSocketPair: new () => Record<0 | 1, WebSocket> }).WebSocketPair();
    const server = pair[1] as HibernatedSocket;
    this.state.acceptWebSocket(server);
    const subscription = this.subscribeSocket(server, principal, session);
    await subscription.replay().catch(() => server.close(1011, 'replay failed'));
    return new Response(null, { status: 101, webSocket: pair[0] } as ResponseInit);
  }

  private subscribeSocket(ws: HibernatedSocket, principal: Principal, session: PushSession) {
    const push = { send: (t: string) => ws.send(t), close: (code: number, reason: string) => ws.close(code, reason), buffered: () => ws.bufferedAmount ?? 0 };
    const subscription = socketSubscription(push, session, {
      maxPendingBytes: 1024 * 1024,
      saved: (state) => ws.serializeAttachment({ principal, state } satisfies SocketAttachment),
    });
    ws.serializeAttachment({ principal, state: subscription.snapshot } satisfies SocketAttachment);
    this.sockets.set(ws, subscription);
    return subscription;
  }

  /** Live events to every open socket: its subscription, or one rebuilt from its attachment after hibernation. */
  private pushToSockets(actor: Actor, events: readonly PublishedEvent[]) {
    for (const ws of this.state.getWebSockets() as HibernatedSocket[]) {
      let subscription = this.sockets.get(ws);
      if (!subscription) {
        const at = ws.deserializeAttachment();
        if (!at) continue;
        subscription = this.subscribeSocket(ws, at.principal, resumedSession(this.callAs(actor, at.principal), at.state));
        // Whatever committed while it slept is in the log: read from its last point, then go live.
        void subscription.replay().catch(() => ws.close(1011, 'replay failed'));
      }
      if (!subscription.isStopped) subscription.offer(events);
    }
  }

  async webSocketMessage() {}

  async webSocketClose(ws: WebSocket, code: number) {
    const socket = ws as HibernatedSocket;
    this.sockets.get(socket)?.stop();
    this.sockets.delete(socket);
    const at = socket.deserializeAttachment();
    const address = this.state.storage.kv.get<Address>('address');
    if (at && address) {
      const actor = await this.activation(address);
      resumedSession(this.callAs(actor, at.principal), at.state).close();
    }
    ws.close(code === 1005 ? 1000 : code);
  }

  /** Timers drive the object's alarm: it fires the due ones, and the next commit re-arms it. */
  async alarm(): Promise<void> {
    const address = this.state.storage.kv.get<Address>('address');
    if (!address) return;
    const actor = await this.activation(address);
    await actor.fireDueTimers();
    // A timer still due now failed: try again in half a minute.
    const next = actor.nextTimerDue();
    if (next) await this.state.storage.setAlarm(Date.parse(next) <= Date.now() ? Date.now() + 30_000 : Date.parse(next));
  }
}

export class TenantActor extends ActorObject {
  constructor(state: DurableObjectState, env: Env) {
    super(state, env, tenantKind);
  }
}

export class DirectoryActor extends ActorObject {
  constructor(state: DurableObjectState, env: Env) {
    super(state, env, directoryKind);
  }
}
