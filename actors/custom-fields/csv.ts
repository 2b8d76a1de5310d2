import type { CommandCtx } from '../core/message';
import type { EmployeeRow } from '../people/people.sql.ts';
import type { TenantServices, TenantState } from '../tenant/context';
import { fromCell, checkValue, toCell } from './rules';
import { writeCustomValues } from './values';
import type { CustomView } from './view';

type Ctx = CommandCtx<TenantState, TenantServices>;
type RowError = { row: number; column: string; message: string };

/** CSV columns `custom.<key>`: one per field, a multi select's options joined by `|`, a blank cell clears. */
export const isCustomColumn = (column: string) => column.startsWith('custom.');

/** Unknown `custom.<key>` columns, named like the import's other header errors. */
export function unknownCustomColumns(state: TenantState, header: readonly string[]): RowError[] {
  return header.filter((h) => isCustomColumn(h) && !state.customFields.idsByKey.has(h.slice(7))).map((column) => ({ row: 1, column, message: 'Unknown column: no custom field has this key.' }));
}

/** Checks a row's custom cells against their definitions; answers the values to write, by key. */
export function customCells(state: TenantState, cells: Record<string, string>, line: number, errors: RowError[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [column, cell] of Object.entries(cells)) {
    if (!isCustomColumn(column)) continue;
    const key = column.slice(7);
    const field = state.customFields.fields.get(state.customFields.idsByKey.get(key) ?? '');
    if (!field) continue; // reported once, as a header error
    const value = fromCell(field, cell);
    const checked = checkValue(field, value, (id) => state.people.employees.has(id));
    if (!checked.ok) errors.push({ row: line, column, message: checked.message });
    else out[key] = checked.value;
  }
  return out;
}

const importer = { all: true, self: undefined, reports: new Set<string>() };

/**
 * Writes a row's custom values (HR's import: every field is writable). True when any changed.
 * `quiet` for a new employee: the hire's own audit row and event carry the values.
 */
export async function writeCustomCells(ctx: Ctx, employee: EmployeeRow, values: Record<string, unknown>, o: { quiet?: boolean } = {}): Promise<boolean> {
  if (Object.keys(values).length === 0) return false;
  return (await writeCustomValues(ctx, employee, values, importer, o)).length > 0;
}

/** The `custom.<key>` cells of an exported row, from the reader's view of it (hidden fields are blank). */
export const customColumns = (state: TenantState, readerSeesHr: boolean) =>
  [...state.customFields.fields.values()]
    .filter((f) => readerSeesHr || f.tier !== 'hr')
    .map((f) => f.key)
    .sort()
    .map((key) => ({ column: `custom.${key}`, cell: (custom: CustomView | undefined) => toCell(custom?.[key]) }));
