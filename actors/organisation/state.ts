import type { Db } from '../core/store';
import { departments, holidays, jobTitles, locations, type DepartmentRow, type HolidayRow, type JobTitleRow, type LocationRow } from './organisation.sql.ts';

/** The organisation is small and read on every people query: it lives in the actor's memory. */
export interface OrganisationState {
  departments: Map<string, DepartmentRow>;
  locations: Map<string, LocationRow>;
  /** Holidays by location id, then by date. */
  holidays: Map<string, Map<string, HolidayRow>>;
  jobTitles: Map<string, JobTitleRow>;
}

export async function loadOrganisation(db: Db): Promise<OrganisationState> {
  const byLocation = new Map<string, Map<string, HolidayRow>>();
  for (const h of await db.select().from(holidays)) {
    if (!byLocation.has(h.locationId)) byLocation.set(h.locationId, new Map());
    byLocation.get(h.locationId)!.set(h.date, h);
  }
  return {
    departments: new Map((await db.select().from(departments)).map((d) => [d.id, d])),
    locations: new Map((await db.select().from(locations)).map((l) => [l.id, l])),
    holidays: byLocation,
    jobTitles: new Map((await db.select().from(jobTitles)).map((j) => [j.id, j])),
  };
}
