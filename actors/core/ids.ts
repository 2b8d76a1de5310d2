import { encodeTime } from 'ulidx';

/**
 * Public ids are prefixed, sortable by creation time and unguessable: a ULID carries 80
 * random bits after its 48-bit timestamp, drawn from the platform's CSPRNG.
 */
export interface IdSource {
  next(prefix: string): string;
}

/** Crockford's base 32, lower case: a ULID's alphabet as Roster's ids spell it. */
const base32 = '0123456789abcdefghjkmnpqrstvwxyz';
// The random part comes from the CSPRNG 4 KiB at a time, one byte a character: its low five
// bits pick each of the 32 characters with the same chance. ulidx's `ulid` drew a random value
// per character and encoded the time again for every id, a twentieth of a hire's CPU (a hire
// makes a handful of ids); its time encoding is kept, once per millisecond.
const pool = new Uint8Array(4096);
let drawn = pool.length;
let timeMs = -1;
let timePart = '';

export const ulidIds: IdSource = {
  next(prefix) {
    const ms = Date.now();
    if (ms !== timeMs) {
      timeMs = ms;
      timePart = encodeTime(ms, 10).toLowerCase();
    }
    if (drawn + 16 > pool.length) {
      crypto.getRandomValues(pool);
      drawn = 0;
    }
    let random = '';
    for (let i = 0; i < 16; i++) random += base32[pool[drawn++]! & 31];
    return `${prefix}_${timePart}${random}`;
  },
};

/** Bytes from the platform's CSPRNG: every random value of the project is drawn here. */
export function randomBytes(count: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(count));
}

/** Random bytes as base64url, for secrets (refresh tokens, API keys, invites). */
export function randomToken(bytes = 32): string {
  return base64url(randomBytes(bytes));
}

export const alphanumeric = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * `length` characters of `alphabet`, uniformly: bytes past the largest multiple of the
 * alphabet's size are thrown away (rejection sampling), so no character is likelier.
 */
export function randomCode(length: number, alphabet = alphanumeric): string {
  const limit = 256 - (256 % alphabet.length);
  let code = '';
  while (code.length < length) {
    for (const b of randomBytes(length * 2)) if (b < limit && code.length < length) code += alphabet[b % alphabet.length];
  }
  return code;
}

export function base64url(buf: Uint8Array): string {
  let s = '';
  for (const b of buf) s += String.fromCharCode(b);
  return btoa(s).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** SHA-256 as hex, for looking up high-entropy secrets (never for passwords). */
export async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
