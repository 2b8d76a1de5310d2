import { z } from 'zod';
import { admins } from '../core/principal';
import { tenantMessage } from '../tenant/context';
import { tenantBlobPrefix } from './blob-store';
import { documents } from './documents.sql.ts';

/**
 * The orphan sweep. The edge writes a file's bytes before the actor commits its metadata,
 * so a crash in between (or a refused or replayed upload) leaves a blob no row points to;
 * deleting or replacing a document leaves one too. Such a blob is never served (downloads go
 * through a live row), and this sweep deletes it. Blobs younger than the grace period are
 * left alone: their upload may still be on its way to the actor.
 */
export const sweepGraceMs = 3600_000;

/** The blobs of a tenant that no live document points to, written before `cutoff`. */
export function orphanedBlobs(blobs: readonly { key: string; writtenAt: Date }[], liveKeys: ReadonlySet<string>, cutoff: Date): string[] {
  return blobs.filter((b) => !liveKeys.has(b.key) && b.writtenAt.getTime() < cutoff.getTime()).map((b) => b.key);
}

export const sweepDocuments = tenantMessage.command({
  type: 'documents.sweep',
  access: admins,
  input: z.strictObject({}),
  output: z.strictObject({ removed: z.number().int() }),
  route: { method: 'POST', path: '/v1/document-sweeps', summary: 'Remove stored files no document points to (orphans of crashed uploads, deleted and replaced documents)' },
  handler: async (_input, ctx) => {
    const store = ctx.services.documents?.blobs;
    if (!store) return { removed: 0 };
    const rows = await ctx.db.select({ key: documents.blobKey, deletedAt: documents.deletedAt, replacedBy: documents.replacedBy }).from(documents);
    const live = new Set(rows.filter((r) => !r.deletedAt && !r.replacedBy).map((r) => r.key));
    const orphans = orphanedBlobs(await store.list(tenantBlobPrefix(ctx.state.tenantId)), live, new Date(ctx.now.getTime() - sweepGraceMs));
    for (const key of orphans) await store.delete(key);
    if (orphans.length > 0) ctx.audit({ entity: 'document_blobs', id: 'sweep', after: { removed: orphans.length } });
    return { removed: orphans.length };
  },
});
