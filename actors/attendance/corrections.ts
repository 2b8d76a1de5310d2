import { and, asc, desc, eq, gt, inArray, lt, ne } from 'drizzle-orm';
import { z } from 'zod';
import { AppError, conflict, forbidden, notFound, unprocessable } from '../core/errors';
import type { CommandCtx } from '../core/message';
import { peopleManagers } from '../core/principal';
import { idOf, isoDate, text } from '../core/text';
import { localDate } from '../organisation/calendar';
import { actorOf, audienceOf } from '../people/employees';
import { ownEmployeeId } from '../people/visibility';
import { tenantMessage, type TenantServices, type TenantState } from '../tenant/context';
import { corrections, punches, type CorrectionRow, type PunchRow, type PunchSummary } from './attendance.sql.ts';
import { zoneOf } from './employee';
import { dayCorrected } from './events';
import { punchView } from './punch-view';
import { clockSkewMs } from './punch-time';
import { sequenceError } from './shifts';
import { punchOutsideEmployment } from './employment';
import { correctionSchema } from './replies';

type Ctx = CommandCtx<TenantState, TenantServices>;

const instant = z.iso.datetime({ offset: true, message: 'Must be an ISO 8601 instant with a zone.' });
const kind = z.enum(['in', 'out']);

/**
 * One correction does one of three things to a day: replace all its punches (`punches`),
 * move or flip one punch (`punchId` with `at` and/or `kind`), or remove one (`punchId`
 * with `delete: true`). Mixing them is refused, so what HR meant is never guessed.
 */
const input = z
  .strictObject({
    employeeId: idOf('emp'),
    workDate: isoDate,
    reason: text(500),
    punches: z.array(z.strictObject({ kind, at: instant })).max(20, 'At most 20 punches a day.').optional(),
    punchId: idOf('pun').optional(),
    at: instant.optional(),
    kind: kind.optional(),
    delete: z.literal(true).optional(),
  })
  .meta({
    examples: [
      {
        employeeId: 'emp_01jd8x3f6k2m9q4r7t5v0w1y2z',
        workDate: '2026-01-15',
        reason: 'Forgot to clock out',
        punches: [
          { kind: 'in', at: '2026-01-15T08:02:00.000Z' },
          { kind: 'out', at: '2026-01-15T16:31:00.000Z' },
        ],
      },
    ],
  });

type Input = z.output<typeof input>;

/**
 * Which of the three a correction is, from the fields it gives. A mix is 422
 * `conflicting_fields` naming each field at fault: a rule between fields, which the API
 * document cannot state, so never a 400 for a body the document calls valid.
 */
function checkShape(v: Input): void {
  const errors: { field: string; message: string }[] = [];
  const issue = (field: string, message: string) => errors.push({ field, message });
  if (v.punches) {
    for (const f of ['punchId', 'at', 'kind', 'delete'] as const) if (v[f] !== undefined) issue(f, 'Give either punches (the whole day) or one punchId to change, not both.');
  } else if (!v.punchId) issue('punchId', 'Give the punches of the day, or the id of a punch to change or delete.');
  else if (v.delete && (v.at || v.kind)) issue('delete', 'A deleted punch takes no new time or kind.');
  else if (!v.delete && !v.at && !v.kind) issue('at', 'Give the new time or kind of the punch, or delete: true.');
  if (errors.length) throw new AppError(422, 'conflicting_fields', 'Give the punches of the day, or one punch to move, flip or delete.', errors);
}
type Planned = { kind: 'in' | 'out'; at: string };

export const correctDay = tenantMessage.command({
  type: 'attendance.corrections.create',
  access: peopleManagers,
  input,
  output: correctionSchema,
  route: { method: 'POST', path: '/v1/attendance/corrections', status: 201, summary: "Correct an employee's punches for a day, with a reason (originals are kept, superseded)" },
  handler: async (v, ctx) => {
    checkShape(v);
    const employee = ctx.state.people.employees.get(v.employeeId);
    if (!employee) throw notFound('The employee');
    if (ownEmployeeId(ctx.state, ctx.principal) === employee.id) {
      throw forbidden('Nobody corrects their own attendance.');
    }
    const current = await ctx.db
      .select()
      .from(punches)
      .where(and(eq(punches.employeeId, v.employeeId), eq(punches.workDate, v.workDate), eq(punches.status, 'active')))
      .orderBy(asc(punches.at));
    const zone = current[0]?.timeZone ?? zoneOf(ctx.state, employee);
    const { replaced, added } = await plan(ctx, v, current);
    checkInstants(ctx, v, added, zone);
    // HR may remove punches from any day, but adds them only inside the employment.
    const outside = added.length > 0 ? punchOutsideEmployment(employee, v.workDate) : null;
    if (outside) throw unprocessable(outside.code, outside.message, 'workDate');
    const kept = current.filter((p) => !replaced.some((r) => r.id === p.id));
    const block = [...kept, ...added.map((p, i) => ({ id: `new${i}`, ...p, workDate: v.workDate }))];
    await checkNeighbours(ctx, v, block);

    const at = ctx.now.toISOString();
    const summary = (p: { id: string; kind: 'in' | 'out'; at: string }): PunchSummary => ({ id: p.id, kind: p.kind, at: p.at });
    const id = ctx.ids.next('cor');
    const rows: PunchRow[] = added.map((p) => ({
      id: ctx.ids.next('pun'),
      employeeId: v.employeeId,
      kind: p.kind,
      at: p.at,
      timeZone: zone,
      workDate: v.workDate,
      source: 'correction',
      clientEventId: null,
      status: 'active',
      correctionId: id,
      supersededBy: null,
      recordedBy: actorOf(ctx),
      clientAt: null,
      createdAt: at,
    }));
    const after = [...kept, ...rows].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const correction: CorrectionRow = {
      id,
      employeeId: v.employeeId,
      workDate: v.workDate,
      reason: v.reason,
      before: current.map(summary),
      after: after.map(summary),
      correctedBy: actorOf(ctx),
      createdAt: at,
    };
    await ctx.db.insert(corrections).values(correction);
    if (replaced.length > 0) {
      await ctx.db.update(punches).set({ status: 'superseded', supersededBy: id }).where(inArray(punches.id, replaced.map((p) => p.id)));
    }
    // One statement per punch: a day's worth would bind more values than Durable Object SQLite allows (100).
    for (const row of rows) await ctx.db.insert(punches).values(row);
    ctx.audit({ entity: 'employee', id: v.employeeId, before: { workDate: v.workDate, punches: correction.before }, after: { workDate: v.workDate, punches: correction.after, reason: v.reason, correctionId: id } });
    ctx.emit(dayCorrected.create(v.employeeId, { correctionId: id, employeeId: v.employeeId, workDate: v.workDate, reason: v.reason }, audienceOf(ctx.state, employee)));
    return { correction, punches: after.map(punchView) };
  },
});

/** Which active punches the correction supersedes, and which new ones it writes. */
async function plan(ctx: Ctx, v: Input, current: PunchRow[]): Promise<{ replaced: PunchRow[]; added: Planned[] }> {
  if (v.punches) return { replaced: current, added: v.punches.map((p) => ({ kind: p.kind, at: new Date(p.at).toISOString() })) };
  const target = current.find((p) => p.id === v.punchId);
  if (!target) {
    const [other] = await ctx.db.select().from(punches).where(and(eq(punches.id, v.punchId!), eq(punches.employeeId, v.employeeId)));
    if (other?.status === 'superseded') throw conflict('punch_superseded', 'This punch was already corrected; correct its replacement.', 'punchId');
    if (other) throw unprocessable('punch_not_on_work_date', `The punch belongs to ${other.workDate}, not ${v.workDate}.`, 'workDate');
    throw notFound('The punch');
  }
  if (v.delete) return { replaced: [target], added: [] };
  return { replaced: [target], added: [{ kind: v.kind ?? target.kind, at: v.at ? new Date(v.at).toISOString() : target.at }] };
}

/** New punches are not in the future, and every clock-in falls on the work date in the employee's zone. */
function checkInstants(ctx: Ctx, v: Input, added: Planned[], zone: string) {
  added.forEach((p, i) => {
    const field = v.punches ? `punches.${i}.at` : 'at';
    if (Date.parse(p.at) > ctx.now.getTime() + clockSkewMs) throw unprocessable('punch_in_future', 'A punch cannot be in the future.', field);
    if (p.kind === 'in' && localDate(new Date(p.at), zone) !== v.workDate) {
      throw unprocessable('punch_outside_work_date', `A clock-in for ${v.workDate} must fall on that date in ${zone}.`, field);
    }
  });
}

/** The corrected day must still alternate in/out and sit between the neighbouring days' shifts. */
async function checkNeighbours(ctx: Ctx, v: Input, block: { id: string; kind: 'in' | 'out'; at: string; workDate: string }[]) {
  const sorted = [...block].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const others = and(eq(punches.employeeId, v.employeeId), eq(punches.status, 'active'), ne(punches.workDate, v.workDate));
  const first = sorted[0];
  const [before] = first ? await ctx.db.select().from(punches).where(and(others, lt(punches.at, first.at))).orderBy(desc(punches.at)).limit(1) : [];
  const [after] = first ? await ctx.db.select().from(punches).where(and(others, gt(punches.at, first.at))).orderBy(asc(punches.at)).limit(1) : [];
  const error = sequenceError(sorted, before, after);
  if (error === 'invalid_punch_sequence') throw unprocessable(error, 'The day’s punches must alternate in, out, in, … starting with a clock-in, at distinct times.', v.punches ? 'punches' : 'punchId');
  if (error) throw conflict(error, 'The corrected day would overlap a shift of another day.', v.punches ? 'punches' : 'at');
}
