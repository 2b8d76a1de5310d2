import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Makes a tenant's database file private to the service's user before SQLite opens it: the
 * folders 0700 and the file 0600, whatever the umask. SQLite gives the -wal and -shm files
 * the permissions of the database file, so they follow. An existing file is narrowed too,
 * so data written by an older version stops being readable by other local users.
 */
export function preparePrivateFile(path: string): void {
  if (path === '' || path.startsWith(':memory:')) return;
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  chmodSync(folder, 0o700);
  closeSync(openSync(path, 'a', 0o600));
  chmodSync(path, 0o600);
}
