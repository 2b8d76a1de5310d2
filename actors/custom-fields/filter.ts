import { z } from 'zod';
import { text } from '../core/text';
import type { EmployeeView } from '../people/view';
import { toCell } from './rules';

/**
 * Filtering and sorting the employee list by custom fields: `custom.<key>=<value>` and
 * `sort=custom.<key>` (or `-custom.<key>`). Both read the view the reader already has, so a
 * field of a tier hidden from them (or one that does not exist) matches nothing and sorts
 * every row alike: the list reveals no more than its rows show.
 */
const customKey = /^custom\.[a-z][a-z0-9_]{0,39}$/;

export const customFilterInput = {
  sort: z.string().regex(/^-?custom\.[a-z][a-z0-9_]{0,39}$/, 'Must be a list field or custom.<key>, - for descending.'),
  value: z.unknown(),
  /** The list's input is strict except for `custom.<key>` filters, each a short text. */
  onlyCustomExtras(known: readonly string[]) {
    const value = text(200);
    return (input: Record<string, unknown>, ctx: z.RefinementCtx) => {
      for (const [key, v] of Object.entries(input)) {
        if (known.includes(key)) continue;
        if (!customKey.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: key.startsWith('custom.') ? 'Must be custom.<key>.' : 'Unrecognized key.' });
        else if (!value.safeParse(v).success) ctx.addIssue({ code: 'custom', path: [key], message: 'Must be a text of at most 200 characters.' });
      }
    };
  },
};

/** Whether a row's visible custom values match every filter (a multi select matches any of its options). */
export function matchesCustom(view: EmployeeView, filters: readonly [string, string][]): boolean {
  for (const [k, wanted] of filters) {
    const custom = view.custom as Record<string, unknown>;
    const key = k.slice('custom.'.length);
    if (!Object.hasOwn(custom, key)) return false;
    const value = custom[key];
    const ok = Array.isArray(value) ? value.includes(wanted) : toCell(value as never) === wanted;
    if (!ok) return false;
  }
  return true;
}

export function customSortKey(view: EmployeeView, field: string): string | number | undefined {
  const value = (view.custom as Record<string, unknown>)[field.slice('custom.'.length)];
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return value;
  return toCell(value as never);
}
