import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BlobStore } from '../../../actors/documents/blob-store';
import { tenantBlobPrefix } from '../../../actors/documents/blob-store';
import { startS3Server, type S3Server } from '../../../test/support/s3-server';
import { fileBlobStore } from './file-blobs';
import { s3BlobStore } from './s3-blobs';

/** The same behaviour from every adapter of the port; the S3 one against a real s3rver process. */
const tenantA = 'ten_01jaaaaaaaaaaaaaaaaaaaaaaa';
const tenantB = 'ten_01jbbbbbbbbbbbbbbbbbbbbbbb';
const keyA = `${tenantBlobPrefix(tenantA)}aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa`;
const keyA2 = `${tenantBlobPrefix(tenantA)}cccccccccccccccccccccccccccccccc`;
const keyB = `${tenantBlobPrefix(tenantB)}bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb`;
const bytes = new TextEncoder().encode('%PDF-1.7 contract');

function portContract(name: string, store: () => BlobStore) {
  describe(`blob store: ${name}`, () => {
    test('put, get, list under a tenant prefix only, delete', async () => {
      await store().put(keyA, bytes, 'application/pdf');
      await store().put(keyA2, new Uint8Array([1, 2, 3]), 'application/pdf');
      await store().put(keyB, new TextEncoder().encode('other company'), 'application/pdf');
      expect(await store().get(keyA)).toEqual(bytes);
      const listed = await store().list(tenantBlobPrefix(tenantA));
      expect(listed.map((b) => b.key).sort()).toEqual([keyA, keyA2].sort());
      for (const b of listed) expect(Math.abs(b.writtenAt.getTime() - Date.now())).toBeLessThan(120_000);
      await store().delete(keyA2);
      expect(await store().get(keyA2)).toBeUndefined();
      expect((await store().list(tenantBlobPrefix(tenantA))).map((b) => b.key)).toEqual([keyA]);
      expect(await store().get(`${tenantBlobPrefix(tenantA)}nonexistentnonexistent`)).toBeUndefined();
      await store().delete(`${tenantBlobPrefix(tenantA)}nonexistentnonexistent`);
    });
  });
}

let dir = '';
let s3: S3Server | undefined;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'roster-blobs-'));
  s3 = await startS3Server();
}, 30_000);
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await s3?.stop();
});

portContract('files', () => fileBlobStore(dir));
portContract('s3 (s3rver)', () => s3BlobStore({ bucket: s3!.bucket, endpoint: s3!.endpoint, region: 'us-east-1', accessKeyId: s3!.accessKeyId, secretAccessKey: s3!.secretAccessKey }));

describe('blob store: files', () => {
  test('files are 0600 and refuse keys outside the one pattern (no .., no other folder)', async () => {
    const store = fileBlobStore(dir);
    await store.put(keyB, bytes, 'application/pdf');
    expect(statSync(join(dir, ...keyB.split('/'))).mode & 0o777).toBe(0o600);
    await expect(store.get('tenants/../../etc/passwd')).rejects.toThrow();
    await expect(store.put(`${tenantBlobPrefix(tenantA)}../x`, bytes, 'application/pdf')).rejects.toThrow();
  });
});
