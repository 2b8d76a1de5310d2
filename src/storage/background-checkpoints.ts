import type { Logger } from '../log';
import type { CheckpointReply, CheckpointRequest } from './checkpoint-worker';

/**
 * Checkpoints of local SQLite databases on a thread of their own. A WAL checkpoint copies
 * committed pages into the database file and waits for two fsyncs (about 5 ms on this kind
 * of machine). SQLite's automatic checkpoint spends them inside the COMMIT that crosses its
 * threshold, on the thread that serves every tenant's requests: one PATCH in ~80 stalled the
 * event loop that long. Here the writer asks for a checkpoint every `every` commits, and a
 * worker thread runs it (PASSIVE: it never blocks the writer) on a connection of its own.
 *
 * The database's next transaction waits for that checkpoint (its actor's mailbox fills and
 * goes as one larger batch; other tenants go on): SQLite starts the WAL over only after a
 * checkpoint that copied every frame, so a commit landing during each one would make the
 * WAL grow until the writer's own bound, with a checkpoint on the event loop after all.
 */
export class BackgroundCheckpoints {
  private worker: Worker | undefined;
  /** Paths sent and not yet done: a database is checkpointed once at a time. */
  private readonly pending = new Map<string, (() => void)[]>();
  private log: Pick<Logger, 'warn'> | undefined;
  /** Checkpoints since start that ran (or found their database gone), and that failed (for /metrics). */
  done = 0;
  failed = 0;

  constructor(
    /** Commits between two checkpoints of a database (bench/wal-frames.ts turns them off). */
    public every = 128,
    /**
     * SQLite's own automatic checkpoint, kept as a bound should the thread fall behind: in
     * WAL frames (pages), 16 MiB at 4 KiB a page, where SQLite's default is 1,000.
     */
    readonly writerBound = 4_000,
    /** The longest a database's next transaction waits for its checkpoint. */
    readonly maxWaitMs = 100,
  ) {}

  useLog(log: Pick<Logger, 'warn'>): void {
    this.log = log;
  }

  /** The writer's side for one database: commits counted, and the checkpoint to wait for. */
  forDatabase(path: string): DatabaseCheckpoints {
    let commits = 0;
    let running: Promise<void> | undefined;
    return {
      closed: () => this.forget(path),
      committed: () => {
        if (++commits % this.every !== 0) return;
        // Bounded: a thread held up (a slow disk) delays the next write by no more than this.
        running = Promise.race([this.checkpoint(path), unrefSleep(this.maxWaitMs)]).then(() => {
          running = undefined;
        });
      },
      beforeWrite: () => running,
    };
  }

  /** Checkpoints `path` on the thread; resolves when it is done (or failed, which is logged). */
  checkpoint(path: string): Promise<void> {
    return new Promise((resolve) => {
      const waiting = this.pending.get(path);
      if (waiting) return void waiting.push(resolve);
      this.pending.set(path, [resolve]);
      this.send({ checkpoint: path });
    });
  }

  /** The writer closed the database: the thread closes its connection too (fds, deletes). */
  forget(path: string): void {
    if (this.worker) this.send({ forget: path });
  }

  private send(request: CheckpointRequest): void {
    this.start().postMessage(request);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./checkpoint-worker.ts', import.meta.url).href);
    worker.onmessage = (event: MessageEvent<CheckpointReply>) => {
      const { path, error } = event.data;
      // A database deleted since it was asked for (a closed company) is nothing to report.
      if (error && !/unable to open/i.test(error)) {
        this.failed++;
        this.log?.warn('checkpoint failed', { path, error });
      } else this.done++;
      for (const resolve of this.pending.get(path) ?? []) resolve();
      this.pending.delete(path);
    };
    // Never what keeps a process alive: a checkpoint cut short is safe, and redone by the next.
    worker.unref();
    this.worker = worker;
    return worker;
  }
}

function unrefSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

export interface DatabaseCheckpoints {
  committed(): void;
  closed(): void;
  /** While a checkpoint of the database runs: resolves when it is done. */
  beforeWrite(): Promise<void> | undefined;
}

/** The process's background checkpoints, for every local SQLite file it writes (bun-sqlite-store.ts). */
export const backgroundCheckpoints = new BackgroundCheckpoints();
