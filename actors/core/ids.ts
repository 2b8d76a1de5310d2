import { detectPRNG, ulid } from 'ulidx';

/**
 * Public ids are prefixed, sortable by creation time and unguessable: a ULID carries 80
 * random bits after its 48-bit timestamp, drawn from the platform's CSPRNG.
 */
export interface IdSource {
  next(prefix: string): string;
}

// Found once: ulidx otherwise looks for the platform's CSPRNG on every id.
const prng = detectPRNG();

export const ulidIds: IdSource = {
  next: (prefix) => `${prefix}_${ulid(undefined, prng).toLowerCase()}`,
};

/** Random bytes as base64url, for secrets (refresh tokens, API keys, invites). */
export function randomToken(bytes = 32): string {
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  return base64url(buf);
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
