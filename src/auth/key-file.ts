import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomToken } from '../../actors/core/ids';
import { parseKeyRing, type KeyRing } from './access-tokens';

/** Embedded mode needs no set-up: a key is made on first start and kept in the data folder. */
export function loadOrCreateKeyRing(spec: string | undefined, file: string): KeyRing {
  if (spec) return parseKeyRing(spec);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    // 'wx': when several processes start at once on a shared folder, the first key wins.
    try {
      writeFileSync(file, `k${Date.now().toString(36)}:${randomToken(48)}\n`, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return parseKeyRing(readFileSync(file, 'utf8').trim());
}

