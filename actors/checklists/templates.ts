import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { notFound, unprocessable } from '../core/errors';
import { peopleManagers, roles } from '../core/principal';
import { instant, listOf } from '../core/reply';
import { idOf, text } from '../core/text';
import { employmentTypes } from '../people/people.sql.ts';
import { tenantMessage, type TenantState } from '../tenant/context';
import { checklistKinds, checklistTemplates, type ChecklistTemplateRow } from './checklists.sql.ts';
import type { TaskTemplate } from './rules';

const assigneeSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('employee') }),
  z.strictObject({ type: z.literal('manager') }),
  z.strictObject({ type: z.literal('role'), role: z.enum(roles) }),
  z.strictObject({ type: z.literal('user'), userId: idOf('usr') }),
]);

const conditionSchema = z.strictObject({
  locationIds: z.array(idOf('loc')).max(100).optional(),
  departmentIds: z.array(idOf('dep')).max(100).optional(),
  employmentTypes: z.array(z.enum(employmentTypes)).max(10).optional(),
});

const taskSchema = z.strictObject({
  title: text(200),
  description: text(2000).nullable().optional(),
  assignee: assigneeSchema,
  dueOffsetDays: z.number().int().min(-365).max(365).describe('Days from the hire (onboarding) or last day (offboarding); −7 is a week before'),
  condition: conditionSchema.nullable().optional(),
}).meta({ id: 'ChecklistTemplateTask' });

const templateInput = { name: text(120), kind: z.enum(checklistKinds), tasks: z.array(taskSchema).min(1).max(100) };

export const templateSchema = z.strictObject({
  id: idOf('clt'),
  name: z.string(),
  kind: z.enum(checklistKinds),
  tasks: z.array(taskSchema),
  version: z.number().int(),
  createdAt: instant,
  updatedAt: instant,
  archivedAt: instant.nullable(),
}).meta({ id: 'ChecklistTemplate' });

const view = (t: ChecklistTemplateRow) => ({ ...t });

/** Ids a template names must exist now, or its tasks would go nowhere; named by field. */
function assertReferences(state: TenantState, tasks: TaskTemplate[]) {
  tasks.forEach((task, i) => {
    if (task.assignee.type === 'user' && state.identity.users.get(task.assignee.userId)?.status !== 'active') {
      throw unprocessable('unknown_user', 'The assignee is not an active user of this company.', `tasks.${i}.assignee.userId`);
    }
    task.condition?.locationIds?.forEach((id, j) => {
      if (!state.organisation.locations.has(id)) throw unprocessable('unknown_location', 'No such location.', `tasks.${i}.condition.locationIds.${j}`);
    });
    task.condition?.departmentIds?.forEach((id, j) => {
      if (!state.organisation.departments.has(id)) throw unprocessable('unknown_department', 'No such department.', `tasks.${i}.condition.departmentIds.${j}`);
    });
  });
}

export const createChecklistTemplate = tenantMessage.command({
  type: 'checklistTemplates.create',
  access: peopleManagers,
  input: z.strictObject(templateInput),
  output: templateSchema,
  route: { method: 'POST', path: '/v1/checklist-templates', status: 201, summary: 'Create an onboarding or offboarding checklist template' },
  handler: async (input, ctx) => {
    assertReferences(ctx.state, input.tasks);
    const at = ctx.now.toISOString();
    const row: ChecklistTemplateRow = { id: ctx.ids.next('clt'), name: input.name, kind: input.kind, tasks: input.tasks, version: 1, createdAt: at, updatedAt: at, archivedAt: null };
    await ctx.db.insert(checklistTemplates).values(row);
    ctx.audit({ entity: 'checklist_template', id: row.id, after: view(row) });
    return view(row);
  },
});

export const listChecklistTemplates = tenantMessage.query({
  type: 'checklistTemplates.list',
  access: peopleManagers,
  input: z.strictObject({ kind: z.enum(checklistKinds).optional(), archived: z.enum(['true', 'false']).default('false') }),
  output: listOf(templateSchema),
  route: { method: 'GET', path: '/v1/checklist-templates', summary: 'Checklist templates (active ones unless archived=true)' },
  handler: async ({ kind, archived }, { db }) => {
    const rows = await db
      .select()
      .from(checklistTemplates)
      .where(and(kind ? eq(checklistTemplates.kind, kind) : undefined, archived === 'true' ? undefined : isNull(checklistTemplates.archivedAt)))
      .orderBy(checklistTemplates.id);
    return { items: rows.map(view) };
  },
});

async function templateOf(db: Parameters<typeof listChecklistTemplates.handler>[1]['db'], id: string) {
  const [row] = await db.select().from(checklistTemplates).where(eq(checklistTemplates.id, id));
  if (!row) throw notFound('The checklist template');
  return row;
}

export const getChecklistTemplate = tenantMessage.query({
  type: 'checklistTemplates.get',
  access: peopleManagers,
  input: z.strictObject({ id: idOf('clt') }),
  output: templateSchema,
  route: { method: 'GET', path: '/v1/checklist-templates/:id', summary: 'One checklist template' },
  handler: async ({ id }, { db }) => view(await templateOf(db, id)),
});

/** Replacing a template's tasks changes the checklists started from now on, not the ones running. */
export const replaceChecklistTemplate = tenantMessage.command({
  type: 'checklistTemplates.replace',
  access: peopleManagers,
  input: z.strictObject({ id: idOf('clt'), name: templateInput.name, tasks: templateInput.tasks }),
  output: templateSchema,
  route: { method: 'PUT', path: '/v1/checklist-templates/:id', summary: "Replace a template's name and tasks (running checklists keep theirs)" },
  handler: async ({ id, name, tasks }, ctx) => {
    const before = await templateOf(ctx.db, id);
    assertReferences(ctx.state, tasks);
    const after = { ...before, name, tasks, version: before.version + 1, updatedAt: ctx.now.toISOString() };
    await ctx.db.update(checklistTemplates).set(after).where(eq(checklistTemplates.id, id));
    ctx.audit({ entity: 'checklist_template', id, before: view(before), after: view(after) });
    return view(after);
  },
});

export const archiveChecklistTemplate = tenantMessage.command({
  type: 'checklistTemplates.archive',
  access: peopleManagers,
  input: z.strictObject({ id: idOf('clt') }),
  route: { method: 'DELETE', path: '/v1/checklist-templates/:id', summary: 'Archive a template: it starts no more checklists', empty: true },
  handler: async ({ id }, ctx) => {
    const before = await templateOf(ctx.db, id);
    if (!before.archivedAt) await ctx.db.update(checklistTemplates).set({ archivedAt: ctx.now.toISOString() }).where(eq(checklistTemplates.id, id));
    ctx.audit({ entity: 'checklist_template', id, before: view(before) });
    return undefined;
  },
});
