import type { AppError } from './errors';
import type { EventDef, PublishedEvent } from './event';
import type { ReplyHints } from './hints';
import type { CommandCtx, MessageDef } from './message';
import type { Principal } from './principal';
import type { LimitPolicy } from './rate-limit';
import type { Db, Migration } from './store';

/**
 * An actor kind: its schema, how its in-memory state is loaded on activation, and the
 * messages it answers. Addressed as `(kind, id)`: `tenant/ten_…`, `directory/global`.
 */
export interface ActorKind<S = any, V = any> {
  name: string;
  migrations: readonly Migration[];
  messages: readonly MessageDef<S, V>[];
  /** Every event type its commands may emit; emitting an undeclared one is a bug. */
  events?: readonly EventDef[];
  /** Reads what the actor keeps in memory, once per activation. */
  load(db: Db, id: string): Promise<S>;
  /**
   * Checks a principal against the actor's current state (a deactivated user, a revoked
   * key) and returns it with its current role; or the error to answer.
   */
  authenticate?(state: S, principal: Principal, id: string): Principal | AppError;
  /**
   * Runs after each command, in its transaction, with the events it emitted: projections
   * that must commit with the command (notifications, webhook deliveries).
   */
  react?(events: readonly PublishedEvent[], ctx: CommandCtx<S, V>): Promise<void>;
  /**
   * Facts for the edge that the actor's state holds and its replies to users and keys carry
   * (the browser origins a company allows); the edge makes the headers.
   */
  replyHints?(state: S): ReplyHints | undefined;
  /** The rate limits a principal's messages count against (by its tenant's plan). */
  limits?(state: S, principal: Principal, services: V): LimitPolicy[];
}

export interface Address {
  kind: string;
  id: string;
}

export const addressKey = (a: Address) => `${a.kind}/${a.id}`;

export function parseAddress(key: string): Address {
  const slash = key.indexOf('/');
  return { kind: key.slice(0, slash), id: key.slice(slash + 1) };
}
