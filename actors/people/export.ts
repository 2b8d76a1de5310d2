import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { everyone } from '../core/principal';
import { tenantMessage } from '../tenant/context';
import { safeCell } from './csv-cell';
import { visibleEmployees } from './employees';
import { importColumns } from './import';
import { customColumns } from '../custom-fields/csv';
import { viewerOf } from './visibility';

/**
 * The import's columns (the record id first), so that an exported file can be edited and
 * imported back: its rows match their employees by id. The termination date is extra; the
 * import reads and ignores it. A column hidden from the reader is left empty.
 */
const columns = [...importColumns, 'terminationDate'] as const;

export const exportEmployees = tenantMessage.query({
  type: 'employees.export',
  access: everyone,
  input: z.strictObject({}),
  route: { method: 'GET', path: '/v1/exports/employees.csv', summary: 'Employees as CSV, with the fields the reader may see', csvReply: 'employees.csv' },
  handler: (_input, { state, principal }) => {
    const rows = visibleEmployees(state, principal).sort((a, b) => a.lastName.localeCompare(b.lastName) || a.id.localeCompare(b.id));
    const emailOf = (id: string | null) => (id ? state.people.employees.get(id)?.workEmail : undefined);
    // `custom.<key>` columns after the fixed ones; a cell the reader may not read is blank.
    const custom = customColumns(state, viewerOf(state, principal).all);
    return stringify(
      rows.map((r) => [...columns.map((c) => safeCell(c === 'managerEmail' ? emailOf(r.managerId) : (r as Record<string, unknown>)[c])), ...custom.map((c) => safeCell(c.cell(r.custom)))]),
      { header: true, columns: [...columns, ...custom.map((c) => c.column)] },
    );
  },
});
