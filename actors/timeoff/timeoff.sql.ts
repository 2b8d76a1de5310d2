import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const leaveTypes = sqliteTable('leave_types', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  unit: text('unit', { enum: ['days', 'hours'] }).notNull(),
  paid: integer('paid', { mode: 'boolean' }).notNull(),
  createdAt: text('created_at').notNull(),
});

/** How a leave type is earned: a yearly entitlement, accrued monthly, for everyone. */
export const policies = sqliteTable('timeoff_policies', {
  id: text('id').primaryKey(),
  leaveTypeId: text('leave_type_id').notNull(),
  name: text('name').notNull(),
  yearlyEntitlement: real('yearly_entitlement').notNull(),
  accrual: text('accrual', { enum: ['monthly'] }).notNull(),
  /** First month the policy accrues for (`YYYY-MM-DD`, a first of month). */
  startsOn: text('starts_on').notNull(),
  createdAt: text('created_at').notNull(),
});

export const ledgerKinds = ['grant', 'accrual', 'usage', 'adjustment', 'expiry'] as const;

/**
 * The balance ledger: a balance is the sum of its entries up to a date. An accrual names its
 * period, and the unique index makes a period's accrual impossible to grant twice, whatever
 * runs twice (a timer and a manual run, or a run repeated after a crash).
 */
export const ledger = sqliteTable(
  'timeoff_ledger',
  {
    id: text('id').primaryKey(),
    employeeId: text('employee_id').notNull(),
    leaveTypeId: text('leave_type_id').notNull(),
    kind: text('kind', { enum: ledgerKinds }).notNull(),
    amount: real('amount').notNull(),
    effectiveOn: text('effective_on').notNull(),
    /** `YYYY-MM` for accruals, null otherwise. */
    period: text('period'),
    reason: text('reason'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('timeoff_ledger_accrual').on(t.employeeId, t.leaveTypeId, t.kind, t.period),
    index('timeoff_ledger_employee').on(t.employeeId, t.leaveTypeId, t.effectiveOn),
  ],
);

export type LeaveTypeRow = typeof leaveTypes.$inferSelect;
export type PolicyRow = typeof policies.$inferSelect;
export type LedgerRow = typeof ledger.$inferSelect;
