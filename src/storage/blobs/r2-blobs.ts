import type { BlobStore } from '../../../actors/documents/blob-store';

/** The part of Cloudflare's R2 binding this adapter uses (declared here: no workers-types import in shared code). */
export interface R2BucketLike {
  put(key: string, value: Uint8Array, options?: { httpMetadata?: { contentType?: string } }): Promise<unknown>;
  get(key: string): Promise<{ arrayBuffer(): Promise<ArrayBuffer> } | null>;
  delete(key: string): Promise<void>;
  list(options: { prefix: string; cursor?: string; limit?: number }): Promise<{ objects: { key: string; uploaded: Date }[]; truncated: boolean; cursor?: string }>;
}

/** Cloudflare: an R2 bucket bound to the Worker and the tenant Durable Objects (wrangler.toml `DOCUMENTS`). */
export function r2BlobStore(bucket: R2BucketLike): BlobStore {
  return {
    async put(key, bytes, contentType) {
      await bucket.put(key, bytes, { httpMetadata: { contentType } });
    },
    async get(key) {
      const object = await bucket.get(key);
      return object ? new Uint8Array(await object.arrayBuffer()) : undefined;
    },
    async delete(key) {
      await bucket.delete(key);
    },
    async list(prefix) {
      const out: { key: string; writtenAt: Date }[] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = await bucket.list({ prefix, limit: 1000, ...(cursor ? { cursor } : {}) });
        for (const o of page.objects) out.push({ key: o.key, writtenAt: new Date(o.uploaded) });
        if (!page.truncated) return out;
        cursor = page.cursor;
      }
    },
  };
}
