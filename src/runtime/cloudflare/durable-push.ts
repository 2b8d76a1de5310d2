import type { PublishedEvent } from '../../../actors/core/event';
import type { Principal } from '../../../actors/core/principal';
import { TenantFanout } from '../../bus/tenant-feed';
import { openPushSession, resumedSession, type PushSession, type TenantCall } from '../../push/session';
import { socketSubscription } from '../../push/socket';
import { sseBody, sseHeaders } from '../../push/sse';
import type { PushState, Subscription } from '../../push/subscription';
import type { DurableObjectState } from './platform';

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
 * Push held by a tenant's Durable Object, over the same subscription as the Bun edges: SSE
 * streams live in memory (the object stays while they are open); WebSockets go through the
 * hibernation API, so the object may leave memory while they stay open: each socket's
 * principal and subscription state travel in its attachment, and its subscription is
 * rebuilt from it when an event wakes the object.
 */
export class DurablePush {
  private readonly feed = new TenantFanout();
  /** Subscriptions of the sockets open while this object is in memory. */
  private readonly sockets = new WeakMap<WebSocket, Subscription>();

  constructor(
    private readonly state: DurableObjectState,
    /** Calls this object's actor as the stream's principal. */
    private readonly callAs: (principal: Principal) => TenantCall,
  ) {}

  /** `/stream` or `/ws`, forwarded by the Worker with the principal it authenticated. */
  async open(url: URL, tenantId: string, principal: Principal): Promise<Response> {
    const session = await openPushSession(this.callAs(principal), url.searchParams.get('since'));
    if (url.pathname === '/ws') return this.openSocket(principal, session);
    return new Response(sseBody({ feed: this.feed, tenantId, session }), { headers: sseHeaders });
  }

  /** The actor's committed events, to every stream and socket of this tenant. */
  publish(tenantId: string, events: readonly PublishedEvent[]) {
    this.feed.deliver(tenantId, events);
    for (const ws of this.state.getWebSockets() as HibernatedSocket[]) {
      let subscription = this.sockets.get(ws);
      if (!subscription) {
        const at = ws.deserializeAttachment();
        if (!at) continue;
        subscription = this.subscribe(ws, at.principal, resumedSession(this.callAs(at.principal), at.state));
        // Whatever committed while it slept is in the log: read from its last point, then go live.
        void subscription.replay().catch(() => ws.close(1011, 'replay failed'));
      }
      if (!subscription.isStopped) subscription.offer(events);
    }
  }

  /** The client closed its socket: forget its stream and answer the close. */
  closed(ws: WebSocket, code: number) {
    const socket = ws as HibernatedSocket;
    this.sockets.get(socket)?.stop();
    this.sockets.delete(socket);
    const at = socket.deserializeAttachment();
    if (at) resumedSession(this.callAs(at.principal), at.state).close();
    ws.close(code === 1005 ? 1000 : code);
  }

  private async openSocket(principal: Principal, session: PushSession) {
    const pair = new (globalThis as unknown as { WebSocketPair: new () => Record<0 | 1, WebSocket> }).WebSocketPair();
    const server = pair[1] as HibernatedSocket;
    this.state.acceptWebSocket(server);
    const subscription = this.subscribe(server, principal, session);
    await subscription.replay().catch(() => server.close(1011, 'replay failed'));
    return new Response(null, { status: 101, webSocket: pair[0] } as ResponseInit);
  }

  private subscribe(ws: HibernatedSocket, principal: Principal, session: PushSession) {
    const push = { send: (t: string) => ws.send(t), close: (code: number, reason: string) => ws.close(code, reason), buffered: () => ws.bufferedAmount ?? 0 };
    const subscription = socketSubscription(push, session, {
      maxPendingBytes: 1024 * 1024,
      saved: (state) => ws.serializeAttachment({ principal, state }),
    });
    ws.serializeAttachment({ principal, state: subscription.snapshot });
    this.sockets.set(ws, subscription);
    return subscription;
  }
}
