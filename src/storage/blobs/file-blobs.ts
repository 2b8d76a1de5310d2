import { chmod, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { blobKeyPattern, type BlobStore } from '../../../actors/documents/blob-store';

/**
 * Embedded mode: each blob is a file under the data folder (`<data>/documents/<key>`),
 * folders 0700 and files 0600 like the tenant databases (private-file.ts). A file is
 * written beside its final name and renamed into place, so a reader never sees half of one.
 * Keys are checked against the one pattern the edge produces: no `..`, no absolute path.
 */
export function fileBlobStore(root: string): BlobStore {
  const pathOf = (key: string) => {
    // A leftover `.partial` of a crashed write is an orphan the sweep may delete too.
    if (!blobKeyPattern.test(key.replace(/\.[0-9a-f-]{36}\.partial$/, ''))) throw new Error('Not a document blob key.');
    return join(root, ...key.split('/'));
  };
  return {
    async put(key, bytes) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      const partial = `${path}.${crypto.randomUUID()}.partial`;
      await writeFile(partial, bytes, { mode: 0o600 });
      await chmod(partial, 0o600);
      await rename(partial, path);
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(pathOf(key)));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
    async list(prefix) {
      const folder = join(root, ...prefix.split('/').filter(Boolean));
      const names = await readdir(folder, { recursive: true }).catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return [] as string[];
        throw e;
      });
      const out: { key: string; writtenAt: Date }[] = [];
      for (const name of names) {
        const path = join(folder, name);
        const info = await stat(path).catch(() => undefined);
        if (!info?.isFile()) continue;
        out.push({ key: relative(root, path).split(sep).join('/'), writtenAt: info.mtime });
      }
      return out;
    },
  };
}
