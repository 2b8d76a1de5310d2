import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { conflict, notFound } from '../core/errors';
import { pageInput, paginate, sortOf } from '../core/pagination';
import { everyone, peopleManagers } from '../core/principal';
import { idOf, isoDate, text } from '../core/text';
import { assertIfMatch, versionEtag } from '../core/versioned';
import { tenantMessage, type TenantState } from '../tenant/context';
import { defaultCalendar, isTimeZone, type WorkCalendar } from './calendar';
import { locationChanged } from './events';
import { holidays, locations, type HolidayRow, type LocationRow } from './organisation.sql.ts';
import { instant, pageOf } from '../core/reply';

export const timeZone = z
  .string()
  .max(64)
  .refine(isTimeZone, 'Must be an IANA time zone such as Europe/Berlin.')
  // For the API document: the zones this runtime knows by their canonical names (it also takes
  // aliases and offsets, which a client need not send). A runtime's list is its ICU's, so each
  // server's document names exactly the zones it accepts.
  .meta({ id: 'TimeZone', enum: canonicalZones(), description: 'An IANA time zone, such as Europe/Berlin or UTC', examples: ['Europe/Berlin'] });

function canonicalZones(): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones.includes('UTC') ? zones : [...zones, 'UTC'];
}
const weekendDays = z
  .array(z.number().int().min(0).max(6))
  .max(6, 'At least one day of the week must be worked.')
  .transform((days) => [...new Set(days)].sort());

export const locationView = (l: LocationRow) => ({
  id: l.id,
  name: l.name,
  timeZone: l.timeZone,
  weekendDays: l.weekendDays,
  country: l.country,
  archivedAt: l.archivedAt,
  version: l.version,
  createdAt: l.createdAt,
  updatedAt: l.updatedAt,
});

export const locationSchema = z.strictObject({
  id: idOf('loc'),
  name: z.string(),
  timeZone: z.string().meta({ examples: ['Europe/Berlin'] }),
  weekendDays: z.array(z.number().int().min(0).max(6)).describe('Days of the week not worked, 0 = Sunday'),
  country: z.string().regex(/^[A-Z]{2}$/).nullable(),
  archivedAt: instant.nullable(),
  version: z.number().int().min(1),
  createdAt: instant,
  updatedAt: instant,
}).meta({ id: 'Location' });

const holidaySchema = z.strictObject({ date: isoDate, name: z.string(), halfDay: z.boolean() }).meta({ id: 'Holiday' });

const fields = {
  name: text(120),
  timeZone,
  weekendDays,
  country: z.string().regex(/^[A-Z]{2}$/, 'Must be an ISO 3166 country code such as DE.').meta({ examples: ['DE'] }).nullable(),
};

export const createLocation = tenantMessage.command({
  type: 'locations.create',
  access: peopleManagers,
  input: z.strictObject({ ...fields, weekendDays: fields.weekendDays.default([0, 6]), country: fields.country.optional() }),
  output: locationSchema,
  route: { method: 'POST', path: '/v1/locations', status: 201, summary: 'Create a location with its time zone and weekend', etag: versionEtag },
  handler: async (input, ctx) => {
    const at = ctx.now.toISOString();
    const row: LocationRow = { id: ctx.ids.next('loc'), ...input, country: input.country ?? null, archivedAt: null, version: 1, createdAt: at, updatedAt: at };
    await ctx.db.insert(locations).values(row);
    ctx.set(ctx.state.organisation.locations, row.id, row);
    ctx.audit({ entity: 'location', id: row.id, after: locationView(row) });
    ctx.emit(locationChanged.create(row.id, { id: row.id, name: row.name, timeZone: row.timeZone }));
    return locationView(row);
  },
});

export const getLocation = tenantMessage.query({
  type: 'locations.get',
  access: everyone,
  input: z.strictObject({ id: idOf('loc') }),
  output: locationSchema,
  route: { method: 'GET', path: '/v1/locations/:id', summary: 'Read a location', etag: versionEtag },
  handler: ({ id }, { state }) => locationView(requireLocation(state, id)),
});

export const listLocations = tenantMessage.query({
  type: 'locations.list',
  access: everyone,
  input: z.strictObject({ ...pageInput, sort: sortOf(['name', 'createdAt']).default('name') }),
  output: pageOf(locationSchema),
  route: { method: 'GET', path: '/v1/locations', summary: 'List locations' },
  handler: ({ limit, cursor, sort }, { state }) => {
    const { page, nextCursor } = paginate([...state.organisation.locations.values()], { sort, limit, cursor, keyOf: (l, f) => (f === 'name' ? l.name : l.createdAt) });
    return { items: page.map(locationView), nextCursor };
  },
});

export const updateLocation = tenantMessage.command({
  type: 'locations.update',
  access: peopleManagers,
  input: z.strictObject({ id: idOf('loc'), ...fields }).partial().required({ id: true }),
  output: locationSchema,
  route: { method: 'PATCH', path: '/v1/locations/:id', summary: 'Change a location (If-Match)', etag: versionEtag, ifMatch: true },
  handler: async ({ id, ...patch }, ctx) => {
    const current = requireLocation(ctx.state, id);
    assertIfMatch(ctx.meta.ifMatch, current);
    const updated: LocationRow = { ...current, ...patch, version: current.version + 1, updatedAt: ctx.now.toISOString() };
    await ctx.db.update(locations).set({ ...patch, version: updated.version, updatedAt: updated.updatedAt }).where(eq(locations.id, id));
    ctx.set(ctx.state.organisation.locations, id, updated);
    ctx.audit({ entity: 'location', id, before: locationView(current), after: locationView(updated) });
    ctx.emit(locationChanged.create(id, { id, name: updated.name, timeZone: updated.timeZone }));
    return locationView(updated);
  },
});

const holidayView = (h: HolidayRow) => ({ date: h.date, name: h.name, halfDay: h.halfDay });

export const addHoliday = tenantMessage.command({
  type: 'holidays.add',
  access: peopleManagers,
  input: z.strictObject({ id: idOf('loc'), date: isoDate, name: text(120), halfDay: z.boolean().default(false) }),
  output: holidaySchema,
  route: { method: 'POST', path: '/v1/locations/:id/holidays', status: 201, summary: "Add a day to a location's holiday calendar" },
  handler: async ({ id, ...input }, ctx) => {
    const location = requireLocation(ctx.state, id);
    const calendar = ctx.state.organisation.holidays;
    if (calendar.get(id)?.has(input.date)) throw conflict('holiday_exists', 'This date is already a holiday here.', 'date');
    const row: HolidayRow = { id: ctx.ids.next('hol'), locationId: id, ...input };
    await ctx.db.insert(holidays).values(row);
    if (!calendar.has(id)) ctx.set(calendar, id, new Map());
    ctx.set(calendar.get(id)!, row.date, row);
    ctx.audit({ entity: 'location', id, after: { holiday: holidayView(row) } });
    ctx.emit(locationChanged.create(id, { id, name: location.name, timeZone: location.timeZone }));
    return holidayView(row);
  },
});

export const removeHoliday = tenantMessage.command({
  type: 'holidays.remove',
  access: peopleManagers,
  input: z.strictObject({ id: idOf('loc'), date: isoDate }),
  route: { method: 'DELETE', path: '/v1/locations/:id/holidays/:date', summary: 'Take a day off the holiday calendar', empty: true },
  handler: async ({ id, date }, ctx) => {
    requireLocation(ctx.state, id);
    const row = ctx.state.organisation.holidays.get(id)?.get(date);
    if (!row) throw notFound('The holiday');
    await ctx.db.delete(holidays).where(and(eq(holidays.locationId, id), eq(holidays.date, date)));
    ctx.remove(ctx.state.organisation.holidays.get(id)!, date);
    ctx.audit({ entity: 'location', id, before: { holiday: holidayView(row) } });
    return undefined;
  },
});

export const listHolidays = tenantMessage.query({
  type: 'holidays.list',
  access: everyone,
  input: z.strictObject({ id: idOf('loc'), year: z.coerce.number().int().min(1900).max(2200).optional(), ...pageInput, sort: sortOf(['date', 'name']).default('date') }),
  output: pageOf(holidaySchema),
  route: { method: 'GET', path: '/v1/locations/:id/holidays', summary: "A location's holiday calendar, by year" },
  handler: ({ id, year, limit, cursor, sort }, { state }) => {
    requireLocation(state, id);
    const matching = [...(state.organisation.holidays.get(id)?.values() ?? [])].filter((h) => !year || h.date.startsWith(`${year}-`));
    const { page, nextCursor } = paginate(matching, { sort, limit, cursor, keyOf: (h, f) => (f === 'name' ? h.name : h.date) });
    return { items: page.map(holidayView), nextCursor };
  },
});

function requireLocation(state: TenantState, id: string): LocationRow {
  const l = state.organisation.locations.get(id);
  if (!l) throw notFound('The location');
  return l;
}

/** The working calendar of a location (weekend and holidays); the default without one. */
export function calendarOf(state: TenantState, locationId: string | null | undefined): WorkCalendar {
  const location = locationId ? state.organisation.locations.get(locationId) : undefined;
  if (!location) return defaultCalendar;
  return { weekendDays: location.weekendDays, holidays: state.organisation.holidays.get(location.id) ?? new Map() };
}
