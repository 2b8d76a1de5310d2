import type { BlobStore } from '../../../actors/documents/blob-store';

export interface S3Options {
  bucket: string;
  endpoint?: string;
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

/**
 * Distributed mode: an S3-compatible bucket (AWS S3, MinIO, R2 over its S3 API), through
 * Bun's built-in S3 client, which signs with SigV4 and streams. Gateways write, workers
 * list and delete (the sweep); all of them reach the same bucket.
 */
export function s3BlobStore(o: S3Options): BlobStore {
  const client = new Bun.S3Client({ bucket: o.bucket, endpoint: o.endpoint, region: o.region, accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey });
  return {
    async put(key, bytes, contentType) {
      await client.write(key, bytes, { type: contentType });
    },
    async get(key) {
      const file = client.file(key);
      try {
        return new Uint8Array(await file.arrayBuffer());
      } catch (e) {
        if ((e as { code?: string }).code === 'NoSuchKey' || /NoSuchKey|404|not found/i.test(String((e as Error).message))) return undefined;
        throw e;
      }
    },
    async delete(key) {
      await client.delete(key);
    },
    async list(prefix) {
      const out: { key: string; writtenAt: Date }[] = [];
      let startAfter: string | undefined;
      for (;;) {
        const page = await client.list({ prefix, maxKeys: 1000, ...(startAfter ? { startAfter } : {}) });
        for (const item of page.contents ?? []) out.push({ key: item.key, writtenAt: new Date(item.lastModified ?? 0) });
        if (!page.isTruncated || !page.contents?.length) return out;
        startAfter = page.contents[page.contents.length - 1]!.key;
      }
    },
  };
}
