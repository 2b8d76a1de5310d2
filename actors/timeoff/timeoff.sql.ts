import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { AppliesTo } from './scope';

export const leaveTypes = sqliteTable('leave_types', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  unit: text('unit', { enum: ['days', 'hours'] }).notNull(),
  paid: integer('paid', { mode: 'boolean' }).notNull(),
  /** Whether a request may start in the afternoon or end at noon (a half day at either end). */
  halfDaysAllowed: integer('half_days_allowed', { mode: 'boolean' }).notNull().default(false),
  /** False for sick or unpaid leave: no balance, no ledger rows, still approved and reported (see leave-rules.ts). */
  tracked: integer('tracked', { mode: 'boolean' }).notNull().default(true),
  /** Waiting period: a request may start this many days after the hire date at the earliest; null: none. */
  applicableAfterDays: integer('applicable_after_days'),
  /** The longest request, in calendar days from start to end; null: no limit. */
  maxConsecutiveDays: integer('max_consecutive_days'),
  /** How many days before today an employee may start a request (HR may go further); null: no limit. */
  maxBackdateDays: integer('max_backdate_days'),
  /** A sick note must be attached before approval when a request is longer than this many calendar days; null: never. */
  sickNoteAboveDays: integer('sick_note_above_days'),
  createdAt: text('created_at').notNull(),
});

/**
 * How a leave type is earned: a yearly entitlement, accrued monthly or granted yearly, for
 * the employees in scope, with an optional cap on what carries into the next year.
 */
export const policies = sqliteTable('timeoff_policies', {
  id: text('id').primaryKey(),
  leaveTypeId: text('leave_type_id').notNull(),
  name: text('name').notNull(),
  yearlyEntitlement: real('yearly_entitlement').notNull(),
  accrual: text('accrual', { enum: ['monthly', 'yearly'] }).notNull(),
  /** First month the policy accrues for (`YYYY-MM-DD`, a first of month). */
  startsOn: text('starts_on').notNull(),
  /** Requests may take the balance below zero (an advance on days not yet accrued). */
  allowNegative: integer('allow_negative', { mode: 'boolean' }).notNull().default(false),
  /** Days a balance may carry into a new policy year; null: all of it. */
  carryOverCap: real('carry_over_cap'),
  /** Carried days not used this many months into the year expire; null: never. */
  carryOverExpiresAfterMonths: integer('carry_over_expires_after_months'),
  appliesTo: text('applies_to', { mode: 'json' }).$type<AppliesTo>().notNull(),
  /** Retired: the policy governs nobody from this first of month on; null: open-ended. */
  endsOn: text('ends_on'),
  createdAt: text('created_at').notNull(),
  /** Bumped by every edit. */
  updatedAt: text('updated_at'),
});

export const ledgerKinds = ['grant', 'accrual', 'usage', 'adjustment', 'expiry', 'settlement'] as const;

/**
 * The balance ledger: a balance is the sum of its entries up to a date. Append-only: a row
 * is never edited or deleted. `usage` and `adjustment` rows are facts (an approved day off,
 * HR's decision); every other kind is derived from the employment periods and the
 * governing policies (see ledger/derive.ts), and a change to those facts appends correcting
 * rows with the same kind, period and date, so that the sum per (kind, period, date) always
 * equals the derivation (see ledger/reconcile.ts).
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
    /** `YYYY-MM` for monthly accruals, `YYYY` for yearly grants, `carry:YYYY` and `expire:YYYY` for carry-over expiries, `settle:YYYY-MM-DD` for the settlement of an earlier employment at a rehire; null otherwise. */
    period: text('period'),
    reason: text('reason'),
    /** The request a `usage` row (or its reversal) belongs to. */
    requestId: text('request_id'),
    /** What caused a derived row: the lifecycle event, policy, request or run (`eev_…`, `pol_…`, `tor_…`, `run:…`). */
    cause: text('cause'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    index('timeoff_ledger_period').on(t.employeeId, t.leaveTypeId, t.kind, t.period),
    index('timeoff_ledger_employee').on(t.employeeId, t.leaveTypeId, t.effectiveOn),
  ],
);

export const requestStatuses = ['pending', 'approved', 'rejected', 'cancelled'] as const;

/** Who approves a step: a role relative to the employee, HR, or a named user. */
export type ApproverSpec = 'manager' | 'manager_of_manager' | 'hr' | { userId: string };
export interface ChainStep {
  approver: ApproverSpec;
  /** The step applies only to requests of more than this many days. */
  minDays?: number | undefined;
}
/** A step of one request, with its decision once taken. */
export interface RequestStep extends ChainStep {
  decision: 'approved' | 'rejected' | null;
  decidedBy: string | null;
  decidedAt: string | null;
  comment: string | null;
  /** How the decider stood: the step's approver, their delegate, or HR overriding the chain. */
  via: 'approver' | 'delegate' | 'override' | null;
}
export interface DayAmount {
  date: string;
  /** working, weekend, holiday or half_holiday. */
  kind: string;
  /** Only half of this day is asked for (the request starts in the afternoon or ends at noon). */
  half: boolean;
  amount: number;
}

export const requests = sqliteTable(
  'timeoff_requests',
  {
    id: text('id').primaryKey(),
    employeeId: text('employee_id').notNull(),
    leaveTypeId: text('leave_type_id').notNull(),
    startDate: text('start_date').notNull(),
    endDate: text('end_date').notNull(),
    startHalf: text('start_half', { enum: ['afternoon'] }),
    endHalf: text('end_half', { enum: ['morning'] }),
    /** In the leave type's unit (days or hours); what approval takes off the balance. */
    amount: real('amount').notNull(),
    days: text('days', { mode: 'json' }).$type<DayAmount[]>().notNull(),
    note: text('note'),
    status: text('status', { enum: requestStatuses }).notNull(),
    /** The approval chain as it applied when submitted; `currentStep` indexes it. */
    steps: text('steps', { mode: 'json' }).$type<RequestStep[]>().notNull(),
    currentStep: integer('current_step').notNull(),
    submittedBy: text('submitted_by').notNull(),
    decidedAt: text('decided_at'),
    cancelledAt: text('cancelled_at'),
    version: integer('version').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('timeoff_requests_employee').on(t.employeeId, t.startDate), index('timeoff_requests_dates').on(t.startDate, t.endDate)],
);

/** The ordered approval steps of a leave type; none means the manager approves. */
export const approvalChains = sqliteTable('timeoff_approval_chains', {
  leaveTypeId: text('leave_type_id').primaryKey(),
  steps: text('steps', { mode: 'json' }).$type<ChainStep[]>().notNull(),
  version: integer('version').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** While a user is away, another approves in their place. One delegation per user. */
export const delegations = sqliteTable('timeoff_delegations', {
  userId: text('user_id').primaryKey(),
  delegateUserId: text('delegate_user_id').notNull(),
  from: text('from_date').notNull(),
  to: text('to_date').notNull(),
  updatedAt: text('updated_at').notNull(),
});

export type RequestRow = typeof requests.$inferSelect;
export type DelegationRow = typeof delegations.$inferSelect;
export type LeaveTypeRow = typeof leaveTypes.$inferSelect;
export type PolicyRow = typeof policies.$inferSelect;

/** Who a blackout applies to: the whole company, or a department and its sub-departments. */
export type BlackoutScope = { scope: 'company' } | { scope: 'department'; departmentId: string };

/** Dates on which employees may not take leave (a release, the year-end close), set by HR. */
export const blackouts = sqliteTable('timeoff_blackouts', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  startDate: text('start_date').notNull(),
  endDate: text('end_date').notNull(),
  appliesTo: text('applies_to', { mode: 'json' }).$type<BlackoutScope>().notNull(),
  /** The leave types it closes; null: every tracked type (sick leave cannot be planned around a release). */
  leaveTypeIds: text('leave_type_ids', { mode: 'json' }).$type<string[]>(),
  createdBy: text('created_by').notNull(),
  createdAt: text('created_at').notNull(),
});
export type BlackoutRow = typeof blackouts.$inferSelect;
