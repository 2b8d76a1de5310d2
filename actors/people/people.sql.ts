import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const employeeStatuses = ['active', 'on_leave', 'terminated'] as const;
export const employmentTypes = ['full_time', 'part_time', 'contractor', 'intern', 'temporary'] as const;
/** A history row is `scheduled` until its day, then `applied`; `cancelled` if withdrawn, `void` if it could no longer apply. */
export const eventStates = ['scheduled', 'applied', 'cancelled', 'void'] as const;

export interface Address {
  line1: string;
  line2?: string | undefined;
  city: string;
  postalCode?: string | undefined;
  region?: string | undefined;
  country: string;
}
export interface EmergencyContact {
  name: string;
  relationship?: string | undefined;
  phone: string;
}

/**
 * The employee as of today. Employment fields (department, location, title, manager, type,
 * status) change through lifecycle events, kept in `employee_events`; this row is their
 * fold up to today, so reads need no history.
 */
export const employees = sqliteTable(
  'employees',
  {
    id: text('id').primaryKey(),
    /** Legal names. */
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    preferredName: text('preferred_name'),
    workEmail: text('work_email').notNull(),
    workPhone: text('work_phone'),
    jobTitle: text('job_title'),
    departmentId: text('department_id'),
    locationId: text('location_id'),
    managerId: text('manager_id'),
    employmentType: text('employment_type', { enum: employmentTypes }).notNull(),
    hireDate: text('hire_date').notNull(),
    status: text('status', { enum: employeeStatuses }).notNull(),
    terminationDate: text('termination_date'),
    terminationReason: text('termination_reason'),
    /** The id in the company's other systems; CSV imports upsert by it. */
    externalId: text('external_id'),
    birthDate: text('birth_date'),
    address: text('address', { mode: 'json' }).$type<Address>(),
    emergencyContact: text('emergency_contact', { mode: 'json' }).$type<EmergencyContact>(),
    /** Bumped by every change; the ETag is made from it. */
    version: integer('version').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('employees_work_email').on(t.workEmail),
    // Partial: most employees have no external id, and a hire then adds no page of this index
    // to its commit. It only keeps ids unique (NULLs never collided); lookups go through state.
    uniqueIndex('employees_external_id').on(t.externalId).where(sql`external_id IS NOT NULL`),
    index('employees_manager').on(t.managerId),
  ],
);

export type EmployeeRow = typeof employees.$inferSelect;

export const lifecycleTypes = ['hire', 'transfer', 'title_change', 'manager_change', 'employment_change', 'termination', 'rehire', 'update', 'hire_date_correction', 'termination_date_correction'] as const;
export type LifecycleType = (typeof lifecycleTypes)[number];

/** The employment fields a lifecycle event may set. */
export interface EmploymentChanges {
  departmentId?: string | null;
  locationId?: string | null;
  jobTitle?: string | null;
  managerId?: string | null;
  employmentType?: EmployeeRow['employmentType'];
  status?: EmployeeRow['status'];
  hireDate?: string;
  terminationDate?: string | null;
  terminationReason?: string | null;
}

/** Every change to employment, dated; `state` says whether it has taken effect (see eventStates). */
export const employeeEvents = sqliteTable(
  'employee_events',
  {
    id: text('id').primaryKey(),
    employeeId: text('employee_id').notNull(),
    type: text('type', { enum: lifecycleTypes }).notNull(),
    effectiveDate: text('effective_date').notNull(),
    changes: text('changes', { mode: 'json' }).$type<EmploymentChanges>().notNull(),
    reason: text('reason'),
    state: text('state', { enum: eventStates }).notNull(),
    recordedAt: text('recorded_at').notNull(),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [
    index('employee_events_employee').on(t.employeeId, t.effectiveDate),
    // Only the changes still to come: a change that applies at once (nearly all of them) adds
    // no page of this index to its commit (SQLite matches the bound 'scheduled' to it).
    index('employee_events_scheduled').on(t.effectiveDate).where(sql`state = 'scheduled'`),
  ],
);
export type EmployeeEventRow = typeof employeeEvents.$inferSelect;

/** A CSV import: its outcome, kept so that the caller (or anyone in HR) can look it up later. */
export const employeeImports = sqliteTable('employee_imports', {
  id: text('id').primaryKey(),
  status: text('status', { enum: ['queued', 'validated', 'invalid', 'completed'] }).notNull(),
  dryRun: integer('dry_run', { mode: 'boolean' }).notNull(),
  /** The file, kept only while the import is queued. */
  source: text('source'),
  rows: integer('rows').notNull(),
  created: integer('created').notNull(),
  updated: integer('updated').notNull(),
  errors: text('errors', { mode: 'json' }).$type<{ row: number; column: string; message: string }[]>().notNull(),
  queuedAt: text('queued_at').notNull(),
  startedAt: text('started_at'),
  finishedAt: text('finished_at'),
  requestedBy: text('requested_by').notNull(),
});
export type EmployeeImportRow = typeof employeeImports.$inferSelect;
