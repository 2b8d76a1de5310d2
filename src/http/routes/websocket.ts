import type { Hono } from 'hono';
import { AppError } from '../../../actors/core/errors';
import { resumePointOf } from '../resume-point';
import type { UpgradeWebSocket } from 'hono/ws';
import { socketSubscription } from '../../push/socket';
import type { Subscription } from '../../push/subscription';
import type { AppEnv } from '../env';
import { startPush, type StreamOptions } from './stream';

/**
 * `GET /v1/ws`: the same event subscription over a WebSocket, for clients that prefer one
 * (mini-programs, mobile). `?since=<seq>` resumes; each message is one event as JSON; a
 * `{"type":"ping"}` heartbeat keeps proxies from closing it; a client that falls behind gets
 * `{"type":"overflow","resumeFrom":n}` and the socket is closed (1013) rather than buffered;
 * a principal that may no longer listen gets `{"type":"closed",code,detail}` and 4401/4403.
 */
export function mountWebSocketRoute(app: Hono<AppEnv>, o: StreamOptions & { upgradeWebSocket: UpgradeWebSocket }) {
  const heartbeatMs = o.heartbeatMs ?? 15_000;
  const maxPendingBytes = o.maxPendingBytes ?? 1024 * 1024;

  app.get('/v1/ws', async (c) => {
    // A plain GET (no upgrade) is told what to do rather than failing inside the upgrade.
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
      throw new AppError(426, 'upgrade_required', 'This route is a WebSocket: send Connection: Upgrade and Upgrade: websocket.', undefined, undefined, { upgrade: 'websocket' });
    }
    const { tenantId, session } = await startPush(c, o, resumePointOf(c, false), true);
    let subscription: Subscription | undefined;
    let unsubscribe: (() => void) | undefined;
    let heartbeat: ReturnType<typeof setInterval> | undefined;
    let closed = false;
    const release = () => {
      if (closed) return;
      closed = true;
      subscription?.stop();
      unsubscribe?.();
      clearInterval(heartbeat);
      session.close();
    };

    return o.upgradeWebSocket(c, {
      onOpen: async (_event, ws) => {
        if (closed) return;
        heartbeat = setInterval(() => ws.send('{"type":"ping"}'), heartbeatMs);
        const buffered = () => (ws.raw as { getBufferedAmount?: () => number } | undefined)?.getBufferedAmount?.() ?? 0;
        const live = socketSubscription({ send: (t) => ws.send(t), close: (code, reason) => ws.close(code, reason), buffered }, session, { maxPendingBytes });
        subscription = live;
        unsubscribe = o.feed.subscribe(tenantId, (events) => live.offer(events));
        try {
          await live.replay();
        } catch {
          ws.close(1011, 'replay failed');
        }
      },
      onClose: release,
    });
  });
}
