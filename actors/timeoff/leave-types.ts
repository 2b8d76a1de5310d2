import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { conflict, notFound } from '../core/errors';
import { everyone, peopleManagers } from '../core/principal';
import { listOf } from '../core/reply';
import { idOf, text } from '../core/text';
import { tenantMessage } from '../tenant/context';
import { leaveTypeSchema } from './replies';
import { ledger, leaveTypes, requests, type LeaveTypeRow } from './timeoff.sql.ts';

/** Leave types: what kinds of time off the company has, and the rules each one keeps (leave-rules.ts). */
export const createLeaveType = tenantMessage.command({
  type: 'leaveTypes.create',
  access: peopleManagers,
  input: z.strictObject({
    name: text(80),
    unit: z.enum(['days', 'hours']).default('days'),
    paid: z.boolean().default(true),
    halfDaysAllowed: z.boolean().default(false),
    tracked: z.boolean().default(true).describe('False for sick or unpaid leave: no balance, still approved and reported'),
    applicableAfterDays: z.number().int().min(1).max(3660).nullable().default(null).describe('Waiting period: days after the hire date before the type can be taken'),
    maxConsecutiveDays: z.number().int().min(1).max(366).nullable().default(null).describe('Longest request, in calendar days'),
    maxBackdateDays: z.number().int().min(0).max(3660).nullable().default(null).describe('How far back an employee may start a request; HR may go further'),
    sickNoteAboveDays: z.number().int().min(0).max(366).nullable().default(null).describe('Requests longer than this many calendar days need a sick note attached before approval'),
  }),
  output: leaveTypeSchema,
  route: { method: 'POST', path: '/v1/leave-types', status: 201, summary: 'Create a leave type' },
  handler: async (input, ctx) => {
    const row: LeaveTypeRow = { id: ctx.ids.next('ltp'), ...input, createdAt: ctx.now.toISOString() };
    await ctx.db.insert(leaveTypes).values(row);
    ctx.audit({ entity: 'leave_type', id: row.id, after: row });
    return row;
  },
});

export const listLeaveTypes = tenantMessage.query({
  type: 'leaveTypes.list',
  access: everyone,
  input: z.strictObject({}),
  output: listOf(leaveTypeSchema),
  route: { method: 'GET', path: '/v1/leave-types', summary: 'List leave types' },
  handler: async (_input, { db }) => ({ items: await db.select().from(leaveTypes).orderBy(leaveTypes.name) }),
});


/**
 * Changes a leave type's rules (leave-rules.ts). The waiting period, length and back-dating
 * limits apply to requests made from now on, so they change freely. `tracked` changes only
 * while nothing has been booked on the type: turned off, the existing ledger rows would be a
 * balance nobody checks; turned on, approved leave would have taken nothing from a balance.
 */
export const updateLeaveTypeRules = tenantMessage.command({
  type: 'leaveTypes.updateRules',
  access: peopleManagers,
  input: z.strictObject({
    id: idOf('ltp'),
    tracked: z.boolean().optional(),
    applicableAfterDays: z.number().int().min(1).max(3660).nullable().optional(),
    maxConsecutiveDays: z.number().int().min(1).max(366).nullable().optional(),
    maxBackdateDays: z.number().int().min(0).max(3660).nullable().optional(),
    sickNoteAboveDays: z.number().int().min(0).max(366).nullable().optional(),
  }),
  output: leaveTypeSchema,
  route: { method: 'PATCH', path: '/v1/leave-types/:id', summary: "Change a leave type's rules: tracked, waiting period, longest request, back-dating" },
  handler: async ({ id, ...patch }, ctx) => {
    const [current] = await ctx.db.select().from(leaveTypes).where(eq(leaveTypes.id, id));
    if (!current) throw notFound('The leave type');
    const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    // An empty change is valid by the document (every field optional) and changes nothing,
    // as an empty PATCH of any other resource: the type as it is, no write, no audit entry.
    if (Object.keys(changes).length === 0) return current;
    if (patch.tracked !== undefined && patch.tracked !== current.tracked) {
      const [used] = await ctx.db.select({ id: requests.id }).from(requests).where(eq(requests.leaveTypeId, id)).limit(1);
      const [booked] = await ctx.db.select({ id: ledger.id }).from(ledger).where(eq(ledger.leaveTypeId, id)).limit(1);
      if (used || booked) throw conflict('leave_type_in_use', 'Whether a type keeps a balance cannot change once requests or balances exist; create a new type.', 'tracked');
    }
    const updated = { ...current, ...changes };
    await ctx.db.update(leaveTypes).set(changes).where(eq(leaveTypes.id, id));
    ctx.audit({ entity: 'leave_type', id, before: current, after: updated });
    return updated;
  },
});
