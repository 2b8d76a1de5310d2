import { z } from 'zod';

/**
 * Building blocks of the reply schemas (`output` on a message declaration). They describe
 * the JSON a client receives, so instants are ISO strings (a Date leaves as one), and they
 * are checked against every reply the contract suite receives (ROSTER_CHECK_REPLIES).
 */

/** An instant as the API writes it: `toISOString()`, always UTC. */
export const instant = z.iso.datetime();

/** One page of a keyset-paginated list; `nextCursor` is null on the last page. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.strictObject({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last'),
  });

/** A page that also counts every match (before paging). */
export const countedPageOf = <T extends z.ZodType>(item: T) =>
  z.strictObject({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last'),
    total: z.number().int().min(0).describe('How many match the filters, on every page'),
  });

/** A whole list in one reply (short lists: no paging). */
export const listOf = <T extends z.ZodType>(item: T) => z.strictObject({ items: z.array(item) });
