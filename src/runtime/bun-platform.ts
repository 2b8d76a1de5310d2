import { upgradeWebSocket } from 'hono/bun';
import { openBunSqliteStore } from '../storage/bun-sqlite-store';
import { usePlatform, type Platform } from './platform';

/** Bun's side of the runtime seam; importing this module registers it. */
export const bunPlatform: Platform = { name: 'bun', upgradeWebSocket, openSqliteFile: openBunSqliteStore, headersStart: 'clone' };
usePlatform(bunPlatform);
