import type { R2BucketLike } from '../../storage/blobs/r2-blobs';
import type { DurableSqlStorage } from '../../storage/durable-store';

/**
 * The few Cloudflare platform types this runtime touches, declared here rather than pulling
 * @cloudflare/workers-types into the global scope it would share with Bun's types.
 */
export type SqlValue = string | number | null | ArrayBuffer;

export interface SqlStorage {
  exec(query: string, ...bindings: SqlValue[]): { toArray(): Record<string, SqlValue>[] };
}

export interface DurableObjectStorage extends DurableSqlStorage {
  sql: SqlStorage;
  transactionSync<T>(closure: () => T): T;
  getAlarm(): Promise<number | null>;
  setAlarm(at: number | Date): Promise<void>;
  deleteAlarm(): Promise<void>;
  kv: { get<T>(key: string): T | undefined; put<T>(key: string, value: T): void };
}

export interface DurableObjectState {
  storage: DurableObjectStorage;
  blockConcurrencyWhile<T>(work: () => Promise<T>): Promise<T>;
  waitUntil(promise: Promise<unknown>): void;
  acceptWebSocket(ws: WebSocket, tags?: string[]): void;
  getWebSockets(tag?: string): WebSocket[];
}

export interface DurableObjectStub {
  fetch(request: Request): Promise<Response>;
  call(address: { kind: string; id: string }, envelope: unknown): Promise<unknown>;
}

export interface DurableObjectNamespace {
  idFromName(name: string): unknown;
  get(id: unknown): DurableObjectStub;
}

export interface Env {
  TENANT: DurableObjectNamespace;
  /** Document files (wrangler.toml `[[r2_buckets]]`). */
  DOCUMENTS?: R2BucketLike;
  DIRECTORY: DurableObjectNamespace;
  [variable: string]: unknown;
}
