import { z } from 'zod';
import { AppError } from '../core/errors';
import { base64url } from '../core/ids';
import type { EmployeeRow } from './people.sql.ts';

/**
 * Keyset pagination over an in-memory list: the cursor is the sort key and id of the last
 * item served, so a page never repeats or skips an item when others are added meanwhile.
 */
export const sortFields = ['lastName', 'firstName', 'hireDate', 'createdAt', 'workEmail'] as const;
type SortField = (typeof sortFields)[number];
export const sortParam = z.enum([...sortFields, ...sortFields.map((f) => `-${f}` as const)]);
export type Sort = z.infer<typeof sortParam>;

interface Cursor {
  sort: Sort;
  key: string;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return base64url(new TextEncoder().encode(JSON.stringify([c.sort, c.key, c.id])));
}

function decodeCursor(raw: string, sort: Sort): Cursor {
  try {
    const json = atob(raw.replaceAll('-', '+').replaceAll('_', '/'));
    const [s, key, id] = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (ch) => ch.charCodeAt(0))));
    if (s === sort && typeof key === 'string' && typeof id === 'string') return { sort, key, id };
  } catch {
    // fall through to the error below
  }
  throw new AppError(400, 'invalid_cursor', 'The cursor is not valid for this list and sort order.', [
    { field: 'cursor', message: 'Not a cursor returned by this list with the same sort.' },
  ]);
}

export function paginate(
  items: readonly EmployeeRow[],
  { sort, limit, cursor }: { sort: Sort; limit: number; cursor?: string | undefined },
): { page: EmployeeRow[]; nextCursor: string | null } {
  const desc = sort.startsWith('-');
  const field = (desc ? sort.slice(1) : sort) as SortField;
  const keyOf = (e: EmployeeRow) => (field === 'lastName' || field === 'firstName' ? e[field].toLowerCase() : e[field]);
  const compare = (ak: string, aid: string, bk: string, bid: string) => {
    const c = ak < bk ? -1 : ak > bk ? 1 : aid < bid ? -1 : aid > bid ? 1 : 0;
    return desc ? -c : c;
  };
  const sorted = [...items].sort((a, b) => compare(keyOf(a), a.id, keyOf(b), b.id));
  let start = 0;
  if (cursor) {
    const after = decodeCursor(cursor, sort);
    start = sorted.findIndex((e) => compare(keyOf(e), e.id, after.key, after.id) > 0);
    if (start < 0) start = sorted.length;
  }
  const page = sorted.slice(start, start + limit);
  const last = page[page.length - 1];
  const more = start + limit < sorted.length;
  return { page, nextCursor: more && last ? encodeCursor({ sort, key: keyOf(last), id: last.id }) : null };
}
