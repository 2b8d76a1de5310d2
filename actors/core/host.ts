import { Actor, type ActorDeps } from './actor';
import { AppError } from './errors';
import { addressKey, type ActorKind, type Address } from './kind';
import type { Reply } from './hints';
import type { Envelope } from './message';
import { nextWake } from './timers';
import type { Store } from './store';

export interface HostOptions extends ActorDeps {
  kinds: readonly ActorKind[];
  /** Opens the database of one actor; the runtime decides where it lives. */
  openStore(address: Address): Promise<Store>;
  /** Resident actors above this are passivated, least recently used first. */
  maxResident?: number;
  /**
   * The memory resident actors may take, in bytes (0 or absent: none): past it, actors are
   * passivated least recently used first, as over `maxResident` (see `capByMemory`).
   */
  memoryBudgetBytes?: number;
  /** The process's memory in use (its RSS), read at each activation when there is a budget. */
  memoryUsed?(): number;
  /** An actor idle this long is passivated by `sweep`. */
  idleMs?: number;
  /** Told when an actor leaves memory, e.g. to release a placement lease. */
  onPassivate?(address: Address): void;
  /**
   * Told when an actor's next timer due time changes (undefined: none left), so that the
   * runtime can wake the actor then even if it has been passivated or the process restarted.
   */
  onWakeup?(address: Address, nextDue: string | undefined): void;
}

/** Timers are armed at most this far ahead and re-checked then (setTimeout's limit is ~24 days). */
const maxArmMs = 6 * 3600_000;
const dueMs = (due: string | undefined) => (due === undefined ? undefined : Date.parse(due));

export interface HostStats {
  resident: number;
  activations: number;
  passivations: number;
  mailboxDepth: number;
  outboxLag: number;
}

/**
 * Where actors live in one process: exactly one activation per address, created on the
 * first message, passivated when idle or when the resident cap evicts it.
 */
export class ActorHost {
  private readonly kinds: Map<string, ActorKind>;
  private readonly resident = new Map<string, Actor>();
  private readonly activating = new Map<string, Promise<Actor>>();
  /** Actors on their way out; a new activation waits for them so two never overlap. */
  private readonly passivating = new Map<string, Promise<void>>();
  private readonly maxResident: number;
  private readonly idleMs: number;
  private closed = false;
  private readonly armed = new Map<string, ReturnType<typeof setTimeout>>();
  /** Messages delivered so far: the clock of the LRU order (see `touch`). */
  private uses = 0;
  /** The use count when each resident actor took its place at the back of `resident`. */
  private readonly placed = new WeakMap<Actor, number>();
  readonly stats = { activations: 0, passivations: 0 };
  /** The memory the process used before its first actor: the budget is for what actors add. */
  private readonly memoryBaseline: number;
  /** The resident count the memory budget allows (see `capByMemory`), and the memory used when it was set. */
  private memoryCap = Infinity;
  private memoryAtCap = 0;

  constructor(private readonly options: HostOptions) {
    this.kinds = new Map(options.kinds.map((k) => [k.name, k]));
    this.maxResident = options.maxResident ?? 10_000;
    this.idleMs = options.idleMs ?? 10 * 60_000;
    this.memoryBaseline = options.memoryBudgetBytes ? (options.memoryUsed?.() ?? 0) : 0;
  }

  send(address: Address, envelope: Envelope): Promise<Reply> {
    // The hot path: the actor is resident, so the message is handed over without a wait.
    const key = addressKey(address);
    const live = this.resident.get(key);
    if (live) return this.deliver(this.touch(key, live), address, envelope);
    return this.sendWhenActive(address, key, envelope);
  }

  private async sendWhenActive(address: Address, key: string, envelope: Envelope): Promise<Reply> {
    let actor = await this.activation(address);
    // Passivation may have started while we waited; the message then goes to a new activation.
    // From here to handle() nothing yields, and handle() counts the message at once, so
    // passivation either waits for it or has already let go of this actor.
    while (this.resident.get(key) !== actor) actor = await this.activation(address);
    return this.deliver(actor, address, envelope);
  }

  private deliver(actor: Actor, address: Address, envelope: Envelope): Promise<Reply> {
    const answer = actor.handle(envelope);
    const after = () => {
      actor.lastUsed = Date.now();
      if (actor.fenced) void this.passivate(address);
    };
    // Nothing in flight: the answer was given at once (a read from memory), no need to wait for it.
    if (actor.mailboxDepth === 0) after();
    else answer.then(after, after);
    return answer;
  }

  /**
   * Marks a use. The LRU order is kept lazily (CLOCK's second chance): a use only stamps the
   * actor; eviction walks `resident` in insertion order and moves an actor used since it took
   * its place to the back instead of evicting it. A Map delete + set on every request (the
   * strict order) cost 4 % of a cached read.
   */
  private touch(_key: string, actor: Actor): Actor {
    actor.usedAt = ++this.uses;
    return actor;
  }

  /** The live activation, created if needed. Concurrent first messages share one activation. */
  async activation(address: Address): Promise<Actor> {
    const key = addressKey(address);
    const live = this.resident.get(key);
    if (live) return this.touch(key, live);
    const pending = this.activating.get(key);
    if (pending) return pending;
    if (this.closed) throw new AppError(503, 'shutting_down', 'This process is shutting down.', undefined, 1);
    const kind = this.kinds.get(address.kind);
    if (!kind) throw new AppError(404, 'unknown_actor_kind', `No actor kind ${address.kind}.`);
    const leaving = this.passivating.get(key);
    const started = (leaving ? leaving.then(() => this.activate(address, kind)) : this.activate(address, kind)).finally(() => this.activating.delete(key));
    this.activating.set(key, started);
    return started;
  }

  private async activate(address: Address, kind: ActorKind): Promise<Actor> {
    const store = await this.options.openStore(address);
    try {
      const deps = { ...this.options, timersChanged: (a: Address, due: string | undefined) => this.timersChanged(a, due) };
      const actor = await Actor.activate(address, kind, store, deps);
      const key = addressKey(address);
      this.resident.set(key, actor);
      actor.usedAt = ++this.uses;
      this.placed.set(actor, this.uses);
      this.stats.activations++;
      this.evictOverCap(key);
      // Timers that fell due while the actor was away fire now (catch-up after downtime).
      this.arm(actor);
      return actor;
    } catch (e) {
      await store.close();
      throw e;
    }
  }

  /**
   * The memory budget as a resident count, checked at each activation. Over the budget, the
   * count becomes what fits in 90 % of it at the average cost so far. The memory of passivated actors is
   * reused by the next ones rather than given back to the system, so RSS hardly falls: the
   * count is lowered again only if memory still grows past what it was when it was set.
   * Under 95 % of the budget at the count, it grows by one, following actors as they grow
   * or shrink.
   */
  private capByMemory(): number {
    const budget = this.options.memoryBudgetBytes;
    if (!budget || !this.options.memoryUsed) return Infinity;
    const used = this.options.memoryUsed() - this.memoryBaseline;
    const residents = this.resident.size;
    if (used > budget && (this.memoryCap === Infinity || used > this.memoryAtCap * 1.02)) {
      // Aiming at 90 %: memory is read only at activations, and garbage not yet collected comes and goes.
      this.memoryCap = Math.max(1, Math.min(residents, Math.floor((residents * budget * 0.9) / used)));
      this.memoryAtCap = used;
    } else if (used < budget * 0.95 && residents >= this.memoryCap) {
      this.memoryCap = residents + 1;
    }
    return this.memoryCap;
  }

  /** Evicts least recently used actors over the cap, never `keep` (the one just activated for a waiting message). */
  private evictOverCap(keep: string): void {
    let over = this.resident.size - Math.min(this.maxResident, this.capByMemory());
    if (over <= 0) return;
    // Map iteration also visits the entries moved to the back, so each gets a second look.
    for (const [key, actor] of this.resident) {
      if (over <= 0) break;
      if (key === keep || actor.mailboxDepth > 0) continue;
      if (actor.usedAt > (this.placed.get(actor) ?? 0)) {
        this.resident.delete(key);
        this.resident.set(key, actor);
        this.placed.set(actor, this.uses);
        continue;
      }
      over--;
      void this.passivate(actor.address, key);
    }
  }

  isResident(address: Address): boolean {
    return this.resident.has(addressKey(address));
  }

  residentAddresses(): Address[] {
    return [...this.resident.values()].map((a) => a.address);
  }

  /** Takes an actor out of memory after its queued commands finish. */
  async passivate(address: Address, key = addressKey(address)): Promise<void> {
    const actor = this.resident.get(key);
    if (!actor) return this.passivating.get(key);
    this.resident.delete(key);
    clearTimeout(this.armed.get(key));
    this.armed.delete(key);
    const done = (async () => {
      await actor.drain();
      await actor.store.close();
      this.stats.passivations++;
      this.options.onPassivate?.(address);
    })().finally(() => this.passivating.delete(key));
    this.passivating.set(key, done);
    return done;
  }

  private timersChanged(address: Address, due: string | undefined): void {
    this.options.onWakeup?.(address, due);
    const actor = this.resident.get(addressKey(address));
    if (actor) this.arm(actor);
  }

  /**
   * The host's side of the timer port: one timeout per resident actor, for its earliest
   * timer, or for `at` (the retry rule's answer after a firing).
   */
  private arm(actor: Actor, at: number | undefined = dueMs(actor.nextTimerDue())): void {
    const key = addressKey(actor.address);
    clearTimeout(this.armed.get(key));
    this.armed.delete(key);
    if (at === undefined || this.closed) return;
    const delay = Math.min(maxArmMs, Math.max(0, at - this.options.clock.now().getTime()));
    const handle = setTimeout(async () => {
      this.armed.delete(key);
      if (this.resident.get(key) !== actor) return;
      await actor.fireDueTimers();
      this.arm(actor, nextWake(actor.nextTimerDue(), this.options.clock.now().getTime()));
    }, delay);
    (handle as { unref?: () => void }).unref?.();
    this.armed.set(key, handle);
  }

  /** Fires the due timers of every resident actor now (tests with a manual clock, operators). */
  async runDueTimers(): Promise<number> {
    let fired = 0;
    for (const actor of [...this.resident.values()]) fired += await actor.fireDueTimers();
    return fired;
  }

  /** Passivates actors idle for longer than the idle timeout; call it periodically. */
  async sweep(now = Date.now()): Promise<number> {
    const idle = [...this.resident.values()].filter((a) => a.mailboxDepth === 0 && now - a.lastUsed >= this.idleMs);
    await Promise.all(idle.map((a) => this.passivate(a.address)));
    return idle.length;
  }

  snapshot(): HostStats {
    let mailboxDepth = 0;
    let outboxLag = 0;
    for (const a of this.resident.values()) {
      mailboxDepth += a.mailboxDepth;
      outboxLag += a.outboxLag;
    }
    return { resident: this.resident.size, mailboxDepth, outboxLag, ...this.stats };
  }

  /** Stops taking new activations and passivates everything, finishing queued commands. */
  async close(): Promise<void> {
    this.closed = true;
    for (const handle of this.armed.values()) clearTimeout(handle);
    this.armed.clear();
    await Promise.allSettled([...this.activating.values()]);
    await Promise.all([...this.resident.values()].map((a) => this.passivate(a.address)));
  }
}
