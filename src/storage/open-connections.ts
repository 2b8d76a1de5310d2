/**
 * A bound on the SQLite connections open at once in this process, least recently used closed
 * first. An actor's state lives in memory and answers most reads without its database, so a
 * resident actor does not need its connection between writes: a closed ("parked") one is
 * reopened on its next use. An open connection costs ~250 KB (SQLite's parsed schema of
 * ~100 tables, its page cache, cached statements) and three file descriptors (the database,
 * its WAL and shared-memory index); a parked one costs nothing, so memory per resident tenant
 * is its state alone (bench/memory.ts).
 */
export interface Parkable {
  /** Closes the connection unless it is busy (inside a transaction); true when closed. */
  park(): boolean;
}

export class OpenConnections {
  /** In order of last use, oldest first (Map keeps insertion order). */
  private readonly open = new Map<Parkable, true>();
  /** The connection used last (the back of `open`). */
  private latest: Parkable | undefined;

  constructor(public limit: number) {}

  get size(): number {
    return this.open.size;
  }

  /** Marks a use (a connection just opened, or about to run a statement); parks the oldest over the limit. */
  used(connection: Parkable): void {
    // The common case, statement after statement of one transaction: already the most recent.
    if (this.latest === connection) return;
    this.latest = connection;
    this.open.delete(connection);
    this.open.set(connection, true);
    // Over the limit only when a busy connection could not be closed, or one just opened.
    if (this.open.size <= this.limit) return;
    for (const oldest of this.open.keys()) {
      if (this.open.size <= this.limit) break;
      if (oldest !== connection && oldest.park()) this.open.delete(oldest);
    }
  }

  /** The connection was closed by its owner. */
  closed(connection: Parkable): void {
    if (this.latest === connection) this.latest = undefined;
    this.open.delete(connection);
  }
}

/** The process's connections to local SQLite files (ROSTER_OPEN_DATABASES sets the limit at start). */
export const openConnections = new OpenConnections(256);
