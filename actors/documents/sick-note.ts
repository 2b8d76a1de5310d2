import { limitOne } from '../core/prepared';
import { and, eq, isNull } from 'drizzle-orm';
import { unprocessable } from '../core/errors';
import type { QueryCtx } from '../core/message';
import { spanDays } from '../timeoff/leave-rules';
import type { TenantServices, TenantState } from '../tenant/context';
import { leaveTypes, type RequestRow } from '../timeoff/timeoff.sql.ts';
import { documents } from './documents.sql.ts';

/**
 * A leave type may require a sick note when a request is longer than N calendar days
 * (`sickNoteAboveDays`, counted from start to end inclusive, weekends too: an absence, not
 * working days). It is checked at approval, not at submission: someone falls ill first and
 * sees the doctor later, so the request can be made at once (the manager learns of the
 * absence) and the note attached afterwards; what may not happen is that the leave is
 * approved without it.
 */
export function needsSickNote(request: Pick<RequestRow, 'startDate' | 'endDate'>, aboveDays: number | null): boolean {
  return aboveDays !== null && spanDays(request.startDate, request.endDate) > aboveDays;
}

export async function assertSickNote(ctx: QueryCtx<TenantState, TenantServices>, request: RequestRow): Promise<void> {
  const [type] = await ctx.db.select({ above: leaveTypes.sickNoteAboveDays }).from(leaveTypes).where(eq(leaveTypes.id, request.leaveTypeId));
  if (!type || !needsSickNote(request, type.above)) return;
  const [note] = await ctx.db
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.attachedTo, 'leave_request'), eq(documents.attachedId, request.id), eq(documents.category, 'sick_note'), isNull(documents.deletedAt), isNull(documents.replacedBy)))
    .limit(limitOne);
  if (!note) {
    throw unprocessable('sick_note_required', `This leave type needs a sick note for requests longer than ${type.above} days: attach one before approval.`, 'documents');
  }
}
