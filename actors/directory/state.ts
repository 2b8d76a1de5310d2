import { messagesFor } from '../core/message';
import type { TenantRow } from './directory.sql.ts';

/**
 * What the directory actor (`directory/global`) keeps in memory: which tenant a slug or an
 * API-key prefix belongs to. Its messages (directory.ts, short-links.ts) share it from here.
 */
export interface DirectoryState {
  tenants: Map<string, TenantRow>;
  tenantIdsBySlug: Map<string, string>;
  tenantIdsByPrefix: Map<string, string>;
}

export const directoryAddress = { kind: 'directory', id: 'global' } as const;

export const directoryMessage = messagesFor<DirectoryState, unknown>();
