import { z } from 'zod';
import { isoDate } from '../core/text';

export const maxRangeDays = 366;

/** A period of work dates, both ends included; bounded, so one read never scans years of punches. */
export const dateRange = {
  from: isoDate,
  to: isoDate,
};

export const checkRange = (r: { from: string; to: string }, ctx: z.core.$RefinementCtx) => {
  if (r.to < r.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'Must not be before from.' });
  else if ((Date.parse(r.to) - Date.parse(r.from)) / 86_400_000 >= maxRangeDays) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `The period may span at most ${maxRangeDays} days.` });
  }
};
