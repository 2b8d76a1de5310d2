import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { conflict, notFound, unprocessable } from '../core/errors';
import type { CommandCtx } from '../core/message';
import { pageInput, paginate, sortOf } from '../core/pagination';
import { everyone, peopleManagers } from '../core/principal';
import { idOf, text } from '../core/text';
import { assertIfMatch, versionEtag } from '../core/versioned';
import { tenantMessage, type TenantServices, type TenantState } from '../tenant/context';
import { departmentChanged } from './events';
import { departments, type DepartmentRow } from './organisation.sql.ts';
import { instant, pageOf } from '../core/reply';

type Ctx = CommandCtx<TenantState, TenantServices>;

export const departmentView = (d: DepartmentRow) => ({
  id: d.id,
  name: d.name,
  parentId: d.parentId,
  headEmployeeId: d.headEmployeeId,
  archivedAt: d.archivedAt,
  version: d.version,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

export const departmentSchema = z.strictObject({
  id: idOf('dep'),
  name: z.string(),
  parentId: idOf('dep').nullable().describe('Null at the top of the tree'),
  headEmployeeId: idOf('emp').nullable(),
  archivedAt: instant.nullable(),
  version: z.number().int().min(1),
  createdAt: instant,
  updatedAt: instant,
}).meta({ id: 'Department' });

const fields = {
  name: text(120),
  parentId: idOf('dep').nullable(),
  headEmployeeId: idOf('emp').nullable(),
};

export const createDepartment = tenantMessage.command({
  type: 'departments.create',
  access: peopleManagers,
  input: z.strictObject({ name: fields.name, parentId: fields.parentId.optional(), headEmployeeId: fields.headEmployeeId.optional() }),
  output: departmentSchema,
  route: { method: 'POST', path: '/v1/departments', status: 201, summary: 'Create a department (under a parent, or at the top)', etag: versionEtag },
  handler: async (input, ctx) => {
    if (input.parentId) assertParentUsable(ctx, input.parentId);
    if (input.headEmployeeId) assertEmployee(ctx, input.headEmployeeId);
    assertNameFree(ctx, input.name, input.parentId ?? null);
    const at = ctx.now.toISOString();
    const row: DepartmentRow = {
      id: ctx.ids.next('dep'),
      name: input.name,
      parentId: input.parentId ?? null,
      headEmployeeId: input.headEmployeeId ?? null,
      archivedAt: null,
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    await ctx.db.insert(departments).values(row);
    ctx.set(ctx.state.organisation.departments, row.id, row);
    ctx.audit({ entity: 'department', id: row.id, after: departmentView(row) });
    ctx.emit(departmentChanged.create(row.id, departmentView(row)));
    return departmentView(row);
  },
});

export const getDepartment = tenantMessage.query({
  type: 'departments.get',
  access: everyone,
  input: z.strictObject({ id: idOf('dep') }),
  output: departmentSchema,
  route: { method: 'GET', path: '/v1/departments/:id', summary: 'Read a department', etag: versionEtag },
  handler: ({ id }, { state }) => {
    const d = state.organisation.departments.get(id);
    if (!d) throw notFound('The department');
    return departmentView(d);
  },
});

export const listDepartments = tenantMessage.query({
  type: 'departments.list',
  access: everyone,
  input: z.strictObject({
    ...pageInput,
    parentId: z.union([idOf('dep'), z.literal('none')]).optional(),
    includeArchived: z.enum(['true', 'false']).default('false'),
    q: text(120).optional(),
    sort: sortOf(['name', 'createdAt']).default('name'),
  }),
  output: pageOf(departmentSchema),
  route: { method: 'GET', path: '/v1/departments', summary: 'List departments; parentId=none for the top level' },
  handler: ({ limit, cursor, parentId, includeArchived, q, sort }, { state }) => {
    const needle = q?.toLowerCase();
    const matching = [...state.organisation.departments.values()].filter(
      (d) =>
        (includeArchived === 'true' || !d.archivedAt) &&
        (!parentId || (parentId === 'none' ? d.parentId === null : d.parentId === parentId)) &&
        (!needle || d.name.toLowerCase().includes(needle)),
    );
    const { page, nextCursor } = paginate(matching, { sort, limit, cursor, keyOf: (d, f) => (f === 'name' ? d.name : d.createdAt) });
    return { items: page.map(departmentView), nextCursor };
  },
});

export const updateDepartment = tenantMessage.command({
  type: 'departments.update',
  access: peopleManagers,
  input: z.strictObject({ id: idOf('dep'), ...fields }).partial().required({ id: true }),
  output: departmentSchema,
  route: { method: 'PATCH', path: '/v1/departments/:id', summary: 'Rename, move or set the head of a department (If-Match)', etag: versionEtag, ifMatch: true },
  handler: async ({ id, ...patch }, ctx) => {
    const current = ctx.state.organisation.departments.get(id);
    if (!current) throw notFound('The department');
    assertIfMatch(ctx.meta.ifMatch, current);
    if (current.archivedAt) throw conflict('department_archived', 'An archived department cannot change.');
    if (patch.parentId) {
      assertParentUsable(ctx, patch.parentId);
      assertNoCycle(ctx, id, patch.parentId);
    }
    if (patch.headEmployeeId) assertEmployee(ctx, patch.headEmployeeId);
    const name = patch.name ?? current.name;
    const parentId = patch.parentId === undefined ? current.parentId : patch.parentId;
    if (name.toLowerCase() !== current.name.toLowerCase() || parentId !== current.parentId) assertNameFree(ctx, name, parentId, id);
    const updated: DepartmentRow = { ...current, ...patch, version: current.version + 1, updatedAt: ctx.now.toISOString() };
    await ctx.db.update(departments).set({ ...patch, version: updated.version, updatedAt: updated.updatedAt }).where(eq(departments.id, id));
    ctx.set(ctx.state.organisation.departments, id, updated);
    ctx.audit({ entity: 'department', id, before: departmentView(current), after: departmentView(updated) });
    ctx.emit(departmentChanged.create(id, departmentView(updated)));
    return departmentView(updated);
  },
});

/** A department is archived only when nobody works in it and it has no live sub-department. */
export const archiveDepartment = tenantMessage.command({
  type: 'departments.archive',
  access: peopleManagers,
  input: z.strictObject({ id: idOf('dep') }),
  output: departmentSchema,
  route: { method: 'POST', path: '/v1/departments/:id/archive', summary: 'Archive an empty department', etag: versionEtag },
  handler: async ({ id }, ctx) => {
    const current = ctx.state.organisation.departments.get(id);
    if (!current) throw notFound('The department');
    if (current.archivedAt) return departmentView(current);
    const staffed = [...ctx.state.people.employees.values()].some((e) => e.departmentId === id && e.status !== 'terminated');
    const liveChild = [...ctx.state.organisation.departments.values()].some((d) => d.parentId === id && !d.archivedAt);
    if (staffed || liveChild) {
      throw conflict('department_not_empty', staffed ? 'People still work in this department.' : 'This department still has sub-departments.');
    }
    const updated: DepartmentRow = { ...current, archivedAt: ctx.now.toISOString(), version: current.version + 1, updatedAt: ctx.now.toISOString() };
    await ctx.db.update(departments).set({ archivedAt: updated.archivedAt, version: updated.version, updatedAt: updated.updatedAt }).where(eq(departments.id, id));
    ctx.set(ctx.state.organisation.departments, id, updated);
    ctx.audit({ entity: 'department', id, before: departmentView(current), after: departmentView(updated) });
    ctx.emit(departmentChanged.create(id, departmentView(updated)));
    return departmentView(updated);
  },
});

/** The department and all the departments under it, for filters that include sub-departments. */
export function departmentAndBelow(state: TenantState, id: string): Set<string> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of state.organisation.departments.values()) {
      if (d.parentId && out.has(d.parentId) && !out.has(d.id)) {
        out.add(d.id);
        grew = true;
      }
    }
  }
  return out;
}

function assertParentUsable(ctx: Ctx, parentId: string) {
  const parent = ctx.state.organisation.departments.get(parentId);
  if (!parent) throw unprocessable('unknown_department', 'The parent department does not exist.', 'parentId');
  if (parent.archivedAt) throw unprocessable('department_archived', 'The parent department is archived.', 'parentId');
}

function assertNoCycle(ctx: Ctx, id: string, parentId: string) {
  const all = ctx.state.organisation.departments;
  for (let at: string | null = parentId, hops = 0; at; at = all.get(at)?.parentId ?? null, hops++) {
    if (at === id || hops > all.size) throw unprocessable('department_cycle', 'A department cannot move under itself or its own sub-department.', 'parentId');
  }
}

function assertEmployee(ctx: Ctx, employeeId: string) {
  const e = ctx.state.people.employees.get(employeeId);
  if (!e || e.status === 'terminated') throw unprocessable('unknown_employee', 'The head must be a current employee.', 'headEmployeeId');
}

/** Sibling departments have distinct names, so a name in a CSV import names one department. */
function assertNameFree(ctx: Ctx, name: string, parentId: string | null, self?: string) {
  for (const d of ctx.state.organisation.departments.values()) {
    if (d.id !== self && !d.archivedAt && d.parentId === parentId && d.name.toLowerCase() === name.toLowerCase()) {
      throw conflict('department_name_taken', 'A department with this name already exists at this place in the tree.', 'name');
    }
  }
}
