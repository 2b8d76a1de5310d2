import type { BlobStore } from '../../../actors/documents/blob-store';
import type { Config } from '../../config';
import { fileBlobStore } from './file-blobs';
import { s3BlobStore } from './s3-blobs';

/** The document store of the Bun runtimes, by configuration (Cloudflare binds R2 instead: r2-blobs.ts). */
export function blobStoreFor(config: Config): BlobStore {
  if (config.ROSTER_DOCUMENTS_STORE === 's3') {
    return s3BlobStore({
      bucket: config.ROSTER_S3_BUCKET!,
      endpoint: config.ROSTER_S3_ENDPOINT,
      region: config.ROSTER_S3_REGION,
      accessKeyId: config.ROSTER_S3_ACCESS_KEY_ID,
      secretAccessKey: config.ROSTER_S3_SECRET_ACCESS_KEY,
    });
  }
  return fileBlobStore(config.documentsDir);
}
