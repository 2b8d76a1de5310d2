import { eq } from 'drizzle-orm';
import { timers, type TimerRow } from './core.sql.ts';
import type { TimerSpec } from './message';
import type { Store } from './store';
import type { UndoLog } from './undo';

/** The built-in message that wakes an actor so that it fires its due timers. */
export const wakeMessage = 'actor.wake';

/** A timer whose message failed is tried again after this long. */
export const timerRetryMs = 30_000;

/**
 * Where a runtime sets its one wake-up for an actor: a setTimeout in a Bun host, the alarm
 * of a Durable Object. `undefined`: no timer left, nothing to arm.
 */
export type ArmPort = (dueMs: number | undefined) => void;

/**
 * The one retry rule, for every runtime: after the due timers fired, wake again when the
 * next one is due, or (a timer still due failed) after `timerRetryMs`.
 */
export function nextWake(nextDue: string | undefined, nowMs: number): number | undefined {
  if (nextDue === undefined) return undefined;
  const due = Date.parse(nextDue);
  return due <= nowMs ? nowMs + timerRetryMs : due;
}

/**
 * Persisted timers, mirrored in memory. A command schedules or cancels one in its own
 * transaction; the timer's message deletes its row in the transaction of its effects, so it
 * fires once. After a commit that changed the earliest due time the runtime is told.
 */
export class Timers {
  private readonly rows = new Map<string, TimerRow>();
  private changed = false;

  constructor(
    private readonly store: Store,
    private readonly undo: UndoLog,
  ) {}

  async load(): Promise<void> {
    for (const t of await this.store.db.select().from(timers)) this.rows.set(t.key, t);
  }

  /** When the earliest timer is due, if any. */
  nextDue(): string | undefined {
    let next: string | undefined;
    for (const t of this.rows.values()) if (!next || t.dueAt < next) next = t.dueAt;
    return next;
  }

  /** The timers due at `now`, earliest first. */
  due(now: string): TimerRow[] {
    return [...this.rows.values()].filter((t) => t.dueAt <= now).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  }

  /** For a timer's own message: deletes its row; false when it was moved or cancelled since. */
  async take(key: string, now: string): Promise<boolean> {
    const timer = this.rows.get(key);
    if (!timer || timer.dueAt > now) return false;
    await this.cancel(key);
    return true;
  }

  async schedule(spec: TimerSpec, createdAt: string): Promise<void> {
    const row: TimerRow = { key: spec.key, dueAt: new Date(spec.at).toISOString(), type: spec.type, payload: spec.payload ?? null, createdAt };
    await this.store.db.insert(timers).values(row).onConflictDoUpdate({ target: timers.key, set: row });
    this.put(row.key, row);
  }

  async cancel(key: string): Promise<void> {
    if (!this.rows.has(key)) return;
    await this.store.db.delete(timers).where(eq(timers.key, key));
    this.put(key, undefined);
  }

  private put(key: string, row: TimerRow | undefined) {
    const before = this.rows.get(key);
    if (row) this.rows.set(key, row);
    else this.rows.delete(key);
    this.undo.push(() => (before ? this.rows.set(key, before) : this.rows.delete(key)));
    this.changed = true;
  }

  /** After a commit: whether the earliest due time may have changed (and forgets it). */
  takeChanged(): boolean {
    const changed = this.changed;
    this.changed = false;
    return changed;
  }
}
