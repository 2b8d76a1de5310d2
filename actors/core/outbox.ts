import { eq, sql } from 'drizzle-orm';
import { actorMeta, outbox } from './core.sql.ts';
import type { PublishedEvent } from './event';
import type { DomainEvent } from './message';
import { insertRows, jsonOrNull } from './rows';
import type { Store } from './store';
import type { UndoLog } from './undo';

/** How far the recorded publishing progress may lag behind the bus. */
const progressInterval = 256;

/**
 * The transactional outbox: events are numbered and written with the batch that emits them,
 * handed to the bus after it commits, and handed again on the next activation if the bus
 * never confirmed them (the bus deduplicates by seq).
 */
export class Outbox {
  private nextSeq: number;
  /** Highest seq recorded as published in the database, and highest the bus confirmed. */
  private publishedSeq: number;
  private confirmedSeq = 0;
  private staged: PublishedEvent[] = [];

  constructor(
    private readonly store: Store,
    private readonly undo: UndoLog,
    private readonly publish: (events: PublishedEvent[]) => Promise<void>,
    at: { publishedSeq: number; lastSeq: number },
    private readonly declared?: ReadonlySet<string>,
  ) {
    this.nextSeq = at.lastSeq + 1;
    this.publishedSeq = at.publishedSeq;
  }

  /** Committed events the bus has not confirmed yet. */
  get lag(): number {
    return Math.max(0, this.nextSeq - 1 - Math.max(this.confirmedSeq, this.publishedSeq));
  }

  /** Numbers an event and stages it for this batch's outbox rows. */
  emit(event: DomainEvent, at: string, requestId: string): PublishedEvent {
    if (this.declared && !this.declared.has(event.type)) throw new Error(`Undeclared event type ${event.type}`);
    const seq = this.nextSeq++;
    const published = { ...event, seq, at, requestId };
    this.staged.push(published);
    this.undo.push(() => {
      this.nextSeq = seq;
      this.staged.pop();
    });
    return published;
  }

  /**
   * Persists publishing progress inside a batch's transaction, costing no commit of its
   * own, and only every so often: after a crash, activation re-publishes at most that many
   * events, which the bus deduplicates by seq.
   */
  async recordProgress(force = false): Promise<void> {
    if (this.confirmedSeq <= this.publishedSeq) return;
    if (!force && this.confirmedSeq - this.publishedSeq < progressInterval) return;
    const seq = this.confirmedSeq;
    await this.store.db.update(actorMeta).set({ publishedSeq: seq }).where(eq(actorMeta.id, 1));
    this.publishedSeq = seq;
  }

  /** Whether progress confirmed by the bus is not yet recorded (drain records it). */
  get unrecorded(): boolean {
    return this.confirmedSeq > this.publishedSeq;
  }

  async flush(): Promise<void> {
    if (this.staged.length === 0) return;
    await insertRows(
      this.store,
      'outbox',
      ['seq', 'type', 'subject', 'data', 'audience', 'request_id', 'at'],
      this.staged.map((e) => [e.seq, e.type, e.subject, jsonOrNull(e.data), jsonOrNull(e.audience), e.requestId, e.at]),
    );
  }

  /** The batch committed: its events go to the bus. */
  committed(): void {
    const events = this.staged;
    this.staged = [];
    if (events.length > 0) this.send(events);
  }

  /** Outbox rows committed but maybe never handed to the bus (a crash between the two). */
  async republishPending(): Promise<void> {
    const rows = await this.store.db.select().from(outbox).where(sql`${outbox.seq} > ${this.publishedSeq}`).orderBy(outbox.seq);
    if (rows.length === 0) return;
    this.send(
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

  private send(events: PublishedEvent[]): void {
    const last = events[events.length - 1]!.seq;
    this.publish(events).then(
      () => void (this.confirmedSeq = Math.max(this.confirmedSeq, last)),
      // Left unconfirmed: the next activation publishes it again, and the bus deduplicates.
      () => undefined,
    );
  }
}
