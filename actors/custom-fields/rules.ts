import type { CustomFieldRow, CustomValue } from './custom-fields.sql.ts';

/**
 * The pure rules of custom fields: whether a value fits its definition, and the JSON Schema
 * a client builds its form from. Every write (API, self-service, CSV import, a change of
 * the definition) goes through `checkValue`, so no path stores what the definition refuses.
 */
export type FieldShape = Pick<CustomFieldRow, 'type' | 'options' | 'min' | 'max' | 'required'>;

export type Checked = { ok: true; value: CustomValue | null } | { ok: false; message: string };

const isoDay = /^\d{4}-\d{2}-\d{2}$/;
const realDate = (s: string) => isoDay.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
const employeeId = /^emp_[0-9a-z]{26}$/;
const forbidden = /[\p{Cc}\p{Cs}\p{Co}\p{Cn}\u202A-\u202E\u2066-\u2069]/u;
const maxText = { text: 200, long_text: 5000 } as const;

/**
 * `null` clears a value (refused for a required field). `employeeExists` answers whether an
 * id names an employee of this company: an id from another company names nobody here.
 */
export function checkValue(def: FieldShape, raw: unknown, employeeExists: (id: string) => boolean): Checked {
  if (raw === null || raw === undefined) return def.required ? { ok: false, message: 'Is required.' } : { ok: true, value: null };
  switch (def.type) {
    case 'text':
    case 'long_text': {
      if (typeof raw !== 'string') return { ok: false, message: 'Must be text.' };
      const value = raw.normalize('NFC').trim();
      if (value.length > maxText[def.type]) return { ok: false, message: `Must be at most ${maxText[def.type]} characters.` };
      if (def.type === 'text' ? /[\p{Cc}]/u.test(value) || forbidden.test(value) : forbidden.test(value.replace(/[\n\t]/g, ''))) {
        return { ok: false, message: 'Contains control or invisible characters.' };
      }
      if (value === '') return def.required ? { ok: false, message: 'Is required.' } : { ok: true, value: null };
      return { ok: true, value };
    }
    case 'number': {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return { ok: false, message: 'Must be a number.' };
      if (def.min !== null && raw < def.min) return { ok: false, message: `Must be at least ${def.min}.` };
      if (def.max !== null && raw > def.max) return { ok: false, message: `Must be at most ${def.max}.` };
      return { ok: true, value: raw };
    }
    case 'date':
      return typeof raw === 'string' && realDate(raw) ? { ok: true, value: raw } : { ok: false, message: 'Must be a date as YYYY-MM-DD.' };
    case 'boolean':
      return typeof raw === 'boolean' ? { ok: true, value: raw } : { ok: false, message: 'Must be true or false.' };
    case 'single_select':
      if (typeof raw !== 'string') return { ok: false, message: 'Must be one of the options.' };
      return def.options?.includes(raw) ? { ok: true, value: raw } : { ok: false, message: `Must be one of: ${(def.options ?? []).join(', ')}.` };
    case 'multi_select': {
      if (!Array.isArray(raw) || raw.some((v) => typeof v !== 'string')) return { ok: false, message: 'Must be a list of options.' };
      const unknown = raw.find((v) => !def.options?.includes(v));
      if (unknown !== undefined) return { ok: false, message: `Unknown option ${JSON.stringify(unknown)}; must be among: ${(def.options ?? []).join(', ')}.` };
      if (new Set(raw).size !== raw.length) return { ok: false, message: 'Lists an option twice.' };
      if (def.required && raw.length === 0) return { ok: false, message: 'Is required.' };
      return { ok: true, value: raw as string[] };
    }
    case 'employee':
      if (typeof raw !== 'string' || !employeeId.test(raw)) return { ok: false, message: 'Must be an employee id starting with emp_.' };
      return employeeExists(raw) ? { ok: true, value: raw } : { ok: false, message: 'Names no employee of this company.' };
  }
}

/** The JSON Schema of a field's value, for clients that build forms from it. */
export function jsonSchemaOf(def: FieldShape & Pick<CustomFieldRow, 'label' | 'unit' | 'defaultValue'>): Record<string, unknown> {
  const base = { title: def.label, ...(def.defaultValue !== null && def.defaultValue !== undefined ? { default: def.defaultValue } : {}) };
  const nullable = (schema: Record<string, unknown>) => (def.required ? schema : { anyOf: [schema, { type: 'null' }] });
  switch (def.type) {
    case 'text':
      return { ...base, ...nullable({ type: 'string', maxLength: 200 }) };
    case 'long_text':
      return { ...base, ...nullable({ type: 'string', maxLength: 5000 }) };
    case 'number':
      return {
        ...base,
        ...nullable({ type: 'number', ...(def.min !== null ? { minimum: def.min } : {}), ...(def.max !== null ? { maximum: def.max } : {}) }),
        ...(def.unit ? { 'x-unit': def.unit } : {}),
      };
    case 'date':
      return { ...base, ...nullable({ type: 'string', format: 'date' }) };
    case 'boolean':
      return { ...base, ...nullable({ type: 'boolean' }) };
    case 'single_select':
      return { ...base, ...nullable({ type: 'string', enum: def.options ?? [] }) };
    case 'multi_select':
      return { ...base, type: 'array', items: { type: 'string', enum: def.options ?? [] }, uniqueItems: true, ...(def.required ? { minItems: 1 } : {}) };
    case 'employee':
      return { ...base, ...nullable({ type: 'string', pattern: '^emp_[0-9a-z]{26}$' }), 'x-references': 'employee' };
  }
}

/**
 * A CSV cell as the value of a field: numbers and booleans parsed, a multi select split on
 * `|`. The result still goes through `checkValue`; an empty cell is no value.
 */
export function fromCell(def: FieldShape, cell: string): unknown {
  if (cell === '') return null;
  switch (def.type) {
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(cell.trim()) ? Number(cell) : cell;
    case 'boolean':
      return cell === 'true' ? true : cell === 'false' ? false : cell;
    case 'multi_select':
      return cell.split('|').map((s) => s.trim());
    default:
      return cell;
  }
}

/** A value as a CSV cell, the inverse of `fromCell`. */
export const toCell = (value: CustomValue | null | undefined): string =>
  value === null || value === undefined ? '' : Array.isArray(value) ? value.join('|') : String(value);
