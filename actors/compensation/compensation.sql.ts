import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const payFrequencies = ['hourly', 'monthly', 'yearly'] as const;
export const compensationReasons = ['hire', 'merit', 'promotion', 'correction', 'adjustment'] as const;

/**
 * Pay, effective-dated: a row is in force from its date until the next row's date. Rows are
 * never changed or deleted; a mistake is fixed by a `correction` on the same date (the later
 * recorded wins), so the history stays what it was and every figure is recomputable.
 */
export const compensationRecords = sqliteTable(
  'compensation_records',
  {
    id: text('id').primaryKey(),
    employeeId: text('employee_id').notNull(),
    effectiveDate: text('effective_date').notNull(),
    /** A decimal string (up to 4 places), never a float: sums are exact. */
    amount: text('amount').notNull(),
    /** ISO 4217. */
    currency: text('currency').notNull(),
    frequency: text('frequency', { enum: payFrequencies }).notNull(),
    payGrade: text('pay_grade'),
    costCentre: text('cost_centre'),
    /** Full-time equivalent as a decimal string, 0 < fte ≤ 1. */
    fte: text('fte').notNull(),
    reason: text('reason', { enum: compensationReasons }).notNull(),
    note: text('note'),
    recordedAt: text('recorded_at').notNull(),
    recordedBy: text('recorded_by').notNull(),
  },
  (t) => [index('compensation_records_employee').on(t.employeeId, t.effectiveDate)],
);
export type CompensationRow = typeof compensationRecords.$inferSelect;

/** The company's choices about pay (one row). */
export const compensationSettings = sqliteTable('compensation_settings', {
  id: text('id').primaryKey(),
  /** Managers read their reports' pay (off by default: owner, HR and the employee only). */
  managersSeePay: integer('managers_see_pay', { mode: 'boolean' }).notNull(),
  updatedAt: text('updated_at').notNull(),
});
