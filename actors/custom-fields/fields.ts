import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { AppError, conflict, notFound } from '../core/errors';
import { everyone, peopleManagers } from '../core/principal';
import { instant, listOf } from '../core/reply';
import { idOf, text, visibleTextPattern } from '../core/text';
import { assertIfMatch, versionEtag } from '../core/versioned';
import { viewerOf } from '../people/visibility';
import { tenantMessage, type TenantState } from '../tenant/context';
import { customFields, customFieldTiers, customFieldTypes, customFieldValues, customFieldWriters, type CustomFieldRow, type CustomValue } from './custom-fields.sql.ts';
import { checkValue, fromCell, jsonSchemaOf, toCell } from './rules';

/** The definition as the API shows it, with the JSON Schema of its value. */
export const fieldView = (f: CustomFieldRow) => ({
  id: f.id,
  key: f.key,
  label: f.label,
  type: f.type,
  options: f.options,
  unit: f.unit,
  min: f.min,
  max: f.max,
  required: f.required,
  default: f.defaultValue ?? null,
  tier: f.tier,
  writer: f.writer,
  payroll: f.payroll,
  schema: jsonSchemaOf(f),
  version: f.version,
  createdAt: f.createdAt,
  updatedAt: f.updatedAt,
});

const fieldSchema = z.strictObject({
  id: idOf('cfd'),
  key: z.string(),
  label: z.string(),
  type: z.enum(customFieldTypes),
  options: z.array(z.string()).nullable(),
  unit: z.string().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  required: z.boolean(),
  default: z.unknown().describe('The value an employee without one shows'),
  tier: z.enum(customFieldTiers).describe('The visibility tier that may read the field'),
  writer: z.enum(customFieldWriters).describe('hr: HR only; employee: also the employee on their own record'),
  payroll: z.boolean().describe('Carried in the payroll-period export'),
  schema: z.record(z.string(), z.unknown()).describe('JSON Schema of the value'),
  version: z.number().int().min(1),
  createdAt: instant,
  updatedAt: instant,
}).meta({ id: 'CustomField' });

const option = text(100)
  .refine((s) => !s.includes('|'), 'Must not contain | (it separates options in CSV cells).')
  .meta({ pattern: visibleTextPattern('|'), examples: ['M'] });
const shape = {
  label: text(120),
  type: z.enum(customFieldTypes),
  options: z
    .array(option)
    .min(1)
    .max(200)
    .refine((o) => new Set(o).size === o.length, 'Lists an option twice.')
    .meta({ uniqueItems: true })
    .nullable()
    .meta({ examples: [['S', 'M', 'L', 'XL']] }),
  unit: text(20).nullable(),
  min: z.number().finite().nullable(),
  max: z.number().finite().nullable(),
  required: z.boolean(),
  default: z.unknown(),
  tier: z.enum(customFieldTiers),
  writer: z.enum(customFieldWriters),
  payroll: z.boolean(),
};

const selects = new Set(['single_select', 'multi_select']);

/**
 * A rule between a definition's fields (which the API document cannot state): 422 with one
 * code, not 400, so that a definition the document calls valid is never refused as malformed.
 */
const incoherent = (message: string, errors: { field: string; message: string }[]) => new AppError(422, 'incoherent_definition', message, errors);

/** A definition must be coherent: options only (and always) for selects, bounds only for numbers, a default that fits. */
function assertCoherent(state: TenantState, f: Omit<CustomFieldRow, 'id' | 'key' | 'version' | 'createdAt' | 'updatedAt'>) {
  if (selects.has(f.type) && !f.options?.length) throw incoherent('A select needs options.', [{ field: 'options', message: 'A select needs at least one option.' }]);
  if (!selects.has(f.type) && f.options) throw incoherent('Only selects have options.', [{ field: 'options', message: `A ${f.type} field has no options.` }]);
  if (f.type !== 'number' && (f.min !== null || f.max !== null || f.unit !== null)) {
    throw incoherent('Only numbers have bounds and a unit.', [{ field: f.unit !== null ? 'unit' : f.min !== null ? 'min' : 'max', message: `A ${f.type} field has no bounds or unit.` }]);
  }
  if (f.min !== null && f.max !== null && f.min > f.max) throw incoherent('The bounds are reversed.', [{ field: 'min', message: 'Must not exceed max.' }]);
  if (f.defaultValue !== null && f.defaultValue !== undefined) {
    const checked = checkValue(f, f.defaultValue, (id) => state.people.employees.has(id));
    if (!checked.ok) throw incoherent('The default does not fit the field.', [{ field: 'default', message: checked.message }]);
  }
}

export const createCustomField = tenantMessage.command({
  type: 'customFields.create',
  access: peopleManagers,
  input: z.strictObject({
    key: z
      .string()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, 'Must be lower case letters, digits and _, starting with a letter (at most 40).')
      .meta({ examples: ['tshirt_size'] }),
    ...z.object(shape).partial().required({ label: true, type: true }).shape,
  }),
  output: fieldSchema,
  route: { method: 'POST', path: '/v1/custom-fields', status: 201, summary: 'Define a custom field for every employee of the company', etag: versionEtag },
  handler: async (input, ctx) => {
    const { customFields: cf } = ctx.state;
    if (cf.idsByKey.has(input.key)) throw conflict('key_taken', `A custom field with the key ${input.key} exists.`, 'key');
    const at = ctx.now.toISOString();
    const row: CustomFieldRow = {
      id: ctx.ids.next('cfd'),
      key: input.key,
      label: input.label,
      type: input.type,
      options: input.options ?? null,
      unit: input.unit ?? null,
      min: input.min ?? null,
      max: input.max ?? null,
      required: input.required ?? false,
      defaultValue: input.default ?? null,
      tier: input.tier ?? 'hr',
      writer: input.writer ?? 'hr',
      payroll: input.payroll ?? false,
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    assertCoherent(ctx.state, row);
    await ctx.db.insert(customFields).values(row);
    ctx.set(cf.fields, row.id, row);
    ctx.set(cf.idsByKey, row.key, row.id);
    ctx.audit({ entity: 'custom_field', id: row.id, after: fieldView(row) });
    return fieldView(row);
  },
});

/**
 * HR sees every definition; others those of the tiers they may read of someone (their own
 * record reaches compensation), never the HR-only ones.
 */
export const listCustomFields = tenantMessage.query({
  type: 'customFields.list',
  access: everyone,
  input: z.strictObject({}),
  output: listOf(fieldSchema),
  route: { method: 'GET', path: '/v1/custom-fields', summary: 'The custom fields by key, each with the JSON Schema of its value' },
  handler: (_input, { state, principal }) => {
    const hr = viewerOf(state, principal).all;
    const items = [...state.customFields.fields.values()].filter((f) => hr || f.tier !== 'hr').sort((a, b) => a.key.localeCompare(b.key));
    return { items: items.map(fieldView) };
  },
});

/**
 * A change of type, options or bounds is checked against every stored value first: if any
 * no longer fits, nothing changes and the reply names each employee whose value would not
 * fit, so HR fixes or clears them deliberately; no value is ever dropped silently.
 */
export const updateCustomField = tenantMessage.command({
  type: 'customFields.update',
  access: peopleManagers,
  input: z.strictObject({ id: idOf('cfd'), ...z.object(shape).partial().shape }),
  output: fieldSchema,
  route: { method: 'PATCH', path: '/v1/custom-fields/:id', summary: 'Change a custom field (If-Match); refused while stored values would not fit', etag: versionEtag, ifMatch: true },
  handler: async ({ id, default: defaultValue, ...patch }, ctx) => {
    const { customFields: cf } = ctx.state;
    const current = cf.fields.get(id);
    if (!current) throw notFound('The custom field');
    assertIfMatch(ctx.meta.ifMatch, current);
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const next: CustomFieldRow = { ...current, ...defined, ...(defaultValue !== undefined ? { defaultValue } : {}), version: current.version + 1, updatedAt: ctx.now.toISOString() };
    if (patch.type && !selects.has(patch.type) && patch.options === undefined) next.options = null;
    if (patch.type && patch.type !== 'number') Object.assign(next, patch.unit === undefined ? { unit: null } : {}, patch.min === undefined ? { min: null } : {}, patch.max === undefined ? { max: null } : {});
    assertCoherent(ctx.state, next);
    // A value that fits as it is stays; one that fits once read as text (the text "1234" for
    // a number, "true" for a boolean) is converted; any other is a misfit.
    const misfits: { field: string; message: string }[] = [];
    const converted: [string, CustomValue][] = [];
    const exists = (ref: string) => ctx.state.people.employees.has(ref);
    for (const [employeeId, values] of cf.values) {
      const value = values.get(id);
      if (value === undefined) continue;
      const checked = checkValue({ ...next, required: false }, value, exists);
      if (checked.ok) continue;
      const retried = checkValue({ ...next, required: false }, fromCell(next, toCell(value)), exists);
      if (retried.ok && retried.value !== null) converted.push([employeeId, retried.value]);
      else misfits.push({ field: `values.${employeeId}`, message: `${JSON.stringify(value)}: ${checked.message}` });
    }
    if (misfits.length > 0) {
      throw new AppError(409, 'values_do_not_fit', `${misfits.length} stored value(s) would not fit the changed field; change or clear them first.`, misfits.slice(0, 100));
    }
    const { id: _id, key: _key, createdAt: _c, ...set } = next;
    await ctx.db.update(customFields).set(set).where(eq(customFields.id, id));
    for (const [employeeId, value] of converted) {
      await ctx.db.update(customFieldValues).set({ value, updatedAt: next.updatedAt }).where(and(eq(customFieldValues.employeeId, employeeId), eq(customFieldValues.fieldId, id)));
      ctx.set(cf.values, employeeId, new Map(cf.values.get(employeeId)).set(id, value));
    }
    ctx.set(cf.fields, id, next);
    ctx.audit({ entity: 'custom_field', id, before: fieldView(current), after: { ...fieldView(next), converted: Object.fromEntries(converted) } });
    return fieldView(next);
  },
});

/** Deleting a field deletes its values; the audit row keeps every one of them. */
export const deleteCustomField = tenantMessage.command({
  type: 'customFields.delete',
  access: peopleManagers,
  input: z.strictObject({ id: idOf('cfd') }),
  route: { method: 'DELETE', path: '/v1/custom-fields/:id', summary: 'Delete a custom field; its values are kept in the audit log', empty: true },
  handler: async ({ id }, ctx) => {
    const { customFields: cf } = ctx.state;
    const current = cf.fields.get(id);
    if (!current) throw notFound('The custom field');
    const values: Record<string, unknown> = {};
    for (const [employeeId, of] of cf.values) {
      if (!of.has(id)) continue;
      values[employeeId] = of.get(id);
      const next = new Map(of);
      next.delete(id);
      ctx.set(cf.values, employeeId, next);
    }
    await ctx.db.delete(customFieldValues).where(eq(customFieldValues.fieldId, id));
    await ctx.db.delete(customFields).where(eq(customFields.id, id));
    ctx.remove(cf.fields, id);
    ctx.remove(cf.idsByKey, current.key);
    ctx.audit({ entity: 'custom_field', id, before: { ...fieldView(current), values } });
  },
});
