import { asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { notFound, unprocessable } from '../core/errors';
import { everyone, peopleManagers, principalId } from '../core/principal';
import { instant, listOf } from '../core/reply';
import { idOf, isoDate, text } from '../core/text';
import { tenantMessage } from '../tenant/context';
import { blackouts, leaveTypes, type BlackoutRow } from './timeoff.sql.ts';

/** Blackout periods: HR closes dates to leave for the company or a department (and below); see leave-rules.ts. */

const appliesTo = z.discriminatedUnion('scope', [
  z.strictObject({ scope: z.literal('company') }),
  z.strictObject({ scope: z.literal('department'), departmentId: idOf('dep') }),
]);

export const blackoutSchema = z.strictObject({
  id: idOf('blk'),
  name: z.string(),
  startDate: isoDate,
  endDate: isoDate,
  appliesTo,
  leaveTypeIds: z.array(idOf('ltp')).nullable().describe('The leave types it closes; null: every tracked type'),
  createdBy: z.string(),
  createdAt: instant,
}).meta({ id: 'Blackout' });

const view = (b: BlackoutRow) => ({ id: b.id, name: b.name, startDate: b.startDate, endDate: b.endDate, appliesTo: b.appliesTo, leaveTypeIds: b.leaveTypeIds, createdBy: b.createdBy, createdAt: b.createdAt });

export const createBlackout = tenantMessage.command({
  type: 'timeoffBlackouts.create',
  access: peopleManagers,
  input: z.strictObject({
    name: text(120),
    startDate: isoDate,
    endDate: isoDate,
    appliesTo: appliesTo.default({ scope: 'company' }),
    leaveTypeIds: z.array(idOf('ltp')).min(1).max(50).optional(),
  }),
  output: blackoutSchema,
  route: { method: 'POST', path: '/v1/timeoff-blackouts', status: 201, summary: 'Close dates to leave requests, for the company or a department and its sub-departments' },
  handler: async (input, ctx) => {
    if (input.endDate < input.startDate) throw unprocessable('invalid_range', 'The end date is before the start date.', 'endDate');
    if (Date.parse(input.endDate) - Date.parse(input.startDate) > 365 * 86_400_000) throw unprocessable('range_too_long', 'A blackout spans at most a year.', 'endDate');
    if (input.appliesTo.scope === 'department' && !ctx.state.organisation.departments.has(input.appliesTo.departmentId)) {
      throw unprocessable('unknown_department', 'The department does not exist.', 'appliesTo.departmentId');
    }
    const typeIds = input.leaveTypeIds ? [...new Set(input.leaveTypeIds)] : null;
    if (typeIds) {
      const known = new Set((await ctx.db.select({ id: leaveTypes.id }).from(leaveTypes).where(inArray(leaveTypes.id, typeIds))).map((t) => t.id));
      const i = typeIds.findIndex((id) => !known.has(id));
      if (i >= 0) throw unprocessable('unknown_leave_type', 'The leave type does not exist.', `leaveTypeIds.${i}`);
    }
    const row: BlackoutRow = {
      id: ctx.ids.next('blk'),
      name: input.name,
      startDate: input.startDate,
      endDate: input.endDate,
      appliesTo: input.appliesTo,
      leaveTypeIds: typeIds,
      createdBy: principalId(ctx.principal),
      createdAt: ctx.now.toISOString(),
    };
    await ctx.db.insert(blackouts).values(row);
    ctx.audit({ entity: 'timeoff_blackout', id: row.id, after: view(row) });
    return view(row);
  },
});

/** Everyone reads them: employees plan their leave around them. */
export const listBlackouts = tenantMessage.query({
  type: 'timeoffBlackouts.list',
  access: everyone,
  input: z.strictObject({}),
  output: listOf(blackoutSchema),
  route: { method: 'GET', path: '/v1/timeoff-blackouts', summary: 'Blackout periods, by start date' },
  handler: async (_input, { db }) => ({ items: (await db.select().from(blackouts).orderBy(asc(blackouts.startDate))).map(view) }),
});

/** Lifting a blackout does not touch requests refused while it stood: they are asked again. */
export const removeBlackout = tenantMessage.command({
  type: 'timeoffBlackouts.remove',
  access: peopleManagers,
  input: z.strictObject({ id: idOf('blk') }),
  route: { method: 'DELETE', path: '/v1/timeoff-blackouts/:id', summary: 'Lift a blackout period', empty: true },
  handler: async ({ id }, ctx) => {
    const [row] = await ctx.db.select().from(blackouts).where(eq(blackouts.id, id));
    if (!row) throw notFound('The blackout');
    await ctx.db.delete(blackouts).where(eq(blackouts.id, id));
    ctx.audit({ entity: 'timeoff_blackout', id, before: view(row) });
    return undefined;
  },
});
