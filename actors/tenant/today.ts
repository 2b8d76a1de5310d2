import { localDate, zonedInstant } from '../organisation/calendar';
import type { TenantState } from './context';

/** "Today" for the company: the date in its time zone, not in UTC. */
export const tenantToday = (state: TenantState, now: Date): string => localDate(now, state.profile?.timeZone ?? 'UTC');

/** The instant a date begins for the company, for timers that fire "on the day". */
export const tenantDayStart = (state: TenantState, date: string): string =>
  zonedInstant(date, '00:00', state.profile?.timeZone ?? 'UTC').toISOString();
