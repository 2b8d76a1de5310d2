import { and, eq, isNull } from 'drizzle-orm';
import type { PublishedEvent } from '../core/event';
import type { CommandCtx } from '../core/message';
import { addDays } from '../organisation/calendar';
import { deliverNotifications } from '../notifications/notifications';
import type { EmployeeEventRow, EmployeeRow } from '../people/people.sql.ts';
import { userOfEmployee } from '../people/visibility';
import type { TenantServices, TenantState } from '../tenant/context';
import { tenantDayStart, tenantToday } from '../tenant/today';
import { checklistCancelled, checklistDatesMoved, checklistStarted } from './events';
import { checklists, checklistTasks, checklistTemplates, type ChecklistKind, type ChecklistRow, type ChecklistTaskRow } from './checklists.sql.ts';
import { actingFor, appliesTo, dueDateOf, reminderDates, resolveAssignee } from './rules';

type Ctx = CommandCtx<TenantState, TenantServices>;

/**
 * A record created for someone who joined long before (an import of existing staff) is not
 * a hire to onboard: onboarding starts only for hires from this many days ago on.
 */
export const onboardingLookbackDays = 30;

export const reminderTimerKey = (taskId: string) => `checklist-task:${taskId}`;

type Assigned = Pick<ChecklistTaskRow, 'assigneeEmployeeId' | 'assigneeUserId' | 'assigneeRole'>;

/** Who acts on a task now (see rules.ts: a person's task goes to their linked account, else HR). */
export const actingOn = (state: TenantState, t: Assigned) =>
  actingFor({ employeeId: t.assigneeEmployeeId, userId: t.assigneeUserId, role: t.assigneeRole }, (id) => userOfEmployee(state, id));

/** Whose hands a task is in: the acting user, or every active user holding the acting role. */
export function recipientsOf(state: TenantState, task: Assigned): string[] {
  const acting = actingOn(state, task);
  if (acting.userId) return state.identity.users.get(acting.userId)?.status === 'active' ? [acting.userId] : [];
  return [...state.identity.users.values()].filter((u) => u.status === 'active' && u.role === acting.role).map((u) => u.id);
}

export const nameOf = (e: EmployeeRow | undefined) => (e ? `${e.preferredName ?? e.firstName} ${e.lastName}` : 'an employee');

/** The first reminder: the day after the due date, but never before tomorrow (a task due in the past at start was just assigned). */
export async function scheduleReminder(ctx: Ctx, task: ChecklistTaskRow, day?: string) {
  const tomorrow = addDays(tenantToday(ctx.state, ctx.now), 1);
  const first = reminderDates.first(task.dueDate);
  const on = day ?? (first > tomorrow ? first : tomorrow);
  await ctx.schedule({ key: reminderTimerKey(task.id), at: tenantDayStart(ctx.state, on), type: 'checklists.remindOverdue', payload: { id: task.id } });
}

/**
 * Reaction to the people context's events, in the same transaction: a hire or rehire
 * starts onboarding, a termination (recorded ahead or effective now) starts offboarding, a
 * moved hire date moves the open onboarding tasks. Starts are idempotent by their key.
 */
export async function reactChecklists(events: readonly PublishedEvent[], ctx: Ctx) {
  const today = tenantToday(ctx.state, ctx.now);
  for (const event of events) {
    if (event.type === 'employee.created') {
      const e = ctx.state.people.employees.get(event.subject);
      if (e && e.status !== 'terminated' && e.hireDate >= addDays(today, -onboardingLookbackDays)) await startChecklists(ctx, 'onboarding', e, e.hireDate);
    } else if (event.type === 'employee.lifecycle_scheduled') {
      const { employeeId, type, effectiveDate } = event.data as { employeeId: string; type: string; effectiveDate: string };
      const e = ctx.state.people.employees.get(employeeId);
      if (!e) continue;
      if (type === 'termination') await startChecklists(ctx, 'offboarding', e, effectiveDate);
      if (type === 'rehire') await startChecklists(ctx, 'onboarding', e, effectiveDate);
    } else if (event.type === 'employee.updated') {
      const { changed } = event.data as { changed: string[] };
      const e = ctx.state.people.employees.get(event.subject);
      if (!e) continue;
      if (changed.includes('status') && e.status === 'terminated' && e.terminationDate) await startChecklists(ctx, 'offboarding', e, e.terminationDate);
      else if (changed.includes('status') && changed.includes('hireDate') && e.status === 'active') await startChecklists(ctx, 'onboarding', e, e.hireDate);
      else if (changed.includes('hireDate')) await moveOnboarding(ctx, e);
    }
  }
}

export async function startChecklists(ctx: Ctx, kind: ChecklistKind, employee: EmployeeRow, anchorDate: string) {
  const templates = await ctx.db
    .select()
    .from(checklistTemplates)
    .where(and(eq(checklistTemplates.kind, kind), isNull(checklistTemplates.archivedAt)))
    .orderBy(checklistTemplates.id);
  for (const template of templates) {
    const wanted = template.tasks.filter((t) => appliesTo(t.condition, employee));
    if (wanted.length === 0) continue;
    const startKey = `${kind}:${employee.id}:${anchorDate}:${template.id}`;
    const [already] = await ctx.db.select({ id: checklists.id }).from(checklists).where(eq(checklists.startKey, startKey));
    if (already) continue;
    const checklist: ChecklistRow = {
      id: ctx.ids.next('chk'),
      startKey,
      employeeId: employee.id,
      templateId: template.id,
      name: template.name,
      kind,
      anchorDate,
      status: 'open',
      startedAt: ctx.now.toISOString(),
      closedAt: null,
    };
    await ctx.db.insert(checklists).values(checklist);
    const tasks: ChecklistTaskRow[] = wanted.map((t) => {
      const assignee = resolveAssignee(t.assignee, employee);
      return {
        id: ctx.ids.next('ctk'),
        checklistId: checklist.id,
        employeeId: employee.id,
        title: t.title,
        description: t.description ?? null,
        assigneeEmployeeId: assignee.employeeId,
        assigneeUserId: assignee.userId,
        assigneeRole: assignee.role,
        offsetDays: t.dueOffsetDays,
        dueDate: dueDateOf(anchorDate, t.dueOffsetDays),
        status: 'open',
        note: null,
        closedBy: null,
        closedAt: null,
      };
    });
    await ctx.db.insert(checklistTasks).values(tasks);
    for (const task of tasks) await scheduleReminder(ctx, task);
    const recipients = new Map<string, ChecklistTaskRow[]>();
    for (const task of tasks) for (const userId of recipientsOf(ctx.state, task)) recipients.set(userId, [...(recipients.get(userId) ?? []), task]);
    ctx.emit(
      checklistStarted.create(checklist.id, { checklistId: checklist.id, employeeId: employee.id, kind, name: checklist.name, anchorDate, tasks: tasks.length }, [employee.id, ...recipients.keys()]),
    );
    const drafts = [...recipients].map(([userId, mine]) => ({
      userId,
      title: kind === 'onboarding' ? 'Onboarding tasks for you' : 'Offboarding tasks for you',
      body: `${mine.length} task${mine.length === 1 ? '' : 's'} for ${nameOf(employee)} (${checklist.name}), first due ${mine.map((t) => t.dueDate).sort()[0]}: ${mine.map((t) => t.title).join('; ')}.`,
    }));
    await deliverNotifications(ctx, 'checklist.task_assigned', checklist.id, drafts);
  }
}

/** A withdrawn termination (or rehire) cancels the checklist it started, with its open tasks. */
export async function withdrawChecklists(ctx: Ctx, withdrawn: Pick<EmployeeEventRow, 'employeeId' | 'type' | 'effectiveDate'>) {
  const kind = withdrawn.type === 'termination' ? 'offboarding' : withdrawn.type === 'rehire' ? 'onboarding' : undefined;
  if (!kind) return;
  const open = await ctx.db
    .select()
    .from(checklists)
    .where(and(eq(checklists.employeeId, withdrawn.employeeId), eq(checklists.kind, kind), eq(checklists.anchorDate, withdrawn.effectiveDate), eq(checklists.status, 'open')));
  for (const checklist of open) {
    const at = ctx.now.toISOString();
    const tasks = await ctx.db.select().from(checklistTasks).where(and(eq(checklistTasks.checklistId, checklist.id), eq(checklistTasks.status, 'open')));
    for (const task of tasks) await ctx.cancelTimer(reminderTimerKey(task.id));
    await ctx.db.update(checklistTasks).set({ status: 'cancelled', closedAt: at, closedBy: 'system' }).where(and(eq(checklistTasks.checklistId, checklist.id), eq(checklistTasks.status, 'open')));
    await ctx.db.update(checklists).set({ status: 'cancelled', closedAt: at }).where(eq(checklists.id, checklist.id));
    ctx.emit(checklistCancelled.create(checklist.id, { checklistId: checklist.id, employeeId: checklist.employeeId, kind, name: checklist.name }, [checklist.employeeId]));
  }
}

/** The hire date moved: open onboarding tasks keep their offset from it, so their due dates move. */
async function moveOnboarding(ctx: Ctx, employee: EmployeeRow) {
  const open = await ctx.db.select().from(checklists).where(and(eq(checklists.employeeId, employee.id), eq(checklists.kind, 'onboarding'), eq(checklists.status, 'open')));
  for (const checklist of open) {
    if (checklist.anchorDate === employee.hireDate) continue;
    await ctx.db.update(checklists).set({ anchorDate: employee.hireDate }).where(eq(checklists.id, checklist.id));
    const tasks = await ctx.db.select().from(checklistTasks).where(and(eq(checklistTasks.checklistId, checklist.id), eq(checklistTasks.status, 'open')));
    for (const task of tasks) {
      const moved = { ...task, dueDate: dueDateOf(employee.hireDate, task.offsetDays) };
      await ctx.db.update(checklistTasks).set({ dueDate: moved.dueDate }).where(eq(checklistTasks.id, task.id));
      await scheduleReminder(ctx, moved);
    }
    ctx.emit(checklistDatesMoved.create(checklist.id, { checklistId: checklist.id, employeeId: employee.id, kind: 'onboarding', name: checklist.name, anchorDate: employee.hireDate }, [employee.id]));
  }
}
