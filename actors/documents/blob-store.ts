/**
 * Where document bytes live: one small port with an adapter per mode (files under the data
 * folder, an S3-compatible bucket, R2). Metadata stays in the tenant's database; the store
 * only holds bytes by key. Every key starts with the tenant's own prefix, and a document is
 * only ever reached through its metadata row in that tenant's database, so a key guessed or
 * copied from another company leads nowhere.
 */
export interface BlobStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The bytes, or undefined when there is no such key. */
  get(key: string): Promise<Uint8Array | undefined>;
  delete(key: string): Promise<void>;
  /** Keys under a prefix with when they were written (for the orphan sweep). */
  list(prefix: string): Promise<{ key: string; writtenAt: Date }[]>;
}

/** The folder of one tenant's document blobs. */
export const tenantBlobPrefix = (tenantId: string) => `tenants/${tenantId}/documents/`;

/** Keys are plain path segments: no dots, no slashes inside a segment, nothing to escape. */
export const blobKeyPattern = /^tenants\/ten_[A-Za-z0-9]+\/documents\/[A-Za-z0-9_-]{16,128}$/;

export const isTenantBlobKey = (tenantId: string, key: string) => blobKeyPattern.test(key) && key.startsWith(tenantBlobPrefix(tenantId));
