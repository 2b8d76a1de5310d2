import type { Hono } from 'hono';
import type { UpgradeWebSocket } from 'hono/ws';
import { subscribe } from '../../push/subscription';
import type { AppEnv } from '../env';
import { startPush, type StreamOptions } from './stream';

/**
 * `GET /v1/ws`: the same event subscription over a WebSocket, for clients that prefer one
 * (mini-programs, mobile). `?since=<seq>` resumes; each message is one event as JSON; a
 * `{"type":"ping"}` heartbeat keeps proxies from closing it; a client that falls behind gets
 * `{"type":"overflow","resumeFrom":n}` and the socket is closed (1013) rather than buffered.
 */
export function mountWebSocketRoute(app: Hono<AppEnv>, o: StreamOptions & { upgradeWebSocket: UpgradeWebSocket }) {
  const heartbeatMs = o.heartbeatMs ?? 15_000;
  const maxPending = o.maxPendingBytes ?? 1024 * 1024;

  app.get('/v1/ws', async (c) => {
    const { tenantId, listener, after, page } = await startPush(c, o, c.req.query('since'));
    let subscription: { stop(): void } | undefined;
    let heartbeat: ReturnType<typeof setInterval> | undefined;
    let closed = false;

    return o.upgradeWebSocket(c, {
      onOpen: async (_event, ws) => {
        heartbeat = setInterval(() => ws.send('{"type":"ping"}'), heartbeatMs);
        const buffered = () => (ws.raw as { getBufferedAmount?: () => number } | undefined)?.getBufferedAmount?.() ?? 0;
        try {
          subscription = await subscribe({
            feed: o.feed,
            tenantId,
            listener,
            after,
            page,
            deliver: (e) => {
              if (closed) return true;
              if (buffered() > maxPending) return false;
              ws.send(JSON.stringify(e));
              return true;
            },
            overflow: (resumeFrom) => {
              ws.send(JSON.stringify({ type: 'overflow', resumeFrom }));
              ws.close(1013, 'overflow');
            },
          });
          if (closed) subscription.stop();
        } catch {
          ws.close(1011, 'replay failed');
        }
      },
      onClose: () => {
        closed = true;
        subscription?.stop();
        clearInterval(heartbeat);
      },
    });
  });
}
