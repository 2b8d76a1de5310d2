import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { TaskTemplate } from './rules';

export const checklistKinds = ['onboarding', 'offboarding'] as const;
export type ChecklistKind = (typeof checklistKinds)[number];
export const checklistStatuses = ['open', 'completed', 'cancelled'] as const;
export const taskStatuses = ['open', 'done', 'skipped', 'cancelled'] as const;

/** HR's templates: the tasks a hire (onboarding) or a leaver (offboarding) brings. */
export const checklistTemplates = sqliteTable('checklist_templates', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: checklistKinds }).notNull(),
  tasks: text('tasks', { mode: 'json' }).$type<TaskTemplate[]>().notNull(),
  version: integer('version').notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
  archivedAt: text('archived_at'),
});

/**
 * One template started for one person. `startKey` (kind, employee, anchor day, template)
 * makes a start idempotent: a termination recorded ahead and applied on its day starts one.
 */
export const checklists = sqliteTable(
  'checklists',
  {
    id: text('id').primaryKey(),
    startKey: text('start_key').notNull(),
    employeeId: text('employee_id').notNull(),
    templateId: text('template_id').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: checklistKinds }).notNull(),
    /** The hire (onboarding) or last day (offboarding) the due dates count from. */
    anchorDate: text('anchor_date').notNull(),
    status: text('status', { enum: checklistStatuses }).notNull(),
    startedAt: text('started_at').notNull(),
    closedAt: text('closed_at'),
  },
  (t) => [uniqueIndex('checklists_start_key').on(t.startKey), index('checklists_employee').on(t.employeeId)],
);

export const checklistTasks = sqliteTable(
  'checklist_tasks',
  {
    id: text('id').primaryKey(),
    checklistId: text('checklist_id').notNull(),
    employeeId: text('employee_id').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    /**
     * Exactly one of three: a person (the employee or their manager, by employee id: whoever
     * account is linked to them when it is acted on), a named user, or anyone holding a role.
     */
    assigneeEmployeeId: text('assignee_employee_id'),
    assigneeUserId: text('assignee_user_id'),
    assigneeRole: text('assignee_role'),
    offsetDays: integer('offset_days').notNull(),
    dueDate: text('due_date').notNull(),
    status: text('status', { enum: taskStatuses }).notNull(),
    note: text('note'),
    closedBy: text('closed_by'),
    closedAt: text('closed_at'),
  },
  (t) => [index('checklist_tasks_checklist').on(t.checklistId), index('checklist_tasks_due').on(t.status, t.dueDate)],
);

export type ChecklistTemplateRow = typeof checklistTemplates.$inferSelect;
export type ChecklistRow = typeof checklists.$inferSelect;
export type ChecklistTaskRow = typeof checklistTasks.$inferSelect;
