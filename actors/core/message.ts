import type { z } from 'zod';
import type { IdSource } from './ids';
import type { IdempotencyPolicy } from './idempotency';
import type { Principal, Role } from './principal';
import type { Db } from './store';

/**
 * Every message type is declared once: its zod schema, whether it is a command or a query,
 * who may send it, its handler, and (optionally) the HTTP route it is served on. The edge
 * derives its routes and the OpenAPI document from these declarations.
 */
export type Access = readonly Role[] | 'public' | 'system';

export interface Meta {
  requestId: string;
  principal: Principal;
  /** Makes a command safe to retry: a second delivery with the same key gets the first reply. */
  idempotencyKey?: string;
  /** Epoch milliseconds after which the caller has given up; the actor then skips the work. */
  deadline?: number;
  /** The ETag the client read, for optimistic concurrency on updates. */
  ifMatch?: string;
  /** Set when a persisted timer sent this message: the timer's key. */
  timer?: string;
}

export interface Envelope {
  type: string;
  payload: unknown;
  meta: Meta;
}

export interface Route<O = unknown> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Hono path syntax; path parameters are merged into the message input. */
  path: string;
  summary: string;
  /** What the summary leaves out, for the API document (who may call it is added there). */
  description?: string;
  /** For the API document: what a problem status means here, naming its codes (else the status's general list). */
  problems?: Partial<Record<number, string>>;
  status?: number;
  /** When the status depends on the reply (a replayed create answers 200, not 201). */
  statusOf?: (output: O) => number;
  /** The reply's ETag header. */
  etag?: (output: O) => string;
  /** The update requires If-Match (428 without it); `optional`: honoured when sent (412 on a stale one). */
  ifMatch?: boolean | 'optional';
  /** Success statuses `statusOf` may answer besides `status`, with what each means (for the API document). */
  otherStatuses?: Record<number, string>;
  /** The reply has no body (204). */
  empty?: boolean;
  /** The request body is a CSV file (text/csv), handed to the message as its `csv` field. */
  csvBody?: boolean;
  /**
   * The request body is a file (its bytes, any allowed type): the edge checks its size and
   * type, stores it and hands the message `file` (src/http/routes/binary-body.ts).
   */
  binaryBody?: boolean;
  /** The reply is a stored file: the handler returns its blob key, and the edge streams the bytes. */
  blobReply?: boolean;
  /** The reply is a CSV file (the handler returns its text) with this download name. */
  csvReply?: string;
  /**
   * For public routes: the tenant named by the input (a token that carries its tenant id).
   * Authenticated routes go to the principal's tenant.
   */
  tenantOf?: (input: unknown) => string | undefined;
}

export interface DomainEvent {
  type: string;
  /** The aggregate it is about, e.g. `emp_…`; used for routing and visibility. */
  subject: string;
  data: unknown;
  /**
   * Who besides HR may hear of it (user or employee ids): the employee it is about, their
   * manager, an approver. Absent: only the roles that see everything.
   */
  audience?: string[];
}

export interface TimerSpec {
  /** Names the timer; scheduling the same key again moves it. */
  key: string;
  at: Date | string;
  /** The command the actor sends itself when the timer is due. */
  type: string;
  payload: unknown;
}

export interface Change {
  entity: string;
  id: string;
  before?: unknown;
  after?: unknown;
}

export interface QueryCtx<S, V> {
  state: S;
  db: Db;
  meta: Meta;
  principal: Principal;
  services: V;
  now: Date;
}

export interface CommandCtx<S, V> extends QueryCtx<S, V> {
  ids: IdSource;
  /** Appends a domain event to the outbox, in this command's transaction. */
  emit(event: DomainEvent): void;
  /** Records what changed, for the audit row written with this command. */
  audit(change: Change): void;
  /** Changes in-memory state so that it is undone if the command rolls back. */
  set<K, T>(map: Map<K, T>, key: K, value: T): void;
  remove<K, T>(map: Map<K, T>, key: K): void;
  onUndo(undo: () => void): void;
  /** Persists a timer, in this command's transaction. */
  schedule(timer: TimerSpec): Promise<void>;
  cancelTimer(key: string): Promise<void>;
}

interface Common<I extends z.ZodType> {
  type: string;
  input: I;
  access: Access;
  /** The reply schema, for the API description. */
  output?: z.ZodType;
  route?: Route<any>;
}

export interface QueryDef<S, V, I extends z.ZodType, O> extends Common<I> {
  kind: 'query';
  // Method syntax: a declaration stays assignable to the untyped MessageDef the actor keeps.
  handler(input: z.output<I>, ctx: QueryCtx<S, V>): Promise<O> | O;
}

export interface CommandDef<S, V, I extends z.ZodType, O, P = undefined> extends Common<I> {
  kind: 'command';
  /**
   * Slow work that needs no transaction (password hashing), run before the command enters
   * the mailbox so that it does not hold up the actor's other commands.
   */
  prepare?(input: z.output<I>, ctx: QueryCtx<S, V>): Promise<P>;
  /** What an Idempotency-Key does for this command (default `replay`; see idempotency.ts). */
  idempotency?: IdempotencyPolicy;
  handler(input: z.output<I>, ctx: CommandCtx<S, V>, prepared: P): Promise<O> | O;
}

export type MessageDef<S = any, V = any> = QueryDef<S, V, z.ZodType, any> | CommandDef<S, V, z.ZodType, any, any>;

/** Typed declaration helpers for one actor kind's state and services. The message type stays a literal, for the typed client. */
export function messagesFor<S, V>() {
  return {
    query<const T extends string, I extends z.ZodType, O>(
      def: Omit<QueryDef<S, V, I, O>, 'kind' | 'type'> & { type: T },
    ): QueryDef<S, V, I, O> & { type: T } {
      return { ...def, kind: 'query' };
    },
    command<const T extends string, I extends z.ZodType, O, P = undefined>(
      def: Omit<CommandDef<S, V, I, O, P>, 'kind' | 'type'> & { type: T },
    ): CommandDef<S, V, I, O, P> & { type: T } {
      return { ...def, kind: 'command' };
    },
  };
}
