import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const employeeStatuses = ['active', 'on_leave', 'terminated'] as const;

export const employees = sqliteTable(
  'employees',
  {
    id: text('id').primaryKey(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    workEmail: text('work_email').notNull(),
    jobTitle: text('job_title'),
    department: text('department'),
    managerId: text('manager_id'),
    hireDate: text('hire_date').notNull(),
    status: text('status', { enum: employeeStatuses }).notNull(),
    /** Bumped by every change; the ETag is made from it. */
    version: integer('version').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('employees_work_email').on(t.workEmail), index('employees_manager').on(t.managerId)],
);

export type EmployeeRow = typeof employees.$inferSelect;
