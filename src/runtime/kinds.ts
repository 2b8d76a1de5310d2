import type { ActorKind } from '../../actors/core/kind';
import type { MessageDef } from '../../actors/core/message';
import { wakeMessage } from '../../actors/core/timers';
import { directoryKind } from '../../actors/directory/directory';
import { tenantKind } from '../../actors/tenant/kind';

/**
 * The actor kinds of Roster, listed once: every runtime hosts these (a Bun host, a NATS
 * worker's placement, a Durable Object class each), and the transports learn from their
 * declarations which messages are safe to send twice.
 */
export const actorKinds: readonly ActorKind[] = [tenantKind, directoryKind];

const byName = new Map(actorKinds.map((k) => [k.name, k]));

/** The kind of that name, if Roster has one. */
export const actorKind = (name: string): ActorKind | undefined => byName.get(name);

const messages = new Map<string, MessageDef>(actorKinds.flatMap((k) => k.messages.map((m) => [m.type, m] as const)));

/** Whether a message only reads, so that sending it twice is harmless. */
export const isQuery = (type: string): boolean => type === wakeMessage || messages.get(type)?.kind === 'query';

/**
 * Whether a command sent twice under one Idempotency-Key is answered by its first run (the
 * transport may then retry it after a timeout). Not so for authentication calls, which
 * ignore the key: a retried refresh would spend its token twice and trip reuse detection.
 */
export const replaysOnRetry = (type: string): boolean => {
  const def = messages.get(type);
  return def?.kind === 'command' && def.idempotency !== 'none';
};
