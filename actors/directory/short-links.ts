import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { AppError, notFound, unprocessable } from '../core/errors';
import { randomCode } from '../core/ids';
import { messagesFor } from '../core/message';
import { idOf } from '../core/text';
import type { DirectoryState } from './state';
import { shortLinks } from './directory.sql.ts';
import { linkTargetProblem } from './link-target';

/** The directory shares the tenants' services; links need only where the site is. */
const message = messagesFor<DirectoryState, { publicUrl?: string }>();
const siteOf = (services: { publicUrl?: string } | undefined) => services?.publicUrl || 'http://localhost';

/** 12 characters from 62, drawn from the CSPRNG: 71 bits, so codes cannot be guessed from each other. */
export const newCode = (): string => randomCode(12);

export const code = z.string().regex(/^[A-Za-z0-9]{12}$/);

export const createShortLink = message.command({
  type: 'links.create',
  access: 'system',
  input: z.strictObject({
    tenantId: idOf('ten'),
    createdBy: z.string().max(64),
    /** A path of this API's site: links never point elsewhere (no open redirect); checked in the handler. */
    target: z.string().max(2000),
    expiresInSeconds: z.number().int().min(1).max(90 * 24 * 3600),
  }),
  handler: async (input, ctx) => {
    const problem = linkTargetProblem(input.target, siteOf(ctx.services));
    if (problem) throw unprocessable('link_target_refused', problem, 'target');
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
    // Rows stored before targets were checked this strictly: gone, never a redirect off-site or a 500.
    if (linkTargetProblem(link.target, siteOf(ctx.services))) throw new AppError(410, 'link_invalid', 'This link no longer leads anywhere.');
    await ctx.db.update(shortLinks).set({ visits: sql`${shortLinks.visits} + 1` }).where(eq(shortLinks.code, c));
    return { target: link.target, visits: link.visits + 1 };
  },
});
