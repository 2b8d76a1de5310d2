import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { AppError, notFound } from '../core/errors';
import { randomCode } from '../core/ids';
import { idOf } from '../core/text';
import { directoryMessage } from './state';
import { shortLinks } from './directory.sql.ts';

const message = directoryMessage;
/** 12 characters from 62, drawn from the CSPRNG: 71 bits, so codes cannot be guessed from each other. */
export const newCode = (): string => randomCode(12);

export const code = z.string().regex(/^[A-Za-z0-9]{12}$/);

export const createShortLink = message.command({
  type: 'links.create',
  access: 'system',
  input: z.strictObject({
    tenantId: idOf('ten'),
    createdBy: z.string().max(64),
    /** A path of this API's site: links never point elsewhere (no open redirect). */
    target: z.string().regex(/^\/[^/\\]/, 'Must be a path on this site, like /invite#token=…').max(2000),
    expiresInSeconds: z.number().int().min(1).max(90 * 24 * 3600),
  }),
  handler: async (input, ctx) => {
    const row = {
      code: newCode(),
      tenantId: input.tenantId,
      target: input.target,
      createdBy: input.createdBy,
      createdAt: ctx.now.toISOString(),
      expiresAt: new Date(ctx.now.getTime() + input.expiresInSeconds * 1000).toISOString(),
      visits: 0,
    };
    await ctx.db.insert(shortLinks).values(row);
    ctx.audit({ entity: 'short_link', id: row.code, after: { tenantId: row.tenantId, expiresAt: row.expiresAt } });
    return row;
  },
});

/** Follows a link: counts the visit and answers its target; 404 unknown, 410 expired. */
export const visitShortLink = message.command({
  type: 'links.visit',
  access: 'system',
  input: z.strictObject({ code }),
  handler: async ({ code: c }, ctx) => {
    const [link] = await ctx.db.select().from(shortLinks).where(eq(shortLinks.code, c));
    if (!link) throw notFound('The link');
    if (link.expiresAt <= ctx.now.toISOString()) throw new AppError(410, 'link_expired', 'This link has expired.');
    await ctx.db.update(shortLinks).set({ visits: sql`${shortLinks.visits} + 1` }).where(eq(shortLinks.code, c));
    return { target: link.target, visits: link.visits + 1 };
  },
});
