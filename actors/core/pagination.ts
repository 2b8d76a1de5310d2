import { z } from 'zod';
import { AppError } from './errors';
import { base64url } from './ids';

/**
 * Keyset pagination over an in-memory list: the cursor is the sort key and id of the last
 * item served, so a page never repeats or skips an item when others are added meanwhile.
 */
export const pageInput = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(1000).optional(),
};

/** A `sort` parameter over the named fields, `-field` for descending. */
export const sortOf = <const F extends readonly [string, ...string[]]>(fields: F) =>
  z.enum([...fields, ...fields.map((f) => `-${f}`)] as [string, ...string[]]) as z.ZodType<F[number] | `-${F[number]}`>;

type Key = string | number | null | undefined;

interface Cursor {
  sort: string;
  key: Key;
  id: string;
}

function encodeCursor(c: Cursor): string {
  return base64url(new TextEncoder().encode(JSON.stringify([c.sort, c.key ?? null, c.id])));
}

function decodeCursor(raw: string, sort: string): Cursor {
  try {
    const json = atob(raw.replaceAll('-', '+').replaceAll('_', '/'));
    const [s, key, id] = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (ch) => ch.charCodeAt(0))));
    if (s === sort && typeof id === 'string' && (key === null || typeof key === 'string' || typeof key === 'number')) return { sort, key, id };
  } catch {
    // fall through to the error below
  }
  throw new AppError(400, 'invalid_cursor', 'The cursor is not valid for this list and sort order.', [
    { field: 'cursor', message: 'Not a cursor returned by this list with the same sort.' },
  ]);
}

/** Missing values sort last whatever the direction; strings compare case-insensitively. */
function compareKeys(a: Key, b: Key): number {
  const an = a === null || a === undefined;
  const bn = b === null || b === undefined;
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  const x = typeof a === 'string' ? a.toLowerCase() : a;
  const y = typeof b === 'string' ? b.toLowerCase() : b;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function paginate<T extends { id: string }>(
  items: readonly T[],
  o: { sort: string; limit: number; cursor?: string | undefined; keyOf: (item: T, field: string) => Key },
): { page: T[]; nextCursor: string | null } {
  const desc = o.sort.startsWith('-');
  const field = desc ? o.sort.slice(1) : o.sort;
  const key = (item: T) => o.keyOf(item, field);
  const compare = (ak: Key, aid: string, bk: Key, bid: string) => {
    const bothPresent = ak !== null && ak !== undefined && bk !== null && bk !== undefined;
    const c = compareKeys(ak, bk);
    const byKey = bothPresent && desc ? -c : c;
    return byKey !== 0 ? byKey : aid < bid ? -1 : aid > bid ? 1 : 0;
  };
  const sorted = [...items].sort((a, b) => compare(key(a), a.id, key(b), b.id));
  let start = 0;
  if (o.cursor) {
    const after = decodeCursor(o.cursor, o.sort);
    start = sorted.findIndex((e) => compare(key(e), e.id, after.key, after.id) > 0);
    if (start < 0) start = sorted.length;
  }
  const page = sorted.slice(start, start + o.limit);
  const last = page[page.length - 1];
  const more = start + o.limit < sorted.length;
  return { page, nextCursor: more && last ? encodeCursor({ sort: o.sort, key: key(last), id: last.id }) : null };
}
