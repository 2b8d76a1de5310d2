import { z } from 'zod';
import type { CommandCtx } from '../core/message';
import { isoDate, text } from '../core/text';
import { actorOf } from '../people/audience';
import type { EmployeeRow } from '../people/people.sql.ts';
import type { TenantServices, TenantState } from '../tenant/context';
import { compensationReasons, payFrequencies, type CompensationRow } from './compensation.sql.ts';
import { insertCompensation } from './messages';
import { decimalPattern, inForce, isCurrency } from './rules';

type Ctx = CommandCtx<TenantState, TenantServices>;
type RowError = { row: number; column: string; message: string };

/**
 * CSV columns `compensation.<field>`: a row that fills them records pay effective on
 * `compensation.effectiveDate`, unless the same pay is already in force from that date
 * (so importing a file twice records it once). Pay is never cleared by a file.
 */
export const compensationColumns = ['effectiveDate', 'amount', 'currency', 'frequency', 'payGrade', 'costCentre', 'fte', 'reason'].map((c) => `compensation.${c}`);
export const isCompensationColumn = (column: string) => column.startsWith('compensation.');

const blank = (v: unknown) => (v === '' ? undefined : v);
const cells = z.strictObject({
  effectiveDate: isoDate,
  amount: z.string().regex(decimalPattern, 'Must be a decimal amount such as 5250.00 (up to 4 places).').refine((s) => /[1-9]/.test(s), 'Must be more than zero.'),
  currency: z.string().refine(isCurrency, 'Must be an ISO 4217 currency code such as EUR.'),
  frequency: z.enum(payFrequencies),
  payGrade: z.preprocess(blank, text(40).optional()),
  costCentre: z.preprocess(blank, text(40).optional()),
  fte: z.preprocess(blank, z.string().regex(/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, 'Must be a decimal between 0 and 1.').refine((s) => /[1-9]/.test(s), 'Must be more than zero.').optional()),
  reason: z.preprocess(blank, z.enum(compensationReasons).optional()),
});
export type PayCells = z.output<typeof cells>;

export function unknownCompensationColumns(header: readonly string[]): RowError[] {
  return header.filter((h) => isCompensationColumn(h) && !compensationColumns.includes(h)).map((column) => ({ row: 1, column, message: 'Unknown column.' }));
}

/** A row's pay cells, checked; undefined when the row leaves them all blank. */
export function payCells(row: Record<string, string>, hireDate: string, line: number, errors: RowError[]): PayCells | undefined {
  const given = Object.fromEntries(Object.entries(row).filter(([k, v]) => isCompensationColumn(k) && v !== '').map(([k, v]) => [k.slice(13), v]));
  if (Object.keys(given).length === 0) return undefined;
  const parsed = cells.safeParse(given);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors.push({ row: line, column: `compensation.${String(issue.path[0] ?? 'amount')}`, message: issue.message });
    return undefined;
  }
  if (parsed.data.effectiveDate < hireDate) {
    errors.push({ row: line, column: 'compensation.effectiveDate', message: `Pay cannot take effect before the hire date (${hireDate}).` });
    return undefined;
  }
  return parsed.data;
}

/** Records the row's pay unless the same is in force from the same date. True when recorded. */
export async function writePayCells(ctx: Ctx, employee: EmployeeRow, pay: PayCells | undefined, isNew: boolean): Promise<boolean> {
  if (!pay) return false;
  const current = inForce(ctx.state.compensation.records.get(employee.id), pay.effectiveDate);
  const same = (r: CompensationRow | undefined) =>
    !!r && r.effectiveDate === pay.effectiveDate && r.amount === pay.amount && r.currency === pay.currency && r.frequency === pay.frequency && r.payGrade === (pay.payGrade ?? null) && r.costCentre === (pay.costCentre ?? null) && r.fte === (pay.fte ?? '1');
  if (same(current)) return false;
  await insertCompensation(ctx, {
    id: ctx.ids.next('cmp'),
    employeeId: employee.id,
    effectiveDate: pay.effectiveDate,
    amount: pay.amount,
    currency: pay.currency,
    frequency: pay.frequency,
    payGrade: pay.payGrade ?? null,
    costCentre: pay.costCentre ?? null,
    fte: pay.fte ?? '1',
    reason: pay.reason ?? (isNew ? 'hire' : 'adjustment'),
    note: 'CSV import',
    recordedAt: ctx.now.toISOString(),
    recordedBy: actorOf(ctx),
  });
  return true;
}
