import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Hours of one working day, wall-clock `HH:MM` in the employee's zone; an end at or before the start ends the next day (a night shift). */
export interface ScheduleHours {
  start: string;
  end: string;
}

/** ISO weekday (`1` = Monday … `7` = Sunday) → hours; a weekday left out is a day off. */
export type ScheduleDays = Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', ScheduleHours>>;

export const schedules = sqliteTable('attendance_schedules', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  days: text('days', { mode: 'json' }).$type<ScheduleDays>().notNull(),
  /** Minutes after the start a clock-in still counts as on time. */
  graceMinutes: integer('grace_minutes').notNull(),
  /** A shift longer than this is flagged for HR (a forgotten clock-out), not counted as worked. */
  maxShiftMinutes: integer('max_shift_minutes').notNull().default(960),
  version: integer('version').notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});
export type ScheduleRow = typeof schedules.$inferSelect;

/** Which schedule an employee works to; one row per employee, none when unassigned. */
export const scheduleAssignments = sqliteTable('attendance_schedule_assignments', {
  employeeId: text('employee_id').primaryKey(),
  scheduleId: text('schedule_id').notNull(),
  assignedAt: text('assigned_at').notNull(),
  assignedBy: text('assigned_by').notNull(),
});

export const punchKinds = ['in', 'out'] as const;
export const punchSources = ['web', 'mobile', 'integration', 'kiosk', 'correction'] as const;

/**
 * Every clock-in and clock-out ever recorded. A correction never edits or deletes a row: it
 * marks the rows it replaces `superseded` (naming the correction) and inserts new ones, so
 * what the employee punched stays visible next to what HR decided.
 */
export const punches = sqliteTable(
  'attendance_punches',
  {
    id: text('id').primaryKey(),
    employeeId: text('employee_id').notNull(),
    kind: text('kind', { enum: punchKinds }).notNull(),
    /** The instant, UTC ISO 8601. */
    at: text('at').notNull(),
    /** The IANA zone of the employee's location when the punch was made. */
    timeZone: text('time_zone').notNull(),
    /** The shift's date: the local date of its clock-in, so a night shift stays on the day it began. */
    workDate: text('work_date').notNull(),
    source: text('source', { enum: punchSources }).notNull(),
    /** The device's id for the punch; a retry with the same id is the same punch. Null for corrections. */
    clientEventId: text('client_event_id'),
    status: text('status', { enum: ['active', 'superseded'] }).notNull(),
    /** The correction that created this punch, if any. */
    correctionId: text('correction_id'),
    /** The correction that replaced or removed this punch, if any. */
    supersededBy: text('superseded_by'),
    recordedBy: text('recorded_by').notNull(),
    /** The time the device said, kept for the record when the server stamped the punch with its own. */
    clientAt: text('client_at'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('attendance_punches_client_event').on(t.employeeId, t.clientEventId),
    index('attendance_punches_employee_at').on(t.employeeId, t.status, t.at),
    index('attendance_punches_employee_date').on(t.employeeId, t.workDate),
  ],
);
export type PunchRow = typeof punches.$inferSelect;

/** HR's change to one employee's day, with the reason; the punches before and after are kept on the row. */
export const corrections = sqliteTable(
  'attendance_corrections',
  {
    id: text('id').primaryKey(),
    employeeId: text('employee_id').notNull(),
    workDate: text('work_date').notNull(),
    reason: text('reason').notNull(),
    before: text('before', { mode: 'json' }).$type<PunchSummary[]>().notNull(),
    after: text('after', { mode: 'json' }).$type<PunchSummary[]>().notNull(),
    correctedBy: text('corrected_by').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('attendance_corrections_employee').on(t.employeeId, t.workDate)],
);
export type CorrectionRow = typeof corrections.$inferSelect;

export interface PunchSummary {
  id: string;
  kind: 'in' | 'out';
  at: string;
}
