import { inlineLimit } from '../core/prepared';
import { and, desc, eq, inArray, isNull, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { PublishedEvent } from '../core/event';
import { forbidden } from '../core/errors';
import { defineEvent } from '../core/event';
import type { CommandCtx } from '../core/message';
import { everyone, type Principal } from '../core/principal';
import { idOf } from '../core/text';
import { tenantMessage, type TenantServices, type TenantState } from '../tenant/context';
import { notifications, type NotificationRow } from './notifications.sql.ts';
import { notificationRules, type NotificationDraft } from './rules';
import { mailNotification } from '../mail/outbox';
import { instant, pageOf } from '../core/reply';

const notificationSchema = z.strictObject({
  id: idOf('ntf'),
  type: z.string(),
  title: z.string(),
  body: z.string(),
  subject: z.string().nullable(),
  createdAt: instant,
  readAt: instant.nullable(),
}).meta({ id: 'Notification' });

const view = (n: NotificationRow) => ({
  id: n.id,
  type: n.type,
  title: n.title,
  body: n.body,
  subject: n.subject,
  createdAt: n.createdAt,
  readAt: n.readAt,
});

function userOf(principal: Principal): string {
  if (principal.kind !== 'user') throw forbidden('Notifications belong to signed-in users.');
  return principal.userId;
}

/**
 * Turns a command's events into notifications, in the command's transaction; each one is
 * announced by a `notification.created` event addressed to its user, so it is pushed live.
 */
export async function notify(events: readonly PublishedEvent[], ctx: CommandCtx<TenantState, TenantServices>) {
  for (const event of events) {
    const rule = notificationRules[event.type];
    if (!rule) continue;
    await deliverNotifications(ctx, event.type, event.subject, rule(event, ctx.state));
  }
}

/**
 * Writes notifications for their users and announces each; for reactions that notify
 * directly (a checklist started inside another command's reaction has no event to react to).
 */
export async function deliverNotifications(ctx: CommandCtx<TenantState, TenantServices>, type: string, subject: string, drafts: readonly NotificationDraft[]) {
  for (const draft of drafts) {
    const row: NotificationRow = {
      id: ctx.ids.next('ntf'),
      ...draft,
      type,
      subject,
      createdAt: ctx.now.toISOString(),
      readAt: null,
    };
    await ctx.db.insert(notifications).values(row);
    ctx.emit(notificationCreated.create(row.id, view(row), [row.userId]));
    await mailNotification(ctx, row);
  }
}

export const listNotifications = tenantMessage.query({
  type: 'notifications.list',
  access: everyone,
  input: z.strictObject({
    unread: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: idOf('ntf').optional(),
  }),
  output: pageOf(notificationSchema),
  route: { method: 'GET', path: '/v1/notifications', summary: 'My notifications, newest first' },
  handler: async ({ unread, limit, cursor }, { db, principal }) => {
    const userId = userOf(principal);
    const rows = await db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.userId, userId),
          unread === 'true' ? isNull(notifications.readAt) : undefined,
          cursor ? lt(notifications.id, cursor) : undefined,
        ),
      )
      .orderBy(desc(notifications.id))
      .limit(inlineLimit(limit + 1));
    const page = rows.slice(0, limit);
    return { items: page.map(view), nextCursor: rows.length > limit ? page[page.length - 1]!.id : null };
  },
});

export const markNotificationsRead = tenantMessage.command({
  type: 'notifications.markRead',
  access: everyone,
  input: z.strictObject({ ids: z.array(idOf('ntf')).min(1).max(500).optional() }),
  output: z.strictObject({ marked: z.number().int().min(0) }),
  route: { method: 'POST', path: '/v1/notifications/read', summary: 'Mark my notifications read: the ones named, or all' },
  handler: async ({ ids }, ctx) => {
    const userId = userOf(ctx.principal);
    const mine = and(eq(notifications.userId, userId), isNull(notifications.readAt), ids ? inArray(notifications.id, ids) : undefined);
    const marked = await ctx.db.select({ id: notifications.id }).from(notifications).where(mine);
    if (marked.length > 0) await ctx.db.update(notifications).set({ readAt: ctx.now.toISOString() }).where(mine);
    return { marked: marked.length };
  },
});

export const notificationCreated = defineEvent({
  type: 'notification.created',
  summary: 'An in-app notification for one user (pushed to that user only)',
  data: z.object({
    id: z.string(),
    type: z.string(),
    title: z.string(),
    body: z.string(),
    subject: z.string(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  }),
});
