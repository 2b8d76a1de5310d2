import { limitOne } from '../core/prepared';
import { and, asc, eq, inArray, isNotNull, lt, or } from 'drizzle-orm';
import { z } from 'zod';
import { conflict, forbidden, notFound } from '../core/errors';
import type { CommandCtx, QueryCtx } from '../core/message';
import { everyone, peopleManagers, roles } from '../core/principal';
import { instant, listOf } from '../core/reply';
import { idOf, isoDate, text } from '../core/text';
import { deliverNotifications } from '../notifications/notifications';
import { seesEmployment, viewerOf } from '../people/visibility';
import { tenantMessage, type TenantServices, type TenantState } from '../tenant/context';
import { tenantToday } from '../tenant/today';
import { checklistCompleted, taskClosed, taskOverdue } from './events';
import { checklistKinds, checklistStatuses, checklists, checklistTasks, taskStatuses, type ChecklistRow, type ChecklistTaskRow } from './checklists.sql.ts';
import { isAssignee, isOverdue, reminderDates } from './rules';
import { actingOn, nameOf, recipientsOf, reminderTimerKey, scheduleReminder } from './start';

type Ctx = CommandCtx<TenantState, TenantServices>;
type Read = QueryCtx<TenantState, TenantServices>;

const taskSchema = z.strictObject({
  id: idOf('ctk'),
  checklistId: idOf('chk'),
  employeeId: idOf('emp'),
  employeeName: z.string().describe('Who the task is for: the person joining or leaving'),
  title: z.string(),
  description: z.string().nullable(),
  assignee: z
    .strictObject({
      employeeId: idOf('emp').nullable().describe("The person (the employee or their manager) whose task it is, acted on by the account linked to them"),
      userId: idOf('usr').nullable().describe('Who acts on it now'),
      role: z.enum(roles).nullable().describe('Or: anyone holding this role (HR for a person with no linked account)'),
    }),
  dueDate: isoDate,
  overdue: z.boolean(),
  status: z.enum(taskStatuses),
  note: z.string().nullable(),
  closedBy: z.string().nullable(),
  closedAt: instant.nullable(),
}).meta({ id: 'ChecklistTask' });

const progressSchema = z.strictObject({
  total: z.number().int(),
  done: z.number().int(),
  skipped: z.number().int(),
  open: z.number().int(),
  overdue: z.number().int(),
  percent: z.number().int().min(0).max(100).describe('Closed (done or skipped) of the tasks not cancelled'),
});

const checklistSchema = z.strictObject({
  id: idOf('chk'),
  employeeId: idOf('emp'),
  employeeName: z.string(),
  templateId: idOf('clt'),
  name: z.string(),
  kind: z.enum(checklistKinds),
  anchorDate: isoDate.describe('The hire day (onboarding) or last day (offboarding) due dates count from'),
  status: z.enum(checklistStatuses),
  startedAt: instant,
  closedAt: instant.nullable(),
  progress: progressSchema,
}).meta({ id: 'Checklist' });

const taskView = (state: TenantState, today: string, t: ChecklistTaskRow) => ({
  id: t.id,
  checklistId: t.checklistId,
  employeeId: t.employeeId,
  employeeName: nameOf(state.people.employees.get(t.employeeId)),
  title: t.title,
  description: t.description,
  assignee: { employeeId: t.assigneeEmployeeId, ...(actingOn(state, t) as { userId: string | null; role: (typeof roles)[number] | null }) },
  dueDate: t.dueDate,
  overdue: isOverdue(t, today),
  status: t.status,
  note: t.note,
  closedBy: t.closedBy,
  closedAt: t.closedAt,
});

function progressOf(tasks: ChecklistTaskRow[], today: string) {
  const live = tasks.filter((t) => t.status !== 'cancelled');
  const count = (s: string) => live.filter((t) => t.status === s).length;
  const closed = count('done') + count('skipped');
  return {
    total: live.length,
    done: count('done'),
    skipped: count('skipped'),
    open: count('open'),
    overdue: live.filter((t) => isOverdue(t, today)).length,
    percent: live.length === 0 ? 100 : Math.floor((closed * 100) / live.length),
  };
}

async function checklistViews(ctx: Read, rows: ChecklistRow[]) {
  const today = tenantToday(ctx.state, ctx.now);
  const tasks = rows.length === 0 ? [] : await ctx.db.select().from(checklistTasks).where(inArray(checklistTasks.checklistId, rows.map((r) => r.id))).orderBy(asc(checklistTasks.dueDate), asc(checklistTasks.id));
  return rows.map((c) => {
    const mine = tasks.filter((t) => t.checklistId === c.id);
    return {
      id: c.id,
      employeeId: c.employeeId,
      employeeName: nameOf(ctx.state.people.employees.get(c.employeeId)),
      templateId: c.templateId,
      name: c.name,
      kind: c.kind,
      anchorDate: c.anchorDate,
      status: c.status,
      startedAt: c.startedAt,
      closedAt: c.closedAt,
      progress: progressOf(mine, today),
      tasks: mine.map((t) => taskView(ctx.state, today, t)),
    };
  });
}

export const employeeChecklists = tenantMessage.query({
  type: 'checklists.ofEmployee',
  access: everyone,
  input: z.strictObject({ id: idOf('emp') }),
  output: listOf(checklistSchema.extend({ tasks: z.array(taskSchema) })),
  route: { method: 'GET', path: '/v1/employees/:id/checklists', summary: "An employee's onboarding and offboarding checklists, with their tasks" },
  handler: async ({ id }, ctx) => {
    if (!seesEmployment(viewerOf(ctx.state, ctx.principal), ctx.state.people.employees.get(id))) throw notFound('The employee');
    const rows = await ctx.db.select().from(checklists).where(eq(checklists.employeeId, id)).orderBy(asc(checklists.id));
    return { items: await checklistViews(ctx, rows) };
  },
});

export const checklistProgress = tenantMessage.query({
  type: 'checklists.progress',
  access: peopleManagers,
  input: z.strictObject({ status: z.enum(checklistStatuses).default('open'), kind: z.enum(checklistKinds).optional() }),
  output: listOf(checklistSchema),
  route: { method: 'GET', path: '/v1/checklists', summary: 'Progress of every checklist, per person (open ones unless a status is given)' },
  handler: async ({ status, kind }, ctx) => {
    const rows = await ctx.db.select().from(checklists).where(and(eq(checklists.status, status), kind ? eq(checklists.kind, kind) : undefined)).orderBy(asc(checklists.id));
    return { items: (await checklistViews(ctx, rows)).map(({ tasks: _tasks, ...progress }) => progress) };
  },
});

export const overdueTasks = tenantMessage.query({
  type: 'checklists.overdue',
  access: peopleManagers,
  input: z.strictObject({}),
  output: listOf(taskSchema),
  route: { method: 'GET', path: '/v1/checklist-tasks/overdue', summary: "Open tasks past their due date in the company's calendar, oldest first" },
  handler: async (_input, ctx) => {
    const today = tenantToday(ctx.state, ctx.now);
    const rows = await ctx.db.select().from(checklistTasks).where(and(eq(checklistTasks.status, 'open'), lt(checklistTasks.dueDate, today))).orderBy(asc(checklistTasks.dueDate), asc(checklistTasks.id));
    return { items: rows.map((t) => taskView(ctx.state, today, t)) };
  },
});

function signedIn(ctx: Read) {
  if (ctx.principal.kind !== 'user') throw forbidden('Tasks belong to signed-in users.');
  return { userId: ctx.principal.userId, role: ctx.principal.role };
}

export const myTasks = tenantMessage.query({
  type: 'checklists.myTasks',
  access: everyone,
  input: z.strictObject({ status: z.enum(['open', 'closed', 'all']).default('open') }),
  output: listOf(taskSchema),
  route: { method: 'GET', path: '/v1/me/tasks', summary: 'The checklist tasks assigned to me (to me by name, or to my role)' },
  handler: async ({ status }, ctx) => {
    const me = signedIn(ctx);
    const today = tenantToday(ctx.state, ctx.now);
    const statuses = status === 'open' ? ['open' as const] : status === 'closed' ? (['done', 'skipped'] as const) : (['open', 'done', 'skipped'] as const);
    const rows = await ctx.db
      .select()
      .from(checklistTasks)
      .where(and(inArray(checklistTasks.status, [...statuses]), or(eq(checklistTasks.assigneeUserId, me.userId), eq(checklistTasks.assigneeRole, me.role), isNotNull(checklistTasks.assigneeEmployeeId))))
      .orderBy(asc(checklistTasks.dueDate), asc(checklistTasks.id));
    return { items: rows.filter((t) => isAssignee(actingOn(ctx.state, t), me)).map((t) => taskView(ctx.state, today, t)) };
  },
});

async function closeTask(ctx: Ctx, id: string, status: 'done' | 'skipped', note: string | null) {
  const me = signedIn(ctx);
  const [task] = await ctx.db.select().from(checklistTasks).where(eq(checklistTasks.id, id));
  if (!task) throw notFound('The task');
  if (!isAssignee(actingOn(ctx.state, task), me)) throw forbidden('Only the assignee of this task may close it.');
  if (task.status !== 'open') throw conflict('task_closed', `This task is already ${task.status}.`);
  const closed: ChecklistTaskRow = { ...task, status, note, closedBy: me.userId, closedAt: ctx.now.toISOString() };
  await ctx.db.update(checklistTasks).set(closed).where(eq(checklistTasks.id, id));
  await ctx.cancelTimer(reminderTimerKey(id));
  ctx.audit({ entity: 'checklist_task', id, before: { status: task.status }, after: { status, note } });
  const [checklist] = await ctx.db.select().from(checklists).where(eq(checklists.id, task.checklistId));
  const facts = { taskId: id, checklistId: task.checklistId, employeeId: task.employeeId, title: task.title, dueDate: task.dueDate };
  ctx.emit(taskClosed.create(task.checklistId, { ...facts, status }, [task.employeeId, me.userId]));
  const stillOpen = await ctx.db.select({ id: checklistTasks.id }).from(checklistTasks).where(and(eq(checklistTasks.checklistId, task.checklistId), eq(checklistTasks.status, 'open'))).limit(limitOne);
  if (checklist && checklist.status === 'open' && stillOpen.length === 0) {
    await ctx.db.update(checklists).set({ status: 'completed', closedAt: ctx.now.toISOString() }).where(eq(checklists.id, checklist.id));
    ctx.emit(checklistCompleted.create(checklist.id, { checklistId: checklist.id, employeeId: checklist.employeeId, kind: checklist.kind, name: checklist.name }, [checklist.employeeId]));
  }
  return taskView(ctx.state, tenantToday(ctx.state, ctx.now), closed);
}

export const completeTask = tenantMessage.command({
  type: 'checklists.completeTask',
  access: everyone,
  input: z.strictObject({ id: idOf('ctk'), note: text(2000).optional() }),
  output: taskSchema,
  route: { method: 'POST', path: '/v1/me/tasks/:id/complete', summary: 'Complete a task assigned to me, with an optional note' },
  handler: ({ id, note }, ctx) => closeTask(ctx, id, 'done', note ?? null),
});

export const skipTask = tenantMessage.command({
  type: 'checklists.skipTask',
  access: everyone,
  input: z.strictObject({ id: idOf('ctk'), note: text(2000).describe('Why it is skipped: required, so the record explains itself') }),
  output: taskSchema,
  route: { method: 'POST', path: '/v1/me/tasks/:id/skip', summary: 'Skip a task assigned to me, saying why' },
  handler: ({ id, note }, ctx) => closeTask(ctx, id, 'skipped', note),
});

/** The reminder timer: an open task past due reminds its assignees, then again weekly. */
export const remindOverdueTask = tenantMessage.command({
  type: 'checklists.remindOverdue',
  access: 'system',
  input: z.strictObject({ id: idOf('ctk') }),
  handler: async ({ id }, ctx) => {
    const [task] = await ctx.db.select().from(checklistTasks).where(eq(checklistTasks.id, id));
    const today = tenantToday(ctx.state, ctx.now);
    if (!task || !isOverdue(task, today)) return { reminded: 0 };
    const users = recipientsOf(ctx.state, task);
    ctx.emit(taskOverdue.create(task.checklistId, { taskId: id, checklistId: task.checklistId, employeeId: task.employeeId, title: task.title, dueDate: task.dueDate }, users));
    const who = nameOf(ctx.state.people.employees.get(task.employeeId));
    await deliverNotifications(ctx, 'checklist.task_overdue', task.checklistId, users.map((userId) => ({ userId, title: 'Reminder: a task is overdue', body: `"${task.title}" for ${who} was due ${task.dueDate}.` })));
    await scheduleReminder(ctx, task, reminderDates.next(today));
    return { reminded: users.length };
  },
});
