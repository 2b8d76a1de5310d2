import { and, eq, inArray } from 'drizzle-orm';
import { upsertRow } from '../core/prepared';
import { z } from 'zod';
import { AppError, invalid, notFound, type FieldError } from '../core/errors';
import type { CommandCtx } from '../core/message';
import { everyone } from '../core/principal';
import { idOf } from '../core/text';
import { audienceOf } from '../people/audience';
import { employeeUpdated } from '../people/events';
import type { EmployeeRow } from '../people/people.sql.ts';
import { employmentView } from '../people/view';
import { allTiers, tiersAt, tiersOf, viewerOf, type Viewer } from '../people/visibility';
import { tenantMessage, type TenantServices, type TenantState } from '../tenant/context';
import { customFieldValues, type CustomValue } from './custom-fields.sql.ts';
import { checkValue } from './rules';
import { customView, type CustomView } from './view';

export { customView };

type Ctx = CommandCtx<TenantState, TenantServices>;
/**
 * Checks and stores custom values on one employee, all or nothing: every key that is unknown
 * or hidden from the writer, every value the definition refuses, and every field the writer
 * may not write is named (as `custom.<key>`) in one problem, and nothing is written. A field
 * the writer may not read is reported as unknown, so the reply does not reveal it exists.
 */
export async function writeCustomValues(ctx: Ctx, employee: EmployeeRow, input: Record<string, unknown>, viewer: Viewer, o: { quiet?: boolean } = {}): Promise<string[]> {
  const cf = ctx.state.customFields;
  const readable = tiersOf(viewer, employee);
  const errors: FieldError[] = [];
  const writes: { fieldId: string; key: string; value: CustomValue | null }[] = [];
  for (const [key, raw] of Object.entries(input)) {
    const field = cf.fields.get(cf.idsByKey.get(key) ?? '');
    if (!field || !readable.has(field.tier)) {
      errors.push({ field: `custom.${key}`, message: 'No such custom field.' });
      continue;
    }
    if (!viewer.all && !(field.writer === 'employee' && viewer.self === employee.id)) {
      errors.push({ field: `custom.${key}`, message: 'Only HR may change this field.' });
      continue;
    }
    const checked = checkValue(field, raw, (id) => ctx.state.people.employees.has(id));
    if (!checked.ok) errors.push({ field: `custom.${key}`, message: checked.message });
    else writes.push({ fieldId: field.id, key, value: checked.value });
  }
  if (errors.length > 0) {
    const onlyRights = errors.every((e) => e.message === 'Only HR may change this field.');
    if (onlyRights) throw new AppError(403, 'forbidden', 'Only HR may change these fields.', errors);
    throw invalid('Some custom values do not fit their fields.', errors);
  }
  const before = cf.values.get(employee.id) ?? new Map<string, CustomValue>();
  const after = new Map(before);
  const changed: string[] = [];
  const at = ctx.now.toISOString();
  // A write that leaves what the employee shows unchanged (the default, written back by an
  // exported file) stores nothing: the value keeps following the field's default.
  const shown = (fieldId: string, v: CustomValue | null | undefined) => JSON.stringify(v ?? cf.fields.get(fieldId)!.defaultValue ?? null);
  const cleared: string[] = [];
  const stored: (typeof customFieldValues.$inferSelect)[] = [];
  for (const w of writes) {
    if (shown(w.fieldId, before.get(w.fieldId)) === shown(w.fieldId, w.value)) continue;
    changed.push(w.key);
    if (w.value === null) {
      after.delete(w.fieldId);
      cleared.push(w.fieldId);
    } else {
      after.set(w.fieldId, w.value);
      stored.push({ employeeId: employee.id, fieldId: w.fieldId, value: w.value, updatedAt: at });
    }
  }
  if (changed.length === 0) return changed;
  // One statement for the cleared values.
  if (cleared.length > 0) await ctx.db.delete(customFieldValues).where(and(eq(customFieldValues.employeeId, employee.id), inArray(customFieldValues.fieldId, cleared)));
  // One prepared statement per value: cheaper than building one statement of 20 rows.
  for (const row of stored) await upsertRow(ctx.db, customFieldValues, ['employeeId', 'fieldId'], row);
  if (o.quiet) {
    ctx.set(cf.values, employee.id, after);
    return changed;
  }
  const beforeView = pickKeys(customView(ctx.state, employee.id, allTiers), changed);
  ctx.set(cf.values, employee.id, after);
  ctx.audit({ entity: 'employee_custom_fields', id: employee.id, before: beforeView, after: pickKeys(customView(ctx.state, employee.id, allTiers), changed) });
  announce(ctx, employee, changed);
  return changed;
}

const pickKeys = (o: CustomView, keys: string[]) => Object.fromEntries(keys.map((k) => [k, o[k] ?? null]));

/**
 * An event names the changed fields. The employee and their manager hear only of fields of
 * the tiers a manager reads (directory, employment); a change to any other tier is told to
 * HR alone, so that even the name of a personal or pay field never reaches a manager.
 */
function announce(ctx: Ctx, employee: EmployeeRow, changed: string[]) {
  const cf = ctx.state.customFields;
  const shared = tiersAt('employment');
  const tierOf = (key: string) => cf.fields.get(cf.idsByKey.get(key)!)!.tier;
  const open = changed.filter((k) => shared.has(tierOf(k)));
  const closed = changed.filter((k) => !shared.has(tierOf(k)));
  const view = employmentView(ctx.state, employee);
  if (open.length > 0) ctx.emit(employeeUpdated.create(employee.id, { employee: view, changed: open.map((k) => `custom.${k}`) }, audienceOf(ctx.state, employee)));
  if (closed.length > 0) ctx.emit(employeeUpdated.create(employee.id, { employee: view, changed: closed.map((k) => `custom.${k}`) }));
}

export const setCustomValues = tenantMessage.command({
  type: 'customFields.setValues',
  access: everyone,
  input: z.strictObject({ id: idOf('emp'), values: z.record(z.string().max(40), z.unknown()) }),
  output: z.strictObject({ id: idOf('emp'), custom: z.record(z.string(), z.unknown()), changed: z.array(z.string()) }),
  route: { method: 'PATCH', path: '/v1/employees/:id/custom-fields', summary: 'Set custom values on an employee (HR; the employee for fields they may write); null clears' },
  handler: async ({ id, values }, ctx) => {
    const employee = ctx.state.people.employees.get(id);
    const viewer = viewerOf(ctx.state, ctx.principal);
    if (!employee || tiersOf(viewer, employee).size === 0) throw notFound('The employee');
    const changed = await writeCustomValues(ctx, employee, values, viewer);
    return { id, custom: customView(ctx.state, id, tiersOf(viewer, employee)), changed: changed.map((k) => `custom.${k}`) };
  },
});
