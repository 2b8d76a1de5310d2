import type { PushSession } from './session';
import { Subscription, type PushState, type StreamEnd } from './subscription';

/** The little of a WebSocket a subscription needs: Bun's (through hono/ws) and the Durable Object's alike. */
export interface PushSocket {
  send(text: string): void;
  close(code: number, reason: string): void;
  /** Bytes queued for the client and not yet sent. */
  buffered(): number;
}

/**
 * The close code that tells a client why the server ended its socket: 4401 (no longer
 * signed in: deactivated, key revoked), 4403 (no longer allowed), 4429 (too many streams),
 * 1011 (the check failed: reconnect). The reason is the problem code.
 */
export const closeCodeOf = (end: StreamEnd) => (end.status === 503 ? 1011 : 4000 + end.status);

/**
 * A subscription that writes to a WebSocket: each event one JSON message; a client that
 * falls behind gets `{"type":"overflow","resumeFrom":n}` and close 1013; a server-ended
 * stream gets `{"type":"closed","code","detail"}` and the close code above.
 */
export function socketSubscription(ws: PushSocket, session: PushSession, o: { maxPendingBytes: number; saved?(state: PushState): void }) {
  return new Subscription({
    ...session,
    deliver: (e) => {
      if (ws.buffered() > o.maxPendingBytes) return false;
      ws.send(JSON.stringify(e));
      return true;
    },
    overflow: (resumeFrom) => {
      ws.send(JSON.stringify({ type: 'overflow', resumeFrom }));
      ws.close(1013, 'overflow');
      session.close();
    },
    end: (end) => {
      ws.send(JSON.stringify({ type: 'closed', code: end.code, detail: end.detail }));
      ws.close(closeCodeOf(end), end.code);
      session.close();
    },
    saved: o.saved,
  });
}
