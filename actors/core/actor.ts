import type { z } from 'zod';
import { Access } from './access';
import { AuditTrail } from './audit';
import { commandContext } from './command-context';
import type { ActorDeps } from './deps';
import { AppError, FencedError, Rejected, fieldErrors, forbidden, invalid, timedOut } from './errors';
import type { PublishedEvent } from './event';
import { Fence } from './fence';
import type { Reply } from './hints';
import { Idempotency } from './idempotency';
import type { ActorKind, Address } from './kind';
import { Mailbox, type Outcome } from './mailbox';
import type { CommandDef, Envelope, MessageDef, QueryCtx } from './message';
import { migrate } from './migrate';
import { Outbox } from './outbox';
import { principalId, systemPrincipal, type Principal } from './principal';
import type { Store } from './store';
import { Timers, wakeMessage } from './timers';
import { UndoLog } from './undo';

export type { ActorDeps } from './deps';

const rollback = Symbol('rollback');
const retryIsolated = Symbol('retry isolated');
/** Rounds of reactions to one command's events: a hire, the checklist it starts, that one's notifications. */
const maxReactionDepth = 3;

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
 * after their transaction has committed. What a command touches besides the handler's own
 * writes is a capability of its own file (access, idempotency, timers, outbox, audit,
 * fence), all sharing one undo log; the order they run in is written here, in `runOne` and
 * `commitBatch`, and nowhere else.
 */
export class Actor<S = unknown> {
  private readonly messages: Map<string, MessageDef>;
  private readonly mailbox: Mailbox<Work, unknown>;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly access: Access<S>;
  private readonly idempotency: Idempotency;
  private readonly audit: AuditTrail;
  private readonly timers: Timers;
  lastUsed = 0;
  /** The host's use count at this actor's last message: its LRU position (see host.ts `touch`). */
  usedAt = 0;
  fenced = false;

  private constructor(
    readonly address: Address,
    readonly kind: ActorKind<S>,
    readonly store: Store,
    private readonly deps: ActorDeps,
    private readonly fence: Fence,
    private readonly undo: UndoLog,
    private readonly outbox: Outbox,
    public state: S,
  ) {
    this.messages = new Map(kind.messages.map((m) => [m.type, m]));
    this.mailbox = new Mailbox((batch) => this.runBatch(batch));
    this.access = new Access(kind, address, deps.services);
    this.idempotency = new Idempotency(store, this.undo, deps.clock);
    this.audit = new AuditTrail(store, this.undo);
    this.timers = new Timers(store, this.undo);
  }

  /** Opens the actor: migrates its database, takes ownership (bumps the epoch), loads state. */
  static async activate<S>(address: Address, kind: ActorKind<S>, store: Store, deps: ActorDeps): Promise<Actor<S>> {
    await migrate(store, kind.migrations);
    const { fence, ownership } = await Fence.take(store);
    const state = await kind.load(store.db, address.id);
    const declared = kind.events && new Set(kind.events.map((e) => e.type));
    const undo = new UndoLog();
    const outbox = new Outbox(store, undo, (events) => deps.publish(address, events), ownership, declared);
    const actor = new Actor(address, kind, store, deps, fence, undo, outbox, state);
    await actor.timers.load();
    await outbox.republishPending();
    return actor;
  }

  /** Messages taken in and not yet answered (queued commands included). */
  get mailboxDepth(): number {
    return this.inFlight.size;
  }

  /** Committed events the bus has not confirmed yet. */
  get outboxLag(): number {
    return this.outbox.lag;
  }

  /** When the earliest timer is due, if any. */
  nextTimerDue = (): string | undefined => this.timers.nextDue();

  /** Waits until every message taken in has its answer: before passivation closes the store. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    if (!this.fenced && this.outbox.unrecorded) {
      await this.store.transaction(async () => {
        await this.fence.check();
        await this.outbox.recordProgress(true);
      }).catch(() => undefined);
    }
  }

  /**
   * Takes one message in. It is counted from here, not from the mailbox, because a message
   * may still be validating or preparing (hashing a password, say) when passivation starts.
   * A query answered from memory is answered before anything else can run: it needs no
   * counting, and is spared the promise bookkeeping (the hot path of every read).
   */
  handle(envelope: Envelope): Promise<Reply> {
    let answer: Reply | Promise<Reply>;
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

  /** The reply, or a promise of it when the message has to wait (a write, a timer, a command). */
  private receive(envelope: Envelope): Reply | Promise<Reply> {
    if (envelope.type === wakeMessage) {
      if (envelope.meta.principal.kind !== 'system') throw forbidden('This message is internal.');
      return this.fireDueTimers().then((fired) => ({ value: { fired } }));
    }
    const def = this.messages.get(envelope.type);
    if (!def) throw new AppError(400, 'unknown_message', `No message type ${envelope.type} on ${this.address.kind}.`);
    // One clock reading for the rate limit and the handler (one Date fewer per message).
    const now = this.deps.clock.now();
    const { principal, hints } = this.access.admit(def, envelope.meta.principal, this.state, now.getTime());
    const parsed = def.input.safeParse(envelope.payload);
    if (!parsed.success) throw invalid('The request is not valid.', fieldErrors(parsed.error));
    if (def.kind === 'query') {
      // Reads see committed state only: a batch that is still writing may yet roll back.
      const writing = this.mailbox.settled;
      if (writing) return writing.then(async () => ({ value: await def.handler(parsed.data, this.queryCtx(envelope, principal, this.deps.clock.now())), hints }));
      const value = def.handler(parsed.data, this.queryCtx(envelope, principal, now));
      return value instanceof Promise ? value.then((v) => ({ value: v, hints })) : { value, hints };
    }
    return this.command(def, parsed.data, envelope, principal, now).then((value) => ({ value, hints }));
  }

  private queryCtx(envelope: Envelope, principal: Principal, now: Date): QueryCtx<S, unknown> {
    return { state: this.state, db: this.store.db, meta: envelope.meta, principal, services: this.deps.services, now };
  }

  private async command(def: CommandDef<any, any, z.ZodType, any, any>, input: unknown, envelope: Envelope, principal: Principal, now: Date): Promise<unknown> {
    const prepared = def.prepare ? await def.prepare(input, this.queryCtx(envelope, principal, now)) : undefined;
    return this.mailbox.post({ def, input, meta: envelope.meta, principal, prepared });
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
    let failure: Outcome<unknown> | undefined;
    try {
      const outcomes = await this.store.transaction(async () => {
        await this.fence.check();
        await this.outbox.recordProgress();
        await this.idempotency.purge();
        const results: Outcome<unknown>[] = [];
        for (const work of batch) {
          const mark = this.undo.mark;
          try {
            const run = () => this.runOne(work);
            const value = isolate ? await this.store.savepoint(run) : await run();
            results.push(value instanceof Rejected ? { ok: false, error: value.error } : { ok: true, value });
          } catch (error) {
            this.undo.rollback(mark);
            if (isolate) {
              results.push({ ok: false, error });
              continue;
            }
            failure = { ok: false, error };
            throw rollback;
          }
        }
        // The rows of the whole batch: multi-row inserts, as few as the store allows.
        await this.outbox.flush();
        await this.audit.flush();
        await this.idempotency.flush();
        return results;
      });
      this.undo.clear();
      this.audit.committed();
      this.idempotency.committed();
      this.outbox.committed();
      if (this.timers.takeChanged()) this.deps.timersChanged?.(this.address, this.timers.nextDue());
      return outcomes;
    } catch (error) {
      // Nothing of this attempt is durable, so nothing of it stays in memory either.
      this.undo.rollback();
      this.timers.takeChanged();
      if (error === rollback) return batch.length === 1 ? [failure!] : retryIsolated;
      if (error instanceof FencedError) this.fenced = true;
      throw error;
    }
  }

  /** One command in the batch's transaction: its key, its timer, its handler, its reactions, its audit row. */
  private async runOne(work: Work): Promise<unknown> {
    const { def, input, meta, principal } = work;
    const now = this.deps.clock.now();
    // A deadline is an instant on the caller's real clock (the edge sets it from Date.now()),
    // whatever clock the domain runs on (tests move theirs, to years away).
    if (meta.deadline !== undefined && Date.now() > meta.deadline) throw timedOut();
    const recall = await this.idempotency.recall(def.type, def.idempotency ?? 'replay', principalId(principal), meta.idempotencyKey, input);
    if (recall && 'replay' in recall) return recall.replay;
    // Moved or cancelled since it was found due: nothing to do.
    if (meta.timer && !(await this.timers.take(meta.timer, now.toISOString()))) return { skipped: true };

    const base = { ...this.queryCtx({ type: def.type, payload: input, meta }, principal, now), ids: this.deps.ids };
    const { ctx, emitted, changes } = commandContext<S, unknown>(base, { undo: this.undo, outbox: this.outbox, timers: this.timers });
    const value = await def.handler(input, ctx, work.prepared);
    // What a reaction emits is reacted to in turn (the checklist a hire started reaches the
    // webhooks that subscribe to it), to a fixed depth so that reactions cannot feed each
    // other for ever.
    let fresh = [...emitted];
    for (let depth = 0; this.kind.react && fresh.length > 0 && depth < maxReactionDepth; depth++) {
      const seen = emitted.length;
      await this.kind.react(fresh, ctx);
      fresh = emitted.slice(seen);
    }

    const at = now.toISOString();
    this.audit.record({ at, requestId: meta.requestId, actorKind: principal.kind, actorId: principalId(principal), action: def.type, subject: changes[0]?.id ?? null, changes });
    if (recall && !(value instanceof Rejected)) this.idempotency.remember(recall.claim, value, at);
    return value;
  }

  /**
   * Sends the actor the messages of its due timers. Each runs as a command that deletes its
   * timer in its own transaction; one that fails keeps its timer and is tried again later.
   */
  async fireDueTimers(): Promise<number> {
    const due = this.timers.due(this.deps.clock.now().toISOString());
    const results = await Promise.allSettled(
      due.map((t) => this.handle({ type: t.type, payload: t.payload, meta: { requestId: `timer:${t.key}`, principal: systemPrincipal, timer: t.key } })),
    );
    return results.filter((r) => r.status === 'fulfilled').length;
  }
}
