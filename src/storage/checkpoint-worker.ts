/**
 * The background checkpointer's thread (see background-checkpoints.ts). For each database
 * path it is sent, it copies the WAL's committed pages into the database file with a PASSIVE
 * checkpoint, on a connection of its own. The fsyncs a checkpoint needs wait here, not on
 * the event loop that serves requests. The most recently used few connections stay open for
 * the next checkpoint; a database whose writer closed it is let go at once.
 */
import { constants, Database } from 'bun:sqlite';
import { existsSync } from 'node:fs';

declare const self: Worker;

export type CheckpointRequest = { checkpoint: string } | { forget: string };
export type CheckpointReply = { path: string; error?: string };

const keepOpen = 32;
const open = new Map<string, Database>();

function connection(path: string): Database {
  let db = open.get(path);
  if (db) open.delete(path);
  else {
    // Never creates: a database deleted since (a closed company) is not brought back.
    db = new Database(path, { readwrite: true, create: false });
    // Kept like the writer's (bun-sqlite-store.ts): if this is the last connection to close,
    // the WAL file stays for the next writer instead of being recreated.
    db.fileControl(constants.SQLITE_FCNTL_PERSIST_WAL, 1);
  }
  open.set(path, db);
  for (const [oldest, old] of open) {
    if (open.size <= keepOpen) break;
    old.close();
    open.delete(oldest);
  }
  return db;
}

function forget(path: string): void {
  open.get(path)?.close();
  open.delete(path);
}

self.onmessage = (event: MessageEvent<CheckpointRequest>) => {
  const request = event.data;
  if ('forget' in request) return forget(request.forget);
  const path = request.checkpoint;
  try {
    // A file removed while its connection was kept here: checkpointing would write to it.
    if (!existsSync(path)) throw new Error('unable to open: the database file is gone');
    connection(path).query('PRAGMA wal_checkpoint(PASSIVE)').get();
    self.postMessage({ path } satisfies CheckpointReply);
  } catch (error) {
    forget(path);
    self.postMessage({ path, error: String(error) } satisfies CheckpointReply);
  }
};
