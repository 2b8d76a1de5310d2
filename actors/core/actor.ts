import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Clock } from './clock';
import { actorMeta, auditLog, idempotency, outbox, timers, type TimerRow } from './core.sql.ts';
import { AppError, forbidden, invalid, timedOut, unprocessable, unauthenticated } from './errors';
import { sha256, type IdSource } from './ids';
import type { ActorKind, Address } from './kind';
import { Mailbox, type Outcome } from './mailbox';
import type { Change, CommandCtx, CommandDef, DomainEvent, Envelope, MessageDef, QueryCtx } from './message';
import { migrate } from './migrate';
import { RateLimiter, rateLimitHeaders } from './rate-limit';
import { principalId, type Principal } from './principal';
import type { SqlValue, Store } from './store';

export interface ActorDeps {
  clock: Clock;
  ids: IdSource;
  services: unknown;
  /**
   * Hands committed events to the bus, in sequence order, after every commit. Resolves
   * once the bus holds them; publishing must be idempotent by (actor, seq).
   */
  publish(address: Address, events: PublishedEvent[]): Promise<void>;
  /** Told after a commit that changed when the actor's next timer is due (undefined: none). */
  timersChanged?(address: Address, nextDue: string | undefined): void;
}

export interface PublishedEvent extends DomainEvent {
  seq: number;
  at: string;
  requestId: string;
}

/** Thrown when a newer owner has taken the actor: this activation must never commit again. */
export class FencedError extends AppError {
  constructor() {
    super(503, 'actor_moved', 'The actor moved to another worker; retry.', undefined, 0);
  }
}

const insertSql = new Map<string, string>();

/** `INSERT INTO t (a, b) VALUES (?, ?), (?, ?)…`, built once per table and row count. */
function multiRowInsert(table: string, columns: string[], rows: number, verb = 'INSERT'): string {
  const key = `${verb}:${table}:${rows}`;
  let sql = insertSql.get(key);
  if (!sql) {
    const row = `(${columns.map(() => '?').join(', ')})`;
    sql = `${verb} INTO ${table} (${columns.join(', ')}) VALUES ${Array.from({ length: rows }, () => row).join(', ')}`;
    insertSql.set(key, sql);
  }
  return sql;
}

/** Rows a batch writes once, at its end, instead of once per command. */
interface BatchRows {
  audit: (typeof auditLog.$inferInsert)[];
  idempotency: Map<string, typeof idempotency.$inferSelect>;
  events?: PublishedEvent[];
}

const rollback = Symbol('rollback');
/** How long an Idempotency-Key is remembered, and how often expired ones are purged. */
const idempotencyTtlMs = 24 * 3600_000;
const purgeEveryMs = 3600_000;
/** The built-in message that wakes an actor so that it fires its due timers. */
export const wakeMessage = 'actor.wake';
/** How far the recorded publishing progress may lag behind the bus. */
const publishedSeqInterval = 256;
const retryIsolated = Symbol('retry isolated');

interface Work {
  def: CommandDef<any, any, z.ZodType, any, any>;
  input: unknown;
  meta: Envelope['meta'];
  principal: Principal;
  prepared: unknown;
}

/**
 * One live activation of an actor: its state in memory, its store, its mailbox. Queries
 * read memory and never wait for the disk; commands go through the mailbox and reply only
 * after their transaction has committed.
 */
export class Actor<S = unknown> {
  private readonly messages: Map<string, MessageDef>;
  private readonly eventTypes: Set<string> | undefined;
  private readonly mailbox: Mailbox<Work, unknown>;
  private readonly inFlight = new Set<Promise<unknown>>();
  private nextSeq = 1;
  /** Highest seq recorded as published in the database, and highest the bus confirmed. */
  private publishedSeq = 0;
  private confirmedSeq = 0;
  private lastPurge = 0;
  private readonly limiter = new RateLimiter();
  lastUsed = 0;
  fenced = false;
  /** Persisted timers, mirrored in memory; the host arms the earliest. */
  private readonly timers = new Map<string, TimerRow>();
  private timersDirty = false;

  private constructor(
    readonly address: Address,
    readonly kind: ActorKind<S>,
    readonly store: Store,
    private readonly deps: ActorDeps,
    private readonly epoch: number,
    public state: S,
  ) {
    this.messages = new Map(kind.messages.map((m) => [m.type, m]));
    this.eventTypes = kind.events && new Set(kind.events.map((e) => e.type));
    this.mailbox = new Mailbox((batch) => this.runBatch(batch));
  }

  /** Opens the actor: migrates its database, takes ownership (bumps the epoch), loads state. */
  static async activate<S>(address: Address, kind: ActorKind<S>, store: Store, deps: ActorDeps): Promise<Actor<S>> {
    await migrate(store, kind.migrations);
    const { epoch, publishedSeq, lastSeq } = await store.transaction(async () => {
      await store.db
        .insert(actorMeta)
        .values({ id: 1, epoch: 1, publishedSeq: 0 })
        .onConflictDoUpdate({ target: actorMeta.id, set: { epoch: sql`${actorMeta.epoch} + 1` } });
      const meta = (await store.db.select().from(actorMeta).where(eq(actorMeta.id, 1)))[0]!;
      const [last] = await store.db.select({ seq: sql<number>`coalesce(max(${outbox.seq}), 0)` }).from(outbox);
      return { epoch: meta.epoch, publishedSeq: meta.publishedSeq, lastSeq: Number(last?.seq ?? 0) };
    });
    const state = await kind.load(store.db, address.id);
    const actor = new Actor(address, kind, store, deps, epoch, state);
    for (const t of await store.db.select().from(timers)) actor.timers.set(t.key, t);
    actor.nextSeq = lastSeq + 1;
    actor.publishedSeq = publishedSeq;
    await actor.republishPending();
    return actor;
  }

  /** Messages taken in and not yet answered (queued commands included). */
  get mailboxDepth(): number {
    return this.inFlight.size;
  }

  /** Committed events the bus has not confirmed yet. */
  get outboxLag(): number {
    return Math.max(0, this.nextSeq - 1 - Math.max(this.confirmedSeq, this.publishedSeq));
  }

  /** Waits until every message taken in has its answer: before passivation closes the store. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    if (!this.fenced && this.confirmedSeq > this.publishedSeq) {
      await this.store.transaction(async () => {
        await this.checkFence();
        await this.recordPublished(true);
      }).catch(() => undefined);
    }
  }

  /**
   * Takes one message in. It is counted from here, not from the mailbox, because a message
   * may still be validating or preparing (hashing a password, say) when passivation starts.
   * A query answered from memory is answered before anything else can run: it needs no
   * counting, and is spared the promise bookkeeping (the hot path of every read).
   */
  handle(envelope: Envelope): Promise<unknown> {
    let answer: unknown;
    try {
      answer = this.receive(envelope);
    } catch (e) {
      return Promise.reject(e);
    }
    if (!(answer instanceof Promise)) return Promise.resolve(answer);
    this.inFlight.add(answer);
    const done = () => this.inFlight.delete(answer);
    answer.then(done, done);
    return answer;
  }

  /** The answer, or a promise of it when the message has to wait (a write, a timer, a command). */
  private receive(envelope: Envelope): unknown {
    if (envelope.type === wakeMessage) {
      if (envelope.meta.principal.kind !== 'system') throw forbidden('This message is internal.');
      return this.fireDueTimers().then((fired) => ({ fired }));
    }
    const def = this.messages.get(envelope.type);
    if (!def) throw new AppError(400, 'unknown_message', `No message type ${envelope.type} on ${this.address.kind}.`);
    const principal = this.authorize(def, envelope.meta.principal);
    // One clock reading for the rate limit and the handler (one Date fewer per message).
    const now = this.deps.clock.now();
    if (principal.kind === 'user' || principal.kind === 'apiKey') {
      if (this.kind.limits) this.admit(principal, envelope, now.getTime());
      const origins = this.kind.corsOrigins?.(this.state);
      if (origins) envelope.meta.corsOrigins = origins;
    }
    const parsed = def.input.safeParse(envelope.payload);
    if (!parsed.success) throw invalid('The request is not valid.', fieldErrors(parsed.error));
    if (def.kind === 'query') {
      // Reads see committed state only: a batch that is still writing may yet roll back.
      const writing = this.mailbox.settled;
      if (writing) return writing.then(() => def.handler(parsed.data, this.queryCtx(envelope, principal, this.deps.clock.now())));
      return def.handler(parsed.data, this.queryCtx(envelope, principal, now));
    }
    return this.command(def, parsed.data, envelope, principal, now);
  }

  private queryCtx(envelope: Envelope, principal: Principal, now: Date): QueryCtx<S, unknown> {
    return {
      state: this.state,
      db: this.store.db,
      meta: envelope.meta,
      principal,
      services: this.deps.services,
      now,
    };
  }

  private async command(def: CommandDef<any, any, z.ZodType, any, any>, input: unknown, envelope: Envelope, principal: Principal, now: Date): Promise<unknown> {
    const prepared = def.prepare ? await def.prepare(input, this.queryCtx(envelope, principal, now)) : undefined;
    return this.mailbox.post({ def, input, meta: envelope.meta, principal, prepared });
  }

  /** Counts the message against the principal's limits; refuses it with 429 when over. */
  private admit(principal: Principal, envelope: Envelope, now: number) {
    const policies = this.kind.limits!(this.state, principal, this.deps.services);
    if (policies.length === 0) return;
    const { allowed, state } = this.limiter.take(policies, now);
    if (!allowed) {
      throw new AppError(429, 'rate_limited', `Too many requests for this ${state.policy}; retry later.`, undefined, state.retryAfterSeconds, rateLimitHeaders(state));
    }
    envelope.meta.rateLimit = state;
  }

  private authorize(def: MessageDef, principal: Principal): Principal {
    if (def.access === 'public') return principal;
    if (def.access === 'system') {
      if (principal.kind === 'system') return principal;
      throw forbidden('This message is internal.');
    }
    if (principal.kind === 'system') return principal;
    if (principal.kind === 'anonymous') throw unauthenticated();
    // Tenant isolation: a principal of one tenant is never served by another's actor.
    if (principal.tenantId !== this.address.id) throw forbidden('This principal belongs to another tenant.');
    const current = this.kind.authenticate ? this.kind.authenticate(this.state, principal, this.address.id) : principal;
    if (current instanceof AppError) throw current;
    if (current.kind !== 'user' && current.kind !== 'apiKey') throw unauthenticated();
    if (!def.access.includes(current.role)) throw forbidden();
    return current;
  }

  /**
   * Commits a batch. Commands check their rules in memory before they write, so a batch
   * nearly always succeeds whole: it first runs without a savepoint per command (two
   * statements saved each). If a command fails after all, that attempt is rolled back and
   * the batch runs again with savepoints, so the failure is isolated from its neighbours.
   */
  private async runBatch(batch: Work[]): Promise<Outcome<unknown>[]> {
    if (this.fenced) throw new FencedError();
    if (batch.length > 1) {
      const optimistic = await this.commitBatch(batch, false);
      if (optimistic !== retryIsolated) return optimistic;
    }
    return (await this.commitBatch(batch, batch.length > 1)) as Outcome<unknown>[];
  }

  private async commitBatch(batch: Work[], isolate: boolean): Promise<Outcome<unknown>[] | typeof retryIsolated> {
    const undoAll: (() => void)[][] = [];
    const published: PublishedEvent[] = [];
    const rows: BatchRows = { audit: [], idempotency: new Map() };
    const seqBefore = this.nextSeq;
    let failure: Outcome<unknown> | undefined;
    const undoEverything = () => {
      for (const undo of undoAll.reverse()) for (const u of undo.reverse()) u();
      this.nextSeq = seqBefore;
    };
    try {
      const outcomes = await this.store.transaction(async () => {
        await this.checkFence();
        await this.recordPublished();
        await this.purgeExpiredKeys();
        const results: Outcome<unknown>[] = [];
        for (const work of batch) {
          const undo: (() => void)[] = [];
          const mine: BatchRows = { audit: [], idempotency: new Map(), events: [] };
          try {
            const run = () => this.runOne(work, undo, mine, rows);
            const value = isolate ? await this.store.savepoint(run) : await run();
            undoAll.push(undo);
            published.push(...mine.events!);
            rows.audit.push(...mine.audit);
            for (const [k, v] of mine.idempotency) rows.idempotency.set(k, v);
            results.push(value instanceof Rejected ? { ok: false, error: value.error } : { ok: true, value });
          } catch (error) {
            for (const u of undo.reverse()) u();
            if (isolate) {
              results.push({ ok: false, error });
              continue;
            }
            failure = { ok: false, error };
            throw rollback;
          }
        }
        await this.writeRows(published, rows);
        return results;
      });
      if (published.length > 0) this.publish(published);
      if (this.timersDirty) {
        this.timersDirty = false;
        this.deps.timersChanged?.(this.address, this.nextTimerDue());
      }
      return outcomes;
    } catch (error) {
      // Nothing of this attempt is durable, so nothing of it stays in memory either.
      undoEverything();
      this.timersDirty = false;
      if (error === rollback) return batch.length === 1 ? [failure!] : retryIsolated;
      if (error instanceof FencedError) this.fenced = true;
      throw error;
    }
  }

  /** The outbox, audit and idempotency rows of a whole batch: multi-row inserts, as few as the store allows. */
  private async writeRows(events: PublishedEvent[], rows: BatchRows): Promise<void> {
    const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
    const insert = async (table: string, columns: string[], values: SqlValue[][], verb = 'INSERT') => {
      // As many rows per statement as the store lets one statement bind.
      const perStatement = Math.max(1, Math.floor(this.store.maxParams / columns.length));
      for (let i = 0; i < values.length; i += perStatement) {
        const chunk = values.slice(i, i + perStatement);
        await this.store.run(multiRowInsert(table, columns, chunk.length, verb), chunk.flat());
      }
    };
    if (events.length > 0) {
      await insert(
        'outbox',
        ['seq', 'type', 'subject', 'data', 'audience', 'request_id', 'at'],
        events.map((e) => [e.seq, e.type, e.subject, json(e.data), json(e.audience), e.requestId, e.at]),
      );
    }
    if (rows.audit.length > 0) {
      await insert(
        'audit_log',
        ['at', 'request_id', 'actor_kind', 'actor_id', 'action', 'subject', 'changes'],
        rows.audit.map((a) => [a.at, a.requestId, a.actorKind, a.actorId, a.action, a.subject ?? null, json(a.changes)]),
      );
    }
    if (rows.idempotency.size > 0) {
      await insert(
        'idempotency',
        ['key', 'fingerprint', 'reply', 'at'],
        [...rows.idempotency.values()].map((k) => [k.key, k.fingerprint, JSON.stringify(k.reply ?? null), k.at]),
        'INSERT OR REPLACE',
      );
    }
  }

  /** When the earliest timer is due, if any. */
  nextTimerDue(): string | undefined {
    let next: string | undefined;
    for (const t of this.timers.values()) if (!next || t.dueAt < next) next = t.dueAt;
    return next;
  }

  /**
   * Sends the actor the messages of its due timers. Each runs as a command that deletes its
   * timer in its own transaction; one that fails keeps its timer and is tried again later.
   */
  async fireDueTimers(): Promise<number> {
    const now = this.deps.clock.now().toISOString();
    const due = [...this.timers.values()].filter((t) => t.dueAt <= now).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    const results = await Promise.allSettled(
      due.map((t) =>
        this.handle({
          type: t.type,
          payload: t.payload,
          meta: { requestId: `timer:${t.key}`, principal: { kind: 'system' }, timer: t.key },
        }),
      ),
    );
    return results.filter((r) => r.status === 'fulfilled').length;
  }

  /** Drops stored replies older than a day, at most once an hour, inside a batch's transaction. */
  private async purgeExpiredKeys(): Promise<void> {
    const now = this.deps.clock.now().getTime();
    if (now - this.lastPurge < purgeEveryMs) return;
    this.lastPurge = now;
    await this.store.run('DELETE FROM idempotency WHERE at < ?', [new Date(now - idempotencyTtlMs).toISOString()]);
  }

  private async checkFence(): Promise<void> {
    const [row] = await this.store.all<{ epoch: number }>('SELECT epoch FROM actor_meta WHERE id = 1', []);
    if (!row || Number(row.epoch) !== this.epoch) throw new FencedError();
  }

  private async runOne(
    work: Work,
    undo: (() => void)[],
    mine: BatchRows,
    batchSoFar: BatchRows,
  ): Promise<unknown> {
    const { def, input, meta, principal } = work;
    const now = this.deps.clock.now();
    // A deadline is an instant on the caller's real clock (the edge sets it from Date.now()),
    // whatever clock the domain runs on (tests move theirs, to years away).
    if (meta.deadline !== undefined && Date.now() > meta.deadline) throw timedOut();
    const db = this.store.db;
    const events = mine.events!;

    let idemKey: string | undefined;
    let fingerprint = '';
    if (meta.idempotencyKey) {
      // Per message type: one HTTP request may lead to several calls (sign-up) under one key.
      idemKey = `${principalId(principal)}:${def.type}:${meta.idempotencyKey}`;
      fingerprint = await sha256(JSON.stringify([def.type, input]));
      const cutoff = new Date(now.getTime() - idempotencyTtlMs).toISOString();
      const found =
        batchSoFar.idempotency.get(idemKey) ??
        (await db.select().from(idempotency).where(eq(idempotency.key, idemKey)))[0];
      // A key older than a day is forgotten, even if the hourly purge has not reached it yet.
      const stored = found && found.at >= cutoff ? found : undefined;
      if (stored) {
        if (stored.fingerprint !== fingerprint) {
          throw unprocessable('idempotency_key_reused', 'This Idempotency-Key was used with a different request.');
        }
        return stored.reply;
      }
    }

    if (meta.timer) {
      const timer = this.timers.get(meta.timer);
      // Moved or cancelled since it was found due: nothing to do.
      if (!timer || timer.dueAt > now.toISOString()) return { skipped: true };
      await db.delete(timers).where(eq(timers.key, timer.key));
      this.timers.delete(timer.key);
      undo.push(() => this.timers.set(timer.key, timer));
      this.timersDirty = true;
    }

    const changes: Change[] = [];
    const at = now.toISOString();
    const ctx: CommandCtx<S, unknown> = {
      state: this.state,
      db,
      meta,
      principal,
      services: this.deps.services,
      now,
      ids: this.deps.ids,
      emit: (event) => {
        if (this.eventTypes && !this.eventTypes.has(event.type)) throw new Error(`Undeclared event type ${event.type}`);
        const seq = this.nextSeq++;
        undo.push(() => void (this.nextSeq = seq));
        events.push({ ...event, seq, at, requestId: meta.requestId });
      },
      audit: (change) => void changes.push(change),
      set: (map, key, value) => {
        const had = map.has(key);
        const before = map.get(key);
        map.set(key, value);
        undo.push(() => (had ? map.set(key, before!) : map.delete(key)));
      },
      remove: (map, key) => {
        if (!map.has(key)) return;
        const before = map.get(key)!;
        map.delete(key);
        undo.push(() => map.set(key, before));
      },
      onUndo: (fn) => void undo.push(fn),
      schedule: async (spec) => {
        const row: TimerRow = {
          key: spec.key,
          dueAt: new Date(spec.at).toISOString(),
          type: spec.type,
          payload: spec.payload ?? null,
          createdAt: at,
        };
        await db.insert(timers).values(row).onConflictDoUpdate({ target: timers.key, set: row });
        const before = this.timers.get(row.key);
        this.timers.set(row.key, row);
        undo.push(() => (before ? this.timers.set(row.key, before) : this.timers.delete(row.key)));
        this.timersDirty = true;
      },
      cancelTimer: async (key) => {
        const before = this.timers.get(key);
        if (!before) return;
        await db.delete(timers).where(eq(timers.key, key));
        this.timers.delete(key);
        undo.push(() => this.timers.set(key, before));
        this.timersDirty = true;
      },
    };
    const value = await def.handler(input, ctx, work.prepared);
    // A copy: what the reactions emit is published, not reacted to again.
    if (this.kind.react && events.length > 0) await this.kind.react([...events], ctx);

    mine.audit.push({
      at,
      requestId: meta.requestId,
      actorKind: principal.kind,
      actorId: principalId(principal),
      action: def.type,
      subject: changes[0]?.id ?? null,
      changes,
    });
    if (idemKey && !(value instanceof Rejected)) {
      mine.idempotency.set(idemKey, { key: idemKey, fingerprint, reply: value ?? null, at });
    }
    return value;
  }

  /** Outbox rows committed but maybe never handed to the bus (a crash between the two). */
  private async republishPending(): Promise<void> {
    const rows = await this.store.db
      .select()
      .from(outbox)
      .where(sql`${outbox.seq} > ${this.publishedSeq}`)
      .orderBy(outbox.seq);
    if (rows.length === 0) return;
    this.publish(
      rows.map((r) => ({
        seq: r.seq,
        type: r.type,
        subject: r.subject,
        data: r.data,
        at: r.at,
        requestId: r.requestId,
        ...(r.audience ? { audience: r.audience } : {}),
      })),
    );
  }

  private publish(events: PublishedEvent[]): void {
    const last = events[events.length - 1]!.seq;
    this.deps.publish(this.address, events).then(
      () => void (this.confirmedSeq = Math.max(this.confirmedSeq, last)),
      // Left unconfirmed: the next activation publishes it again, and the bus deduplicates.
      () => undefined,
    );
  }

  /**
   * Persists publishing progress inside a batch's transaction, costing no commit of its
   * own, and only every so often: after a crash, activation re-publishes at most that many
   * events, which the bus deduplicates by seq.
   */
  private async recordPublished(force = false): Promise<void> {
    if (this.confirmedSeq <= this.publishedSeq) return;
    if (!force && this.confirmedSeq - this.publishedSeq < publishedSeqInterval) return;
    const seq = this.confirmedSeq;
    await this.store.db.update(actorMeta).set({ publishedSeq: seq }).where(eq(actorMeta.id, 1));
    this.publishedSeq = seq;
  }
}

/**
 * A handler's answer that is an error but whose writes must still commit: reusing a spent
 * refresh token revokes its family and is refused in the same breath.
 */
export class Rejected {
  constructor(readonly error: AppError) {}
}

/** Zod issues as field errors; an unknown key is named itself, so the client sees which one. */
export function fieldErrors(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.flatMap((i) => {
    const path = i.path.map(String);
    const name = (p: string[]) => p.join('.') || '(body)';
    if (i.code === 'unrecognized_keys') return i.keys.map((k) => ({ field: name([...path, k]), message: 'Unknown field.' }));
    return [{ field: name(path), message: i.message }];
  });
}
