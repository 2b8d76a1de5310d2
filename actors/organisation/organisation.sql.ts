import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Departments form a tree through `parentId`; an archived one keeps its history. */
export const departments = sqliteTable(
  'departments',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    parentId: text('parent_id'),
    headEmployeeId: text('head_employee_id'),
    archivedAt: text('archived_at'),
    version: integer('version').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('departments_parent').on(t.parentId)],
);
export type DepartmentRow = typeof departments.$inferSelect;

/** A place people work from: its time zone and weekend decide their days. */
export const locations = sqliteTable('locations', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** An IANA zone, e.g. Europe/Berlin. */
  timeZone: text('time_zone').notNull(),
  /** Days of the week that are not worked, 0 = Sunday … 6 = Saturday. */
  weekendDays: text('weekend_days', { mode: 'json' }).$type<number[]>().notNull(),
  country: text('country'),
  archivedAt: text('archived_at'),
  version: integer('version').notNull(),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});
export type LocationRow = typeof locations.$inferSelect;

/** The location's holiday calendar: one row per day off. */
export const holidays = sqliteTable(
  'holidays',
  {
    id: text('id').primaryKey(),
    locationId: text('location_id').notNull(),
    date: text('date').notNull(),
    name: text('name').notNull(),
    /** A half-day holiday (an afternoon off) counts as half a working day. */
    halfDay: integer('half_day', { mode: 'boolean' }).notNull(),
  },
  (t) => [uniqueIndex('holidays_location_date').on(t.locationId, t.date)],
);
export type HolidayRow = typeof holidays.$inferSelect;

export const jobTitles = sqliteTable(
  'job_titles',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    archivedAt: text('archived_at'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('job_titles_name').on(t.name)],
);
export type JobTitleRow = typeof jobTitles.$inferSelect;
