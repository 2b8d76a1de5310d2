import { addDays } from '../organisation/calendar';

/**
 * Hires and leavers of one employee in a period, counted as changes of their employment
 * state, so that for any period and any history (hire, termination, rehire, a status change
 * by PATCH, a back-dated correction):
 *
 *   employed at the start + hires − leavers = employed at the end
 *
 * "At the start" is the end of the day before `from`: someone hired on `from` (a 1 January
 * hire for a calendar year) is a hire of the period, not also part of its opening headcount.
 * The state only changes on the effective dates of history rows, so looking at those dates
 * within the period sees every change.
 */
export interface Movement {
  atStart: boolean;
  atEnd: boolean;
  hires: number;
  leavers: number;
}

export function movementOf(employedOn: (date: string) => boolean, changeDates: readonly string[], from: string, to: string): Movement {
  const atStart = employedOn(addDays(from, -1));
  let employed = atStart;
  let hires = 0;
  let leavers = 0;
  for (const date of [...new Set(changeDates)].filter((d) => d >= from && d <= to).sort()) {
    const now = employedOn(date);
    if (now && !employed) hires++;
    if (!now && employed) leavers++;
    employed = now;
  }
  return { atStart, atEnd: employedOn(to), hires, leavers };
}
