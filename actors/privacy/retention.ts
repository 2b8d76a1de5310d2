import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { timers } from '../core/core.sql.ts';
import type { PublishedEvent } from '../core/event';
import type { CommandCtx } from '../core/message';
import { admins, peopleManagers } from '../core/principal';
import { addDays, zonedInstant } from '../organisation/calendar';
import { tenantMessage, type TenantServices, type TenantState } from '../tenant/context';
import { companyZone, tenantToday } from '../tenant/today';
import { defaultRetentionMonths, erasableCategories, type ErasableCategory } from './categories';
import { begin } from './erasure';
import { erasures, retentionSettings } from './privacy.sql.ts';

/**
 * Retention: the company keeps each category of a former employee's data so many months
 * after their last day (defaults in categories.ts), then a daily run, at 02:00 in the
 * company's time zone, erases what has fallen due, as HR's erasure does, with
 * `retention` as its trigger. The run is armed when someone's termination takes effect and
 * when the settings change, and then re-arms itself each day.
 */
type Ctx = CommandCtx<TenantState, TenantServices>;
type Months = Record<ErasableCategory, number | null>;

export const retentionTimerKey = 'privacy:retention';
const runHour = '02:00';

/** The day a category falls due: `months` after the last day (the same day of the month, or the month's last day). */
export function dueOn(lastDay: string, months: number): string {
  const [y, m, d] = lastDay.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastOfMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastOfMonth)).padStart(2, '0')}`;
}

/** The categories of a leaver due today that no erasure has taken yet. */
export function dueCategories(lastDay: string, today: string, months: Months, erased: ReadonlySet<string>): ErasableCategory[] {
  return erasableCategories.filter((c) => months[c] !== null && !erased.has(c) && dueOn(lastDay, months[c]!) <= today);
}

const monthsSchema = z.strictObject(Object.fromEntries(erasableCategories.map((c) => [c, z.number().int().min(0).max(1200).nullable()])) as Record<ErasableCategory, z.ZodNullable<z.ZodNumber>>);

async function monthsOf(ctx: { db: Ctx['db'] }): Promise<Months> {
  const [row] = await ctx.db.select().from(retentionSettings);
  return { ...defaultRetentionMonths, ...(row?.months ?? {}) } as Months;
}

const settingsSchema = z.strictObject({ months: monthsSchema.describe('Months after the last day, per category; null: kept until HR erases'), defaults: monthsSchema });

export const getRetention = tenantMessage.query({
  type: 'privacy.getRetention',
  access: peopleManagers,
  input: z.strictObject({}),
  output: settingsSchema,
  route: { method: 'GET', path: '/v1/settings/retention', summary: 'How long each category of a former employee’s data is kept after their last day' },
  handler: async (_input, ctx) => ({ months: await monthsOf(ctx), defaults: defaultRetentionMonths }),
});

export const setRetention = tenantMessage.command({
  type: 'privacy.setRetention',
  access: admins,
  input: z.strictObject({ months: monthsSchema.partial() }),
  output: settingsSchema,
  route: { method: 'PUT', path: '/v1/settings/retention', summary: 'Set the retention per category (months after the last day; null: until erased on request)' },
  handler: async ({ months }, ctx) => {
    const next = { ...(await monthsOf(ctx)), ...months };
    const row = { id: 1, months: next, updatedAt: ctx.now.toISOString() };
    await ctx.db.insert(retentionSettings).values(row).onConflictDoUpdate({ target: retentionSettings.id, set: row });
    ctx.audit({ entity: 'retention', id: 'settings', after: next });
    await armRetention(ctx);
    return { months: next, defaults: defaultRetentionMonths };
  },
});

/** The next run: today at 02:00 in the company's zone if that is still ahead, else tomorrow's. */
export async function armRetention(ctx: Ctx) {
  const zone = companyZone(ctx.state);
  const today = tenantToday(ctx.state, ctx.now);
  const todayAt = zonedInstant(today, runHour, zone);
  const at = todayAt > ctx.now ? todayAt : zonedInstant(addDays(today, 1), runHour, zone);
  await ctx.schedule({ key: retentionTimerKey, at, type: 'privacy.retentionRun', payload: {} });
}

/** When a termination takes effect, the daily run is armed if it is not yet (one read, only then). */
export async function reactRetention(events: readonly PublishedEvent[], ctx: Ctx) {
  const left = events.some((e) => e.type === 'employee.updated' && (e.data as { employee?: { status?: string } }).employee?.status === 'terminated');
  if (!left) return;
  const [armed] = await ctx.db.select({ key: timers.key }).from(timers).where(eq(timers.key, retentionTimerKey));
  if (!armed) await armRetention(ctx);
}

export const runRetention = tenantMessage.command({
  type: 'privacy.retentionRun',
  access: 'system',
  input: z.strictObject({}),
  handler: async (_input, ctx) => {
    const months = await monthsOf(ctx);
    const today = tenantToday(ctx.state, ctx.now);
    const taken = new Map<string, Set<string>>();
    const running = new Set<string>();
    for (const r of await ctx.db.select({ employeeId: erasures.employeeId, categories: erasures.categories, status: erasures.status }).from(erasures)) {
      if (r.status === 'running') running.add(r.employeeId);
      const set = taken.get(r.employeeId) ?? new Set();
      for (const c of r.categories) set.add(c);
      taken.set(r.employeeId, set);
    }
    let started = 0;
    for (const e of ctx.state.people.employees.values()) {
      if (e.status !== 'terminated' || !e.terminationDate || running.has(e.id)) continue;
      const due = dueCategories(e.terminationDate, today, months, taken.get(e.id) ?? new Set());
      if (due.length === 0) continue;
      await begin(ctx, e.id, 'retention', due, `Retention: ${due.map((c) => `${c} ${months[c]} months`).join(', ')} after ${e.terminationDate}`);
      started++;
    }
    await armRetention(ctx);
    return { started };
  },
});
