import { z } from 'zod';
import { instant } from '../core/reply';
import { idOf, isoDate } from '../core/text';
import { appliesToInput } from './scope';
import { ledgerKinds, requestStatuses } from './timeoff.sql.ts';

/**
 * The reply schemas of the time-off messages whose replies are rows or small objects built
 * in place (the request view has its schema beside it, in requests.ts).
 */

const amount = z.number().describe("In the leave type's unit (days or hours)");

export const leaveTypeSchema = z.strictObject({
  id: idOf('ltp'),
  name: z.string(),
  unit: z.enum(['days', 'hours']),
  paid: z.boolean(),
  halfDaysAllowed: z.boolean(),
  tracked: z.boolean(),
  applicableAfterDays: z.number().int().nullable(),
  maxConsecutiveDays: z.number().int().nullable(),
  maxBackdateDays: z.number().int().nullable(),
  sickNoteAboveDays: z.number().int().nullable(),
  createdAt: instant,
}).meta({ id: 'LeaveType' });

export const dayAmountSchema = z.strictObject({
  date: isoDate,
  kind: z.enum(['working', 'weekend', 'holiday', 'half_holiday']),
  half: z.boolean().describe('Only half of this day is asked for'),
  amount,
});

export const approverSchema = z.union([z.enum(['manager', 'manager_of_manager', 'hr']), z.strictObject({ userId: idOf('usr') })]);

export const chainStepSchema = z.strictObject({
  approver: approverSchema,
  minDays: z.number().optional().describe('The step applies only to requests of more than this many days'),
});

export const chainSchema = z.strictObject({
  leaveTypeId: idOf('ltp'),
  steps: z.array(chainStepSchema),
  default: z.boolean().describe('True when the leave type has no chain of its own'),
}).meta({ id: 'ApprovalChain' });

export const quoteSchema = z.strictObject({
  employeeId: idOf('emp'),
  leaveTypeId: idOf('ltp'),
  unit: z.enum(['days', 'hours']),
  startDate: isoDate,
  endDate: isoDate,
  startHalf: z.enum(['afternoon']).nullable(),
  endHalf: z.enum(['morning']).nullable(),
  days: z.array(dayAmountSchema),
  workingDays: z.number(),
  amount,
  balance: z.strictObject({
    asOf: isoDate.describe('The day checked with the lowest balance once the request is counted'),
    ledger: z.number().describe('The balance today'),
    committedLater: z.number().describe('Approved usage after the end date'),
    pending: z.number().describe('Other pending requests'),
    effective: z.number().describe('The projected balance on `asOf` before the request: accruals due by then, carry-over caps and expiries before it, other pending and approved requests'),
    remaining: z.number().describe('The projected balance on `asOf` with the request'),
  }),
  allowNegative: z.boolean().describe("Whether the policy governing this employee lets the balance go below zero"),
  sufficient: z.boolean(),
  shortfall: z.strictObject({ date: isoDate, amount }).nullable().describe('The day the balance would be lowest, when below zero, and by how much'),
  conflicts: z.array(idOf('tor')).describe('Requests of the employee that overlap'),
}).meta({ id: 'LeaveQuote' });

export const approveManySchema = z.strictObject({
  results: z.array(
    z.union([
      z.strictObject({ id: idOf('tor'), ok: z.literal(true), status: z.enum(requestStatuses) }),
      z.strictObject({ id: idOf('tor'), ok: z.literal(false), error: z.strictObject({ status: z.number().int(), code: z.string(), message: z.string() }) }),
    ]),
  ),
});

const delegationSchema = z.strictObject({ delegateUserId: idOf('usr'), from: isoDate, to: isoDate, updatedAt: instant }).meta({ id: 'Delegation' });
export const setDelegationSchema = delegationSchema;
export const getDelegationSchema = z.strictObject({ delegation: delegationSchema.nullable() });

export const calendarEntrySchema = z.strictObject({
  id: idOf('tor'),
  employeeId: idOf('emp'),
  name: z.string(),
  startDate: isoDate,
  endDate: isoDate,
  startHalf: z.enum(['afternoon']).nullable(),
  endHalf: z.enum(['morning']).nullable(),
  status: z.enum(['pending', 'approved', 'off']).describe('`off` (and no leave type) where the reader may not see the details'),
  leaveTypeId: idOf('ltp').nullable(),
}).meta({ id: 'CalendarEntry' });

/** One kind of leave's balance, in days. */
export const balanceSchema = z.strictObject({ leaveTypeId: idOf('ltp'), balance: amount }).meta({ id: 'Balance' });

export const balancesSchema = z.strictObject({
  employeeId: idOf('emp'),
  asOf: isoDate,
  projected: z.boolean().describe('True for a date after today: a projection from the facts as they stand'),
  lastDay: isoDate.nullable().describe("When the employment has ended: its last day. The balance then is final: what payroll pays out (or recovers)"),
  items: z.array(balanceSchema),
}).meta({ id: 'Balances' });

export const ledgerEntrySchema = z.strictObject({
  id: idOf('led'),
  employeeId: idOf('emp'),
  leaveTypeId: idOf('ltp'),
  kind: z.enum(ledgerKinds),
  amount,
  effectiveOn: isoDate,
  period: z.string().nullable(),
  reason: z.string().nullable(),
  cause: z.string().nullable().describe('The change that caused a derived row: a lifecycle event, policy, request, adjustment or run'),
  createdAt: instant,
}).meta({ id: 'LedgerEntry' });

export const policySchema = z.strictObject({
  id: idOf('pol'),
  leaveTypeId: idOf('ltp'),
  name: z.string(),
  yearlyEntitlement: z.number(),
  accrual: z.enum(['monthly', 'yearly']),
  startsOn: isoDate,
  allowNegative: z.boolean(),
  carryOverCap: z.number().nullable(),
  carryOverExpiresAfterMonths: z.number().int().nullable(),
  appliesTo: appliesToInput,
  endsOn: isoDate.nullable().describe('Retired from this date on; null: open-ended'),
  createdAt: instant,
  updatedAt: instant.nullable(),
}).meta({ id: 'Policy' });

/** The ledger rows a change writes (or would write, on a dry run), per employee and leave type. */
export const impactSchema = z.array(
  z.strictObject({
    employeeId: idOf('emp'),
    leaveTypeId: idOf('ltp'),
    rows: z.array(z.strictObject({ kind: z.enum(['accrual', 'grant', 'expiry', 'settlement']), period: z.string(), effectiveOn: isoDate, amount, reason: z.string() })),
  }),
);

export const policyChangeSchema = policySchema.extend({
  dryRun: z.boolean().describe('True when nothing was written'),
  ledger: impactSchema.describe('The ledger rows written, or that would be written'),
}).meta({ id: 'PolicyChange' });

export const accrualRunSchema = z.strictObject({ policyId: idOf('pol'), upTo: isoDate, granted: z.number().int().min(0).describe('Ledger entries written') }).meta({ id: 'AccrualRun' });

export const previewSchema = z.strictObject({
  policyId: idOf('pol'),
  from: isoDate,
  upTo: isoDate,
  items: z.array(
    z.strictObject({
      employeeId: idOf('emp'),
      entries: z.array(z.strictObject({ kind: z.enum(['accrual', 'grant', 'expiry']), period: z.string(), effectiveOn: isoDate, amount, reason: z.string() })),
    }),
  ),
}).meta({ id: 'AccrualPreview' });
