import type { UpgradeWebSocket } from 'hono/ws';
import type { Store } from '../../actors/core/store';
import type { Durability } from '../storage/libsql-store';
import type { HeadersStart } from '../http/lean-reads';

/**
 * The runtime seam: the few things the shared embedded and worker code needs that differ
 * between Bun and Deno. Each entry registers its own once at start-up (src/main.ts for Bun,
 * src/deno.ts for Deno); nothing else asks which runtime it runs on.
 */
export interface Platform {
  name: 'bun' | 'deno';
  /** hono's WebSocket upgrade for this runtime's server (hono/bun, hono/deno). */
  upgradeWebSocket: UpgradeWebSocket;
  /** A local SQLite file through the runtime's built-in driver (bun:sqlite, node:sqlite). */
  openSqliteFile(path: string, durability: Durability): Store;
  /** How a reply's headers are best started from prepared ones (lean-reads.ts). */
  headersStart: HeadersStart;
}

let current: Platform | undefined;

export function usePlatform(platform: Platform): void {
  current = platform;
}

export function platform(): Platform {
  if (!current) throw new Error('No runtime platform registered: start Roster through src/main.ts (Bun) or src/deno.ts (Deno)');
  return current;
}
