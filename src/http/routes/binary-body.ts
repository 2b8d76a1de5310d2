import type { Context } from 'hono';
import { AppError, invalid } from '../../../actors/core/errors';
import { principalId } from '../../../actors/core/principal';
import { base64url } from '../../../actors/core/ids';
import { tenantBlobPrefix, type BlobStore } from '../../../actors/documents/blob-store';
import { allowedType, allowedTypes, bytesMatch, sniffBytes } from '../../../actors/documents/file-types';
import type { AppEnv } from '../env';

export interface DocumentEdge {
  blobs: BlobStore;
  /** The largest file accepted; over it the upload is refused with 413 and read no further. */
  maxBytes: number;
}

/**
 * A file upload (a route with `binaryBody`). The edge, not the actor, takes the bytes: in
 * NATS mode they would not fit in a message (1 MB by default), and writing them first is
 * what makes a crash safe. In order: the declared type is on the allow-list (415), the body
 * is read up to the limit and no further (413), its first bytes are that type (415), its
 * SHA-256 is counted, and the bytes are stored under the tenant's prefix. Only then does the
 * actor commit the metadata; a blob it never commits is an orphan nobody can reach, and the
 * sweep (actors/documents/sweep.ts) removes it.
 */
export async function storeUpload(c: Context<AppEnv>, docs: DocumentEdge | undefined, tenantId: string, type: string) {
  if (!docs) throw new AppError(503, 'documents_unavailable', 'This server keeps no documents.');
  const declared = allowedType(c.req.header('content-type'));
  if (!declared) throw unsupported(`Send the file as one of: ${allowedTypes.join(', ')}.`);
  const bytes = await readLimited(c, docs.maxBytes);
  if (bytes.length === 0) throw invalid('The file is empty.', [{ field: 'body', message: 'Send the file as the request body.' }]);
  if (!bytesMatch(declared, bytes.subarray(0, sniffBytes))) throw unsupported(`The file's content is not ${declared}.`);
  const sha256 = hex(await crypto.subtle.digest('SHA-256', bytes));
  const key = tenantBlobPrefix(tenantId) + (await blobName(c, type, sha256));
  await docs.blobs.put(key, bytes, declared);
  return { key, contentType: declared, size: bytes.length, sha256 };
}

/**
 * A retried upload (same Idempotency-Key, same bytes) gets the same blob name, so the actor
 * sees the same input and replays its first reply: one document, one blob. Without a key,
 * or with other bytes under the same key, the name is new and the actor decides.
 */
async function blobName(c: Context<AppEnv>, type: string, sha256: string): Promise<string> {
  const idem = c.req.header('idempotency-key');
  if (!idem) return base64url(crypto.getRandomValues(new Uint8Array(24)));
  const seed = new TextEncoder().encode(`${principalId(c.get('principal'))}\n${type}\n${idem}\n${sha256}`);
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', seed))).slice(0, 40);
}

/** Reads the body up to `max` bytes; one byte more and the stream is cancelled, unread. */
async function readLimited(c: Context<AppEnv>, max: number): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () => new AppError(413, 'file_too_large', `The file is larger than ${max} bytes.`);
  const declaredLength = Number(c.req.header('content-length') ?? Number.NaN);
  if (declaredLength > max) throw tooLarge();
  const body = c.req.raw.body;
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** A download: the bytes of a blob the actor allowed, as an attachment the browser will not render. */
export async function blobResponse(c: Context<AppEnv>, docs: DocumentEdge | undefined, tenantId: string, file: { key: string; contentType: string; name: string }) {
  // The actor names only its own blobs; the prefix check keeps that true even if it did not.
  const bytes = docs && file.key.startsWith(tenantBlobPrefix(tenantId)) ? await docs.blobs.get(file.key) : undefined;
  if (!bytes) throw new AppError(404, 'not_found', 'The document was not found.');
  const ascii = file.name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
    'content-type': file.contentType,
    'content-length': String(bytes.length),
    'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
  });
}

/** Paths of upload routes, which carry their own size limit instead of the JSON body limit. */
export function binaryPathTest(paths: readonly string[]): (path: string) => boolean {
  const patterns = paths.map((p) => new RegExp(`^${p.replace(/:[A-Za-z]+/g, '[^/]+')}$`));
  return (path) => patterns.some((re) => re.test(path));
}

const unsupported = (message: string) => new AppError(415, 'unsupported_media_type', message, [{ field: 'content-type', message }]);
const hex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
