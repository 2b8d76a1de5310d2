import { inlineLimit } from '../core/prepared';
import { and, desc, eq, gte, like, lt, lte, notLike, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { auditLog } from '../core/core.sql.ts';
import { AppError } from '../core/errors';
import { admins, peopleManagers, type Principal } from '../core/principal';
import { idOf, text } from '../core/text';
import { tenantMessage } from '../tenant/context';
import { pageOf } from '../core/reply';

/**
 * The audit log: one row per command, written in the command's own transaction (who, when,
 * which request, what changed before and after). HR and admins read it, newest first.
 */
const auditChangeSchema = z
  .object({
    entity: z.string().describe('The kind of record, such as employee or leave_request'),
    id: z.string().describe("The record's id"),
    before: z.unknown().optional().describe('The record before the command; absent when it was created'),
    after: z.unknown().optional().describe('The record after the command; absent when it was deleted'),
  })
  .meta({ id: 'AuditChange' });

const auditEntrySchema = z.strictObject({
  id: z.number().int(),
  at: z.iso.datetime(),
  requestId: z.string().nullable(),
  actor: z.strictObject({ kind: z.string().describe('user, apiKey or system'), id: z.string().nullable() }),
  action: z.string().describe('The message type, such as employees.update'),
  subject: z.string().nullable(),
  changes: z.array(auditChangeSchema).describe('What changed, as the command recorded it'),
}).meta({ id: 'AuditEntry' });

export const listAudit = tenantMessage.query({
  type: 'audit.list',
  access: peopleManagers,
  input: z.strictObject({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** The id of the last row of the previous page. */
    cursor: z.string().regex(/^\d{1,15}$/, 'Must be a cursor returned by this list.').optional(),
    employeeId: idOf('emp').optional(),
    /** Who acted: a user or API key id, or `system`. */
    actorId: text(40).optional(),
    action: z.string().regex(/^[a-zA-Z]+\.[a-zA-Z]+$/, 'Must be a message type such as employees.update.').optional(),
    from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  }),
  output: pageOf(auditEntrySchema),
  route: { method: 'GET', path: '/v1/audit', summary: 'The audit log, newest first: filter by employee, actor, action and time' },
  handler: async ({ limit, cursor, employeeId, actorId, action, from, to }, { db, principal }) => {
    const restricted = readsRestricted(principal);
    if (from && to && instant(from) > instant(to, true)) {
      throw new AppError(400, 'invalid_request', 'The range ends before it starts.', [{ field: 'to', message: 'Must not be before from.' }]);
    }
    const where: SQL[] = [];
    if (cursor) where.push(lt(auditLog.id, Number(cursor)));
    // A change about an employee names them as the subject or inside what changed.
    if (employeeId) where.push(or(eq(auditLog.subject, employeeId), like(auditLog.changes, `%"${employeeId}"%`))!);
    if (actorId) where.push(eq(auditLog.actorId, actorId));
    if (action) where.push(eq(auditLog.action, action));
    if (from) where.push(gte(auditLog.at, instant(from)));
    if (to) where.push(lte(auditLog.at, instant(to, true)));
    if (restricted) where.push(...hiddenActions.map((prefix) => notLike(auditLog.action, `${prefix}%`)));
    const rows = await db.select().from(auditLog).where(and(...where)).orderBy(desc(auditLog.id)).limit(inlineLimit(limit + 1));
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => ({ id: r.id, at: r.at, requestId: r.requestId, actor: { kind: r.actorKind, id: r.actorId }, action: r.action, subject: r.subject, changes: restricted ? withoutHidden(r.changes) : r.changes })),
      nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
    };
  },
});

/**
 * HR reads the log of what happened to people, not of what HR may not read elsewhere:
 * `/v1/webhooks` and `/v1/api-keys` are for owners and admins, so HR's view leaves out
 * their commands and, inside any other command (an offboarding revokes keys), their
 * changes. Owners and admins see everything.
 */
const hiddenActions = ['apiKeys.', 'webhooks.'];
const hiddenEntities = new Set(['api_key', 'webhook_endpoint', 'webhook_delivery']);

function readsRestricted(p: Principal): boolean {
  return (p.kind === 'user' || p.kind === 'apiKey') && !admins.includes(p.role);
}

function withoutHidden(changes: unknown): unknown {
  if (!Array.isArray(changes)) return changes;
  return changes.filter((c) => !(c && typeof c === 'object' && hiddenEntities.has((c as { entity?: string }).entity ?? '')));
}

/** A date stands for the whole day: from its first instant, to its last. */
function instant(value: string, endOfDay = false): string {
  if (value.length > 10) return new Date(value).toISOString();
  return endOfDay ? `${value}T23:59:59.999Z` : `${value}T00:00:00.000Z`;
}
