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

/** FNV-1a, 32 bits: a short, stable fingerprint of a record's JSON (not a secret). */
function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/**
 * For records that keep no version (settings, a user's role, an approval chain, a schedule
 * assignment): the ETag is a fingerprint of what a read returns. An update that carries
 * If-Match is refused with 412 when the record changed since that read; one without it
 * (a plain replacement) goes through.
 */
export const contentEtag = (view: unknown) => `"c${fingerprint(JSON.stringify(view))}"`;

export function assertIfMatchContent(ifMatch: string | undefined, currentView: unknown): void {
  if (!ifMatch || ifMatch.trim() === '*') return;
  const expected = contentEtag(currentView);
  if (!ifMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === expected)) throw preconditionFailed();
}
