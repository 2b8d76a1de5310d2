import { localDate, zonedInstant } from '../organisation/calendar';
import type { TenantState } from './context';

/** The company's time zone (settings), UTC until one is set. */
export const companyZone = (state: TenantState): string => state.profile?.timeZone ?? 'UTC';

/** "Today" for the company: the date in its time zone, not in UTC. */
export const tenantToday = (state: TenantState, now: Date): string => localDate(now, companyZone(state));

/** The instant a date begins for the company, for timers that fire "on the day". */
export const tenantDayStart = (state: TenantState, date: string): string =>
  zonedInstant(date, '00:00', companyZone(state)).toISOString();
