import { eq } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { Rejected } from '../core/errors';
import { AppError, notFound } from '../core/errors';
import type { CommandCtx } from '../core/message';
import { peopleManagers } from '../core/principal';
import { idOf } from '../core/text';
import { tenantMessage, type TenantServices, type TenantState } from '../tenant/context';
import { tenantToday } from '../tenant/today';
import { actorOf } from './audience';
import { unquoteCell } from './csv-cell';
import { insertEmployee, type NewEmployee } from './employees';
import { csvProfileKeys, employmentInput, profileFields, type Profile } from './fields';
import { recordEmployment } from './lifecycle';
import { employeesHired, type Hire } from './periods';
import { resolveEmployment } from './rules';
import { employeeImports, type EmployeeImportRow, type EmployeeRow } from './people.sql.ts';
import { instant } from '../core/reply';
import { customCells, isCustomColumn, unknownCustomColumns, writeCustomCells } from '../custom-fields/csv';
import { isCompensationColumn, payCells, unknownCompensationColumns, writePayCells, type PayCells } from '../compensation/csv';

type Ctx = CommandCtx<TenantState, TenantServices>;
type RowError = { row: number; column: string; message: string };

/**
 * The columns a file may have; names, `workEmail` and `hireDate` are required. A row names
 * its employee by `id` (the record id, as the export writes it) or by `externalId`; a row
 * with neither is a new employee and needs an `externalId`.
 */
export const importColumns = [
  'id',
  'externalId',
  'firstName',
  'lastName',
  'preferredName',
  'workEmail',
  'workPhone',
  'jobTitle',
  'department',
  'location',
  'managerEmail',
  'employmentType',
  'hireDate',
  'status',
  'birthDate',
] as const;

/** Columns an export writes that an import reads and ignores: leaving is a lifecycle event. */
const ignoredColumns = ['terminationDate'];

const blankToUndefined = (v: unknown) => (v === '' ? undefined : unquoteCell(v));
const cell = <T extends z.ZodType>(s: T) => z.preprocess(unquoteCell, s);
const optional = <T extends z.ZodType>(s: T) => z.preprocess(blankToUndefined, s.optional());
const rowSchema = z.strictObject({
  id: optional(idOf('emp')),
  externalId: optional(profileFields.externalId.unwrap()),
  firstName: cell(profileFields.firstName),
  lastName: cell(profileFields.lastName),
  preferredName: optional(profileFields.preferredName.unwrap()),
  workEmail: cell(profileFields.workEmail),
  workPhone: optional(profileFields.workPhone.unwrap()),
  jobTitle: optional(employmentInput.jobTitle.unwrap()),
  department: optional(employmentInput.department.unwrap()),
  location: optional(employmentInput.department.unwrap()),
  managerEmail: optional(profileFields.workEmail),
  employmentType: optional(employmentInput.employmentType),
  hireDate: employmentInput.hireDate,
  status: optional(employmentInput.status),
  birthDate: optional(profileFields.birthDate.unwrap()),
});
const importSchema = z.strictObject({
  id: idOf('imp'),
  status: z.enum(['queued', 'validated', 'invalid', 'completed']).describe('`queued`: waiting to run; `invalid`: nothing was imported, see `errors`'),
  dryRun: z.boolean(),
  rows: z.number().int().min(0),
  created: z.number().int().min(0),
  updated: z.number().int().min(0),
  errors: z.array(z.strictObject({ row: z.number().int(), column: z.string(), message: z.string() })).describe('At most 1000, by row and column'),
  queuedAt: instant,
  startedAt: instant.nullable(),
  finishedAt: instant.nullable(),
  requestedBy: z.string(),
}).meta({ id: 'EmployeeImport' });

/** `cells`: the row's `custom.<key>` and `compensation.<field>` cells, checked against the company in checkAgainstCompany. */
type Row = z.output<typeof rowSchema> & { line: number; cells: Record<string, string>; custom?: Record<string, unknown>; pay?: PayCells | undefined };
type Job = z.output<typeof importSchema>;

const jobView = ({ source: _source, ...job }: EmployeeImportRow): Job => job;

/**
 * Imports employees from CSV, all or nothing, upserting by external id. A dry run (and any
 * file with an error) writes nothing beyond the import's own record, and reports every
 * error by row and column; otherwise every row is applied in one transaction.
 *
 * `mode=sync` (the default) answers with the outcome (10,000 rows take about a second);
 * `mode=async` answers 202 at once with a job to poll at `/v1/employee-imports/:id`, which
 * goes from `queued` to its outcome when the import has run (on a timer, in its own
 * transaction, so the caller is never held by a large file).
 */
export const importEmployees = tenantMessage.command({
  type: 'employees.import',
  access: peopleManagers,
  input: z.strictObject({
    csv: z.string().min(1, 'The file is empty.'),
    dryRun: z.enum(['true', 'false']).default('false'),
    mode: z.enum(['sync', 'async']).default('sync'),
  }),
  output: importSchema,
  route: {
    method: 'POST',
    path: '/v1/employee-imports',
    status: 201,
    statusOf: (job: Job) => (job.status === 'queued' ? 202 : 201),
    otherStatuses: { 202: 'Queued (mode=async): the job to poll' },
    summary: 'Import employees from CSV (dryRun=true to validate only, mode=async for a job to poll); all or nothing',
    csvBody: true,
  },
  handler: async ({ csv, dryRun, mode }, ctx) => {
    const queued: EmployeeImportRow = {
      id: ctx.ids.next('imp'),
      status: 'queued',
      dryRun: dryRun === 'true',
      source: csv,
      rows: 0,
      created: 0,
      updated: 0,
      errors: [],
      queuedAt: ctx.now.toISOString(),
      startedAt: null,
      finishedAt: null,
      requestedBy: actorOf(ctx),
    };
    await ctx.db.insert(employeeImports).values(queued);
    if (mode === 'async') {
      await ctx.schedule({ key: `import:${queued.id}`, at: ctx.now.toISOString(), type: 'employees.runImport', payload: { id: queued.id } });
      return jobView(queued);
    }
    const job = await runImport(ctx, queued);
    if (job.status === 'invalid' && !job.dryRun) {
      // The file is refused whole; the import's record is kept so that it can be looked up.
      const fields = job.errors.map((e) => ({ field: `rows[${e.row}].${e.column}`, message: e.message }));
      return new Rejected(new AppError(422, 'import_invalid', `The file has ${job.errors.length} error(s); nothing was imported (import ${job.id}).`, fields));
    }
    return job;
  },
});

/** The timer's message for a queued import. */
export const runQueuedImport = tenantMessage.command({
  type: 'employees.runImport',
  access: 'system',
  input: z.strictObject({ id: idOf('imp') }),
  handler: async ({ id }, ctx) => {
    const [queued] = await ctx.db.select().from(employeeImports).where(eq(employeeImports.id, id));
    if (!queued || queued.status !== 'queued') return { ran: false };
    await runImport(ctx, queued);
    return { ran: true };
  },
});

/**
 * Runs an import inside the caller's transaction. The rows are written only when the whole
 * file is valid; the import's record is written either way, with the outcome.
 */
async function runImport(ctx: Ctx, queued: EmployeeImportRow): Promise<Job> {
  const startedAt = ctx.now.toISOString();
  const { rows, errors } = parseRows(queued.source ?? '', ctx.state);
  // Every error in one report: the rows that parsed are checked even when others did not.
  checkAgainstCompany(ctx, rows, errors);
  const ordered = managersFirst(rows, errors);
  let created = 0;
  let updated = 0;
  if (errors.length === 0 && !queued.dryRun) {
    const hires: Hire[] = [];
    for (const row of ordered) {
      const existing = employeeOfRow(ctx, row);
      if (existing) {
        const changed = await updateFromRow(ctx, existing, row);
        const now = ctx.state.people.employees.get(existing.id)!;
        const extras = [await writeCustomCells(ctx, now, row.custom ?? {}), await writePayCells(ctx, now, row.pay, false)];
        if (changed || extras.includes(true)) updated++;
      } else {
        const employee = await insertEmployee(ctx, await newEmployeeFromRow(ctx, row), (e) => writeCustomCells(ctx, e, row.custom ?? {}, { quiet: true }), hires);
        await writePayCells(ctx, employee, row.pay, true);
        created++;
      }
    }
    // The leave ledger of every hire, in one pass (its reads and writes in bulk, not 10,000 of each).
    await employeesHired(ctx, hires);
  }
  const outcome = {
    status: errors.length > 0 ? ('invalid' as const) : queued.dryRun ? ('validated' as const) : ('completed' as const),
    source: null,
    rows: rows.length,
    created,
    updated,
    errors: errors.slice(0, 1000),
    startedAt,
    // The injected clock's instant: the whole import is one transaction at one moment.
    finishedAt: ctx.now.toISOString(),
  };
  await ctx.db.update(employeeImports).set(outcome).where(eq(employeeImports.id, queued.id));
  return jobView({ ...queued, ...outcome });
}

export const getImport = tenantMessage.query({
  type: 'employees.getImport',
  access: peopleManagers,
  input: z.strictObject({ id: idOf('imp') }),
  output: importSchema,
  route: { method: 'GET', path: '/v1/employee-imports/:id', summary: 'An import: queued, or its outcome' },
  handler: async ({ id }, { db }) => {
    const [job] = await db.select().from(employeeImports).where(eq(employeeImports.id, id));
    if (!job) throw notFound('The import');
    return jobView(job);
  },
});

function parseRows(csv: string, state: TenantState): { rows: Row[]; errors: RowError[] } {
  const errors: RowError[] = [];
  let header: string[] = [];
  let records: Record<string, string>[];
  try {
    // The parser hands over the header row as it read it (quotes and BOM handled).
    const keep = (names: string[]) => (header = names);
    records = parse(csv, { columns: keep, skip_empty_lines: true, trim: true, bom: true, max_record_size: 10_000 });
  } catch (e) {
    const line = (e as { lines?: number }).lines ?? 1;
    return { rows: [], errors: [{ row: line, column: '(file)', message: `Not a valid CSV file: ${(e as Error).message}` }] };
  }
  const extra = (h: string) => isCustomColumn(h) || isCompensationColumn(h);
  for (const h of header) if (!(importColumns as readonly string[]).includes(h) && !ignoredColumns.includes(h) && !extra(h)) errors.push({ row: 1, column: h, message: 'Unknown column.' });
  errors.push(...unknownCustomColumns(state, header), ...unknownCompensationColumns(header));
  for (const c of ['firstName', 'lastName', 'workEmail', 'hireDate']) if (!header.includes(c)) errors.push({ row: 1, column: c, message: 'Missing column.' });
  if (!header.includes('id') && !header.includes('externalId')) errors.push({ row: 1, column: 'externalId', message: 'Missing column: rows are matched by id or externalId.' });
  if (errors.length > 0) return { rows: [], errors };
  const rows: Row[] = [];
  records.forEach((record, i) => {
    const line = i + 2; // the header is row 1
    for (const c of ignoredColumns) delete record[c];
    const cells: Record<string, string> = {};
    for (const h of header) {
      if (!extra(h) || !(h in record)) continue;
      cells[h] = unquoteCell(record[h]) as string;
      delete record[h];
    }
    const parsed = rowSchema.safeParse(record);
    if (parsed.success) rows.push({ ...parsed.data, line, cells });
    else for (const issue of parsed.error.issues) errors.push({ row: line, column: String(issue.path[0] ?? '(row)'), message: issue.message });
  });
  if (rows.length + errors.length === 0) errors.push({ row: 2, column: '(file)', message: 'The file has no rows.' });
  return { rows, errors };
}

/** The employee a row names: by record id first (an exported file), else by external id. */
function employeeOfRow(ctx: Ctx, row: Row): EmployeeRow | undefined {
  const { people } = ctx.state;
  if (row.id) return people.employees.get(row.id);
  const id = row.externalId ? people.employeeIdsByExternalId.get(row.externalId) : undefined;
  return id ? people.employees.get(id) : undefined;
}

/** Duplicates inside the file, and clashes with the company's other employees. */
function checkAgainstCompany(ctx: Ctx, rows: Row[], errors: RowError[]) {
  const { people, organisation } = ctx.state;
  const seenIds = new Map<string, number>();
  const seenExternalIds = new Map<string, number>();
  const seenEmails = new Map<string, number>();
  const once = (seen: Map<string, number>, key: string | undefined, row: Row, column: string) => {
    if (key === undefined) return;
    if (seen.has(key)) errors.push({ row: row.line, column, message: `Also on row ${seen.get(key)}.` });
    seen.set(key, row.line);
  };
  for (const row of rows) {
    once(seenIds, row.id, row, 'id');
    once(seenExternalIds, row.externalId, row, 'externalId');
    once(seenEmails, row.workEmail, row, 'workEmail');
    const target = employeeOfRow(ctx, row);
    if (row.id && !target) errors.push({ row: row.line, column: 'id', message: 'No employee of this company has this id.' });
    if (!row.id && !row.externalId) errors.push({ row: row.line, column: 'externalId', message: 'A new employee needs an external id (or give the id of an existing one).' });
    // Leaving and coming back are dated lifecycle events (with a reason), not a cell to flip.
    if (target && row.status && (row.status === 'terminated') !== (target.status === 'terminated')) {
      errors.push({ row: row.line, column: 'status', message: 'Record a termination or rehire as a lifecycle event (POST /v1/employees/:id/lifecycle), not in a file.' });
    }
    const externalHolder = row.externalId ? people.employeeIdsByExternalId.get(row.externalId) : undefined;
    if (target && externalHolder && externalHolder !== target.id) errors.push({ row: row.line, column: 'externalId', message: 'Another employee has this external id.' });
    const holder = people.employeeIdsByEmail.get(row.workEmail);
    if (holder && holder !== target?.id) {
      errors.push({ row: row.line, column: 'workEmail', message: 'Another employee of this company has this work email.' });
    }
    // Departments are not created on the way: an import changes its rows and nothing else.
    const departments = row.department ? [...organisation.departments.values()].filter((d) => !d.archivedAt && d.name.toLowerCase() === row.department!.toLowerCase()) : [];
    if (row.department && departments.length !== 1) {
      errors.push({ row: row.line, column: 'department', message: departments.length ? 'Several departments have this name.' : 'No department has this name.' });
    }
    row.custom = customCells(ctx.state, row.cells, row.line, errors);
    row.pay = payCells(row.cells, target?.hireDate ?? row.hireDate, row.line, errors);
    if (row.location && ![...organisation.locations.values()].some((l) => l.name.toLowerCase() === row.location!.toLowerCase())) {
      errors.push({ row: row.line, column: 'location', message: 'No location has this name.' });
    }
  }
  for (const row of rows) {
    if (row.managerEmail && !seenEmails.has(row.managerEmail) && !people.employeeIdsByEmail.has(row.managerEmail)) {
      errors.push({ row: row.line, column: 'managerEmail', message: 'No employee, in the file or the company, has this email.' });
    }
  }
}

/** Orders rows so that each manager in the file is written before their reports; refuses cycles. */
function managersFirst(rows: Row[], errors: RowError[]): Row[] {
  const byEmail = new Map(rows.map((r) => [r.workEmail, r]));
  const out: Row[] = [];
  const state = new Map<Row, 'visiting' | 'done'>();
  const visit = (row: Row): boolean => {
    if (state.get(row) === 'done') return true;
    if (state.get(row) === 'visiting') return false;
    state.set(row, 'visiting');
    const manager = row.managerEmail ? byEmail.get(row.managerEmail) : undefined;
    if (manager && !visit(manager)) {
      errors.push({ row: row.line, column: 'managerEmail', message: 'The managers in the file form a reporting cycle.' });
      return false;
    }
    state.set(row, 'done');
    out.push(row);
    return true;
  };
  for (const row of rows) if (!state.has(row)) visit(row);
  return errors.length > 0 ? [] : out;
}

function locationId(ctx: Ctx, name: string | undefined): string | undefined {
  if (!name) return undefined;
  return [...ctx.state.organisation.locations.values()].find((l) => l.name.toLowerCase() === name.toLowerCase())?.id;
}

async function newEmployeeFromRow(ctx: Ctx, row: Row): Promise<NewEmployee> {
  return {
    externalId: row.externalId,
    firstName: row.firstName,
    lastName: row.lastName,
    preferredName: row.preferredName,
    workEmail: row.workEmail,
    workPhone: row.workPhone,
    jobTitle: row.jobTitle,
    department: row.department,
    locationId: locationId(ctx, row.location),
    managerId: row.managerEmail ? ctx.state.people.employeeIdsByEmail.get(row.managerEmail) : undefined,
    employmentType: row.employmentType ?? 'full_time',
    hireDate: row.hireDate,
    status: row.status ?? 'active',
    birthDate: row.birthDate,
  };
}

/** Updates a record from its row; employment changes go into the history as of today. */
async function updateFromRow(ctx: Ctx, current: EmployeeRow, row: Row): Promise<boolean> {
  const managerId = row.managerEmail ? (ctx.state.people.employeeIdsByEmail.get(row.managerEmail) ?? null) : null;
  // An unchanged manager is not checked again: a report keeps pointing at a manager who has left.
  const { departmentId } = await resolveEmployment(ctx, current.id, { department: row.department ?? null, managerId: managerId === current.managerId ? undefined : managerId });
  const changes = Object.fromEntries(
    Object.entries({
      jobTitle: row.jobTitle ?? null,
      departmentId: departmentId ?? null,
      locationId: locationId(ctx, row.location) ?? null,
      managerId,
      employmentType: row.employmentType ?? current.employmentType,
      status: row.status ?? current.status,
    }).filter(([k, v]) => current[k as keyof EmployeeRow] !== v),
  );
  // A blank cell clears the field, except the external id, which a row matched by id keeps.
  const given: Profile = { ...row, externalId: row.externalId ?? current.externalId };
  const profile = Object.fromEntries(csvProfileKeys.map((k) => [k, given[k] ?? null]).filter(([k, v]) => current[k as keyof EmployeeRow] !== v));
  if (Object.keys(changes).length === 0 && Object.keys(profile).length === 0) return false;
  await recordEmployment(ctx, current, { type: 'update', effectiveDate: tenantToday(ctx.state, ctx.now), changes, reason: 'CSV import', profile });
  return true;
}
