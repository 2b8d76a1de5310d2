import { nextTurn } from './next-turn';

/**
 * One actor's queue of commands. Commands run one at a time, in arrival order; the ones
 * that queued while a batch was committing are handed to the next batch together, so that
 * many commands share one transaction and one fsync (group commit) while each still runs
 * alone, in its own savepoint.
 */

export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Pending<T, R> {
  item: T;
  resolve(value: R): void;
  reject(error: unknown): void;
}

export class Mailbox<T, R> {
  private queue: Pending<T, R>[] = [];
  private running: Promise<void> | undefined;
  private batchUnderWay: Promise<unknown> | undefined;
  private inFlight = 0;

  constructor(
    private readonly runBatch: (items: T[]) => Promise<Outcome<R>[]>,
    private readonly maxBatch = 256,
  ) {}

  /** Commands waiting or running. */
  get depth(): number {
    return this.queue.length + this.inFlight;
  }

  /** Resolves when the batch under way (if any) has committed or rolled back. */
  get settled(): Promise<unknown> | undefined {
    return this.batchUnderWay;
  }

  post(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.running ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        // Each batch starts on a turn of the event loop of its own, not now: the commands that
        // arrive in this turn (every request read from the sockets together) then share it, and
        // sockets and timers are served between two batches. With a synchronous driver a batch
        // would otherwise always be the one command that started it; and a queue that refills
        // while it commits (two chains of timers, each posting its next step as the other
        // commits) ran batch after batch without yielding, holding a worker's loop for seconds,
        // past its lease renewals.
        await nextTurn();
        const batch = this.queue.splice(0, this.maxBatch);
        this.inFlight = batch.length;
        let outcomes: Outcome<R>[];
        const run = this.runBatch(batch.map((p) => p.item));
        this.batchUnderWay = run.catch(() => undefined);
        try {
          outcomes = await run;
        } catch (error) {
          outcomes = batch.map(() => ({ ok: false, error }));
        }
        this.inFlight = 0;
        this.batchUnderWay = undefined;
        batch.forEach((p, i) => {
          const o = outcomes[i]!;
          if (o.ok) p.resolve(o.value);
          else p.reject(o.error);
        });
      }
    } finally {
      this.running = undefined;
    }
  }
}
