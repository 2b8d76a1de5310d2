import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { insertRow } from '../core/prepared';
import { notFound, unprocessable } from '../core/errors';
import { everyone, peopleManagers } from '../core/principal';
import { instant } from '../core/reply';
import { idOf, isoDate, text } from '../core/text';
import { actorOf } from '../people/audience';
import { employeeAsOf, loadHistory } from '../people/history';
import { tiersOf, userOfEmployee, viewerOf } from '../people/visibility';
import { tenantMessage, type TenantState } from '../tenant/context';
import { tenantDayStart, tenantToday } from '../tenant/today';
import { compensationReasons, compensationRecords, compensationSettings, payFrequencies, type CompensationRow } from './compensation.sql.ts';
import { compensationEffective, compensationRecorded } from './events';
import { chronological, decimalPattern, fromUnits, inForce, isCurrency, standingOf, toUnits } from './rules';

const recordView = (r: CompensationRow, standing?: string) => ({
  id: r.id,
  employeeId: r.employeeId,
  effectiveDate: r.effectiveDate,
  amount: r.amount,
  currency: r.currency,
  frequency: r.frequency,
  payGrade: r.payGrade,
  costCentre: r.costCentre,
  fte: r.fte,
  reason: r.reason,
  note: r.note,
  recordedAt: r.recordedAt,
  recordedBy: r.recordedBy,
  ...(standing ? { standing } : {}),
});

const recordSchema = z.strictObject({
  id: idOf('cmp'),
  employeeId: idOf('emp'),
  effectiveDate: isoDate,
  amount: z.string().describe('Decimal string, up to 4 places'),
  currency: z.string().describe('ISO 4217'),
  frequency: z.enum(payFrequencies),
  payGrade: z.string().nullable(),
  costCentre: z.string().nullable(),
  fte: z.string().describe('Full-time equivalent, a decimal in (0, 1]'),
  reason: z.enum(compensationReasons),
  note: z.string().nullable(),
  recordedAt: instant,
  recordedBy: z.string(),
  standing: z.enum(['in_force', 'superseded', 'scheduled']).optional(),
}).meta({ id: 'Compensation' });

/** A pay record an employee may be told of: one not before their hire. */
const amount = z
  .string()
  .regex(decimalPattern, 'Must be a decimal amount such as 5250.00 (up to 4 places).')
  .refine((s) => /[1-9]/.test(s), 'Must be more than zero.')
  // For the API document: the two rules as one pattern (a decimal, and not zero).
  .meta({ pattern: '^(?:[1-9]\\d{0,11}(?:\\.\\d{1,4})?|0\\.(?=\\d*[1-9])\\d{1,4})$', examples: ['5250.00'] });
const fte = z
  .string()
  .regex(/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, 'Must be a decimal between 0 and 1, such as 0.5.')
  .refine((s) => /[1-9]/.test(s), 'Must be more than zero.')
  .meta({ pattern: '^(?:0\\.(?=\\d*[1-9])\\d{1,4}|1(?:\\.0{1,4})?)$', examples: ['1'] });

/**
 * Whether the reader may see this employee's pay. Not seeing it looks the same as there being
 * none to see (a 404 about the pay, with the same text whether records exist or not).
 */
function assertSeesPay(state: TenantState, principal: Parameters<typeof viewerOf>[1], id: string) {
  const employee = state.people.employees.get(id);
  const tiers = employee ? tiersOf(viewerOf(state, principal), employee) : undefined;
  if (!employee || !tiers || tiers.size === 0) throw notFound('The employee');
  if (!tiers.has('compensation')) throw notFound('The compensation');
  return employee;
}

export const recordCompensation = tenantMessage.command({
  type: 'compensation.record',
  access: peopleManagers,
  input: z.strictObject({
    id: idOf('emp'),
    effectiveDate: isoDate,
    amount,
    currency: z
      .string()
      .refine(isCurrency, 'Must be an ISO 4217 currency code such as EUR.')
      .meta({ enum: Intl.supportedValuesOf('currency'), description: 'An ISO 4217 currency code', examples: ['EUR'] }),
    frequency: z.enum(payFrequencies),
    payGrade: text(40).nullable().optional(),
    costCentre: text(40).nullable().optional(),
    fte: fte.default('1'),
    reason: z.enum(compensationReasons),
    note: text(500).nullable().optional(),
  }),
  output: recordSchema,
  route: { method: 'POST', path: '/v1/employees/:id/compensation', status: 201, summary: 'Record pay, effective on a date (a future date takes effect on its day)' },
  handler: async ({ id, ...input }, ctx) => {
    const employee = ctx.state.people.employees.get(id);
    if (!employee) throw notFound('The employee');
    if (input.effectiveDate < employee.hireDate) throw unprocessable('before_hire', `Pay cannot take effect before the hire date (${employee.hireDate}).`, 'effectiveDate');
    const row: CompensationRow = {
      id: ctx.ids.next('cmp'),
      employeeId: id,
      effectiveDate: input.effectiveDate,
      amount: input.amount,
      currency: input.currency,
      frequency: input.frequency,
      payGrade: input.payGrade ?? null,
      costCentre: input.costCentre ?? null,
      fte: input.fte,
      reason: input.reason,
      note: input.note ?? null,
      recordedAt: ctx.now.toISOString(),
      recordedBy: actorOf(ctx),
    };
    await insertCompensation(ctx, row);
    return recordView(row);
  },
});

/** Stores a record, schedules its day when it lies ahead, and tells HR and the employee; shared with the CSV import. */
export async function insertCompensation(ctx: Parameters<typeof recordCompensation.handler>[1], row: CompensationRow) {
  const { compensation } = ctx.state;
  await insertRow(ctx.db, compensationRecords, row);
  ctx.set(compensation.records, row.employeeId, [...(compensation.records.get(row.employeeId) ?? []), row]);
  const scheduled = row.effectiveDate > tenantToday(ctx.state, ctx.now);
  if (scheduled) {
    await ctx.schedule({ key: `compensation:${row.id}`, at: tenantDayStart(ctx.state, row.effectiveDate), type: 'compensation.takeEffect', payload: { compensationId: row.id, employeeId: row.employeeId } });
  }
  ctx.audit({ entity: 'compensation', id: row.id, after: recordView(row) });
  ctx.emit(compensationRecorded.create(row.employeeId, { employeeId: row.employeeId, compensationId: row.id, effectiveDate: row.effectiveDate, scheduled }, payAudience(ctx.state, row.employeeId)));
}

/** The employee and their user account; HR hears every event anyway. */
const payAudience = (state: TenantState, employeeId: string) => [employeeId, ...[userOfEmployee(state, employeeId)].filter((u): u is string => !!u)];

/** The timer's message: a future-dated record's day has come. Reads compute pay by date, so this only announces it. */
export const compensationTakesEffect = tenantMessage.command({
  type: 'compensation.takeEffect',
  access: 'system',
  input: z.strictObject({ compensationId: idOf('cmp'), employeeId: idOf('emp') }),
  handler: ({ compensationId, employeeId }, ctx) => {
    const row = ctx.state.compensation.records.get(employeeId)?.find((r) => r.id === compensationId);
    if (!row) return undefined;
    if (inForce(ctx.state.compensation.records.get(employeeId), tenantToday(ctx.state, ctx.now))?.id !== row.id) return undefined;
    ctx.emit(compensationEffective.create(employeeId, { employeeId, compensationId, effectiveDate: row.effectiveDate }, payAudience(ctx.state, employeeId)));
    return undefined;
  },
});

export const getCompensation = tenantMessage.query({
  type: 'compensation.get',
  access: everyone,
  input: z.strictObject({ id: idOf('emp'), asOf: isoDate.optional() }),
  output: z.strictObject({ employeeId: idOf('emp'), asOf: isoDate, current: recordSchema.nullable(), history: z.array(recordSchema) }),
  route: { method: 'GET', path: '/v1/employees/:id/compensation', summary: 'Pay in force as of a date (today by default) and its whole history' },
  handler: ({ id, asOf }, { state, principal, now }) => {
    assertSeesPay(state, principal, id);
    const day = asOf ?? tenantToday(state, now);
    const records = [...(state.compensation.records.get(id) ?? [])].sort(chronological);
    const standing = standingOf(records, day);
    const current = inForce(records, day);
    return { employeeId: id, asOf: day, current: current ? recordView(current, 'in_force') : null, history: records.map((r) => recordView(r, standing.get(r.id))) };
  },
});

const settingsSchema = z.strictObject({ managersSeePay: z.boolean().describe('Managers read the pay of the staff below them') }).meta({ id: 'CompensationSettings' });

export const getCompensationSettings = tenantMessage.query({
  type: 'compensation.settings',
  access: everyone,
  input: z.strictObject({}),
  output: settingsSchema,
  route: { method: 'GET', path: '/v1/compensation/settings', summary: 'Who besides HR and the employee reads pay' },
  handler: (_input, { state }) => ({ ...state.compensation.settings }),
});

export const updateCompensationSettings = tenantMessage.command({
  type: 'compensation.updateSettings',
  access: peopleManagers,
  input: settingsSchema,
  output: settingsSchema,
  route: { method: 'PUT', path: '/v1/compensation/settings', summary: 'Let managers read their reports’ pay, or not' },
  handler: async ({ managersSeePay }, ctx) => {
    const before = { ...ctx.state.compensation.settings };
    const updatedAt = ctx.now.toISOString();
    await ctx.db.insert(compensationSettings).values({ id: 'settings', managersSeePay, updatedAt }).onConflictDoUpdate({ target: compensationSettings.id, set: { managersSeePay, updatedAt } });
    const settings = ctx.state.compensation.settings;
    settings.managersSeePay = managersSeePay;
    ctx.onUndo(() => (settings.managersSeePay = before.managersSeePay));
    ctx.audit({ entity: 'compensation_settings', id: 'settings', before, after: { managersSeePay } });
    return { managersSeePay };
  },
});

/** The staff employed on a day, folded as of that day (department, location as they were). */
async function staffOn(state: TenantState, db: Parameters<typeof getCompensation.handler>[1]['db'], day: string) {
  const history = await loadHistory(db);
  const byEmployee = new Map<string, typeof history>();
  for (const h of history) {
    const list = byEmployee.get(h.employeeId);
    if (list) list.push(h);
    else byEmployee.set(h.employeeId, [h]);
  }
  const out = [];
  for (const e of state.people.employees.values()) {
    const then = employeeAsOf(e, byEmployee.get(e.id) ?? [], day);
    if (then && then.status !== 'terminated') out.push(then);
  }
  return out;
}

const costItem = z.strictObject({
  id: z.string().nullable(),
  name: z.string().nullable(),
  currency: z.string(),
  frequency: z.enum(payFrequencies),
  total: z.string().describe('Exact decimal sum of the amounts in force'),
  employees: z.number().int(),
});

/**
 * Payroll cost by department or location on a day, per currency and frequency: amounts in
 * different currencies are never added (no exchange rate is made up), nor are hourly rates
 * added to salaries. Staff without a pay record are counted apart.
 */
export const payrollCostReport = tenantMessage.query({
  type: 'reports.payrollCost',
  access: peopleManagers,
  input: z.strictObject({ asOf: isoDate.optional(), by: z.enum(['department', 'location']).default('department') }),
  output: z.strictObject({ asOf: isoDate, by: z.enum(['department', 'location']), items: z.array(costItem), withoutPay: z.number().int() }),
  route: { method: 'GET', path: '/v1/reports/payroll-cost', summary: 'Payroll cost by department or location as of a date, in each currency' },
  handler: async ({ asOf, by }, { state, db, now }) => {
    const day = asOf ?? tenantToday(state, now);
    const groups = new Map<string, { id: string | null; currency: string; frequency: CompensationRow['frequency']; units: bigint; employees: number }>();
    let withoutPay = 0;
    for (const e of await staffOn(state, db, day)) {
      const pay = inForce(state.compensation.records.get(e.id), day);
      if (!pay) {
        withoutPay++;
        continue;
      }
      const id = by === 'department' ? e.departmentId : e.locationId;
      const key = `${id}|${pay.currency}|${pay.frequency}`;
      const g = groups.get(key) ?? { id, currency: pay.currency, frequency: pay.frequency, units: 0n, employees: 0 };
      g.units += toUnits(pay.amount);
      g.employees++;
      groups.set(key, g);
    }
    const nameOf = (id: string | null) => (id === null ? null : ((by === 'department' ? state.organisation.departments.get(id)?.name : state.organisation.locations.get(id)?.name) ?? null));
    const items = [...groups.values()]
      .map((g) => ({ id: g.id, name: nameOf(g.id), currency: g.currency, frequency: g.frequency, total: fromUnits(g.units), employees: g.employees }))
      .sort((a, b) => (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff') || a.currency.localeCompare(b.currency) || a.frequency.localeCompare(b.frequency));
    return { asOf: day, by, items, withoutPay };
  },
});

export const payGradeReport = tenantMessage.query({
  type: 'reports.payGrades',
  access: peopleManagers,
  input: z.strictObject({ asOf: isoDate.optional() }),
  output: z.strictObject({ asOf: isoDate, items: z.array(z.strictObject({ payGrade: z.string().nullable(), count: z.number().int() })), total: z.number().int() }),
  route: { method: 'GET', path: '/v1/reports/pay-grades', summary: 'Headcount by pay grade as of a date (null: no grade or no pay record)' },
  handler: async ({ asOf }, { state, db, now }) => {
    const day = asOf ?? tenantToday(state, now);
    const counts = new Map<string | null, number>();
    const staff = await staffOn(state, db, day);
    for (const e of staff) {
      const grade = inForce(state.compensation.records.get(e.id), day)?.payGrade ?? null;
      counts.set(grade, (counts.get(grade) ?? 0) + 1);
    }
    const items = [...counts].map(([payGrade, count]) => ({ payGrade, count })).sort((a, b) => (a.payGrade ?? '\uffff').localeCompare(b.payGrade ?? '\uffff'));
    return { asOf: day, items, total: staff.length };
  },
});

export const compensationMessages = [
  recordCompensation,
  compensationTakesEffect,
  getCompensation,
  getCompensationSettings,
  updateCompensationSettings,
  payrollCostReport,
  payGradeReport,
] as const;

