import { eq, sql } from 'drizzle-orm';
import { actorMeta, outbox } from './core.sql.ts';
import { FencedError } from './errors';
import type { Store } from './store';

export interface Ownership {
  epoch: number;
  /** How far the outbox is recorded as published, and its last seq. */
  publishedSeq: number;
  lastSeq: number;
}

/**
 * Fencing: activation takes the actor by bumping the epoch in its own database; every batch
 * checks, inside its transaction, that the epoch is still its own. An owner that lost the
 * actor to a newer activation (a worker paused past its lease) can therefore never commit.
 */
export class Fence {
  private constructor(
    private readonly store: Store,
    private readonly epoch: number,
  ) {}

  static async take(store: Store): Promise<{ fence: Fence; ownership: Ownership }> {
    const ownership = await store.transaction(async () => {
      await store.db
        .insert(actorMeta)
        .values({ id: 1, epoch: 1, publishedSeq: 0 })
        .onConflictDoUpdate({ target: actorMeta.id, set: { epoch: sql`${actorMeta.epoch} + 1` } });
      const meta = (await store.db.select().from(actorMeta).where(eq(actorMeta.id, 1)))[0]!;
      const [last] = await store.db.select({ seq: sql<number>`coalesce(max(${outbox.seq}), 0)` }).from(outbox);
      return { epoch: meta.epoch, publishedSeq: meta.publishedSeq, lastSeq: Number(last?.seq ?? 0) };
    });
    return { fence: new Fence(store, ownership.epoch), ownership };
  }

  /** Inside a transaction: throws FencedError when another activation owns the actor now. */
  async check(): Promise<void> {
    const [row] = await this.store.all<{ epoch: number }>('SELECT epoch FROM actor_meta WHERE id = 1', []);
    if (!row || Number(row.epoch) !== this.epoch) throw new FencedError();
  }
}
