import { unprocessable } from '../core/errors';
import { isoDate } from '../core/text';

export const maxRangeDays = 366;

/** A period of work dates, both ends included; bounded, so one read never scans years of punches. */
export const dateRange = {
  from: isoDate,
  to: isoDate,
};

/**
 * The rule between the two ends, which no JSON Schema can state: a broken one is 422 with its
 * code (as for time-off requests and calendars), not 400, so that a request the API document
 * calls valid is never refused as malformed.
 */
export function checkRange(r: { from: string; to: string }): void {
  if (r.to < r.from) throw unprocessable('invalid_range', 'Must not be before from.', 'to');
  if ((Date.parse(r.to) - Date.parse(r.from)) / 86_400_000 >= maxRangeDays) {
    throw unprocessable('range_too_long', `The period may span at most ${maxRangeDays} days.`, 'to');
  }
}
