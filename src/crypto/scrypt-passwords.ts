import { scrypt, timingSafeEqual, randomBytes } from 'node:crypto';
import type { PasswordHasher } from '../../actors/identity/passwords';

/**
 * scrypt (RFC 7914), a memory-hard KDF, from node:crypto: native code that runs on a
 * worker thread in Bun and Node, so hashing never blocks the event loop, and that workerd
 * provides too under nodejs_compat. Hashes read `scrypt$<logN>$<r>$<p>$<salt>$<key>`.
 */
export function scryptHasher(logN = 15, r = 8, p = 1): PasswordHasher {
  const derive = (password: string, salt: Buffer, n: number, rr: number, pp: number) =>
    new Promise<Buffer>((resolve, reject) =>
      scrypt(password.normalize('NFKC'), salt, 32, { N: 2 ** n, r: rr, p: pp, maxmem: 256 * 2 ** n * rr + 1024 * 1024 }, (err, key) =>
        err ? reject(err) : resolve(key),
      ),
    );
  const format = (n: number, salt: Buffer, key: Buffer) =>
    `scrypt$${n}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;

  return {
    async hash(password) {
      const salt = randomBytes(16);
      return format(logN, salt, await derive(password, salt, logN, r, p));
    },
    async verify(password, hash) {
      const parts = hash.split('$');
      if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
      const [, n, rr, pp, salt, key] = parts as [string, string, string, string, string, string];
      const expected = Buffer.from(key, 'base64url');
      const actual = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(rr), Number(pp));
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    },
    // Same parameters as real hashes, so an unknown user costs as much as a wrong password.
    decoy: `scrypt$${logN}$${r}$${p}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(32).toString('base64url')}`,
  };
}
