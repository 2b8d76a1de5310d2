import { preconditionFailed, preconditionRequired } from './errors';

/**
 * Optimistic concurrency for every updatable record: the ETag is made from a version that
 * each change bumps, and an update must carry the ETag it read (412 when it is stale), so
 * two people never overwrite each other silently.
 */
export const versionEtag = (record: { version: number }) => `"v${record.version}"`;

export function assertIfMatch(ifMatch: string | undefined, current: { version: number }): void {
  if (!ifMatch) throw preconditionRequired();
  if (ifMatch.trim() === '*') return;
  const expected = versionEtag(current);
  if (!ifMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === expected)) throw preconditionFailed();
}
