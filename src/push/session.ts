import type { Listener } from '../../actors/push/listener';
import type { ClientEvent, PushState } from './subscription';

/** Calls the principal's tenant actor as that principal (the edge's client, or the Durable Object's actor). */
export type TenantCall = (type: string, payload: unknown) => Promise<unknown>;

/** What a push stream needs from the tenant actor for its whole life, in every runtime. */
export interface PushSession extends PushState {
  page(after: number): Promise<ClientEvent[]>;
  review(): Promise<Listener>;
  /** Forgets the stream in the tenant's registry (best effort: the cap closes leaked ones). */
  close(): void;
}

/** The point a client resumes from: a sequence number it sent, or now. */
export const resumePoint = (resume: string | null | undefined, head: number) =>
  resume !== undefined && resume !== null && /^\d+$/.test(resume) ? Number(resume) : head;

/**
 * Opens a push stream with the tenant actor: registers it (closing the principal's oldest
 * stream over the cap), and learns what the principal may hear and where the log ends.
 * The one start-up of every push connection: SSE and WebSocket, Bun and the Durable Object.
 */
export async function openPushSession(call: TenantCall, resume: string | null | undefined): Promise<PushSession> {
  const opened = (await call('stream.open', {})) as Listener & { streamId: string; head: number };
  const { streamId, head, ...listener } = opened;
  return resumedSession(call, { streamId, listener, lastSent: resumePoint(resume, head) });
}

/** A session from its saved state (a hibernated WebSocket woken by an event). */
export function resumedSession(call: TenantCall, state: PushState): PushSession {
  return {
    ...state,
    page: async (from) => ((await call('events.since', { after: from, limit: 500 })) as { items: ClientEvent[] }).items,
    review: async () => {
      const { head: _head, ...listener } = (await call('events.listener', {})) as Listener & { head: number };
      return listener;
    },
    close: () => void call('stream.close', { streamId: state.streamId }).catch(() => undefined),
  };
}
