import { peopleManagers, type Principal } from '../core/principal';
import { personOf } from '../identity/persons';
import type { TenantState } from '../tenant/context';
import type { EmployeeRow } from './people.sql.ts';

/**
 * Who may see what of an employee. This is the one place the rule lives; detail, lists,
 * the org chart, calendars, reports, exports and counts all ask it, so no path shows more.
 *
 * | viewer                         | directory | employment | personal |
 * |--------------------------------|-----------|------------|----------|
 * | owner, admin, hr               | yes       | yes        | yes      |
 * | the employee themself          | yes       | yes        | yes      |
 * | a manager, for their reports   | yes       | yes        | no       |
 * | anyone else, current staff     | yes       | no         | no       |
 * | anyone else, former staff      | no        | no         | no       |
 *
 * "Reports" are the current staff below the manager in the reporting tree, not only direct
 * reports. Someone who has left is nobody's report any more: their manager sees them as
 * anyone else does (not at all), and the personal fields (birth date, address, emergency
 * contact, termination reason, in the record and in its history) never reach a manager.
 *
 * The same rule, by tier (custom fields name the tier that may read them; compensation is its
 * own tier). `tiersOf` below is the whole matrix; `visibilityOf` is its first three columns.
 *
 * | viewer                         | directory | employment | personal | bank | compensation      | hr  |
 * |--------------------------------|-----------|------------|----------|------|-------------------|-----|
 * | owner, admin, hr               | yes       | yes        | yes      | yes  | yes               | yes |
 * | the employee themself          | yes       | yes        | yes      | yes  | yes               | no  |
 * | a manager, for their reports   | yes       | yes        | no       | no   | if company allows | no  |
 * | anyone else, current staff     | yes       | no         | no       | no   | no                | no  |
 * | anyone else, former staff      | no        | no         | no       | no   | no                | no  |
 *
 * Bank details (the bank tier) are shown whole only in a read of the one record; every list,
 * export, event and audit row carries them masked to their last four characters.
 */
export type Visibility = 'full' | 'employment' | 'directory' | 'none';

/** The tiers a field can belong to, from the widest audience to the narrowest. */
export const tiers = ['directory', 'employment', 'personal', 'bank', 'compensation', 'hr'] as const;
export type Tier = (typeof tiers)[number];

export interface Viewer {
  /** Sees everything of everyone (owner, admin, hr, the system). */
  all: boolean;
  /** The employee record linked to the signed-in user (or to the maker of the API key). */
  self: string | undefined;
  /** Everyone below the viewer in the reporting tree, when the viewer is a manager. */
  reports: ReadonlySet<string>;
  /** The company lets managers read their reports' compensation (off by default). */
  managersSeePay?: boolean;
}

const nobodyBelow: ReadonlySet<string> = new Set();

/**
 * The employee record of a user, whatever their role: the one HR linked to the account (by
 * id, never by a matching email, which either side can edit).
 */
export function employeeOfUser(state: TenantState, userId: string | undefined): string | undefined {
  return (userId && state.identity.users.get(userId)?.employeeId) || undefined;
}

/** The active user account linked to an employee: who hears of their affairs. */
export function userOfEmployee(state: TenantState, employeeId: string | null | undefined): string | undefined {
  const userId = employeeId ? state.identity.userIdsByEmployee.get(employeeId) : undefined;
  return userId && state.identity.users.get(userId)?.status === 'active' ? userId : undefined;
}

/**
 * The caller's own employee record; HR staff have one too (they take leave and clock in).
 * An API key is its maker's: a key never lets its maker approve, adjust or correct their own.
 * A kiosk key is a device on a wall, nobody's own: it names whom it punches for.
 */
export function ownEmployeeId(state: TenantState, principal: Principal): string | undefined {
  if (principal.kind === 'apiKey' && state.identity.apiKeys.get(principal.apiKeyId)?.kiosk) return undefined;
  return employeeOfUser(state, personOf(state.identity, principal));
}

export function viewerOf(state: TenantState, principal: Principal): Viewer {
  if (principal.kind === 'system') return { all: true, self: undefined, reports: nobodyBelow };
  if (principal.kind !== 'user' && principal.kind !== 'apiKey') return { all: false, self: undefined, reports: nobodyBelow };
  const self = ownEmployeeId(state, principal);
  if (peopleManagers.includes(principal.role)) return { all: true, self, reports: nobodyBelow };
  const reports = principal.role === 'manager' && self ? reportsOf(state, self) : nobodyBelow;
  return { all: false, self, reports, managersSeePay: state.compensation?.settings.managersSeePay === true };
}

export function visibilityOf(viewer: Viewer, e: EmployeeRow): Visibility {
  if (viewer.all || viewer.self === e.id) return 'full';
  if (viewer.reports.has(e.id)) return 'employment';
  return e.status === 'terminated' ? 'none' : 'directory';
}

const tiersAtLevel: Record<Visibility, readonly Tier[]> = {
  full: ['directory', 'employment', 'personal'],
  employment: ['directory', 'employment'],
  directory: ['directory'],
  none: [],
};

/**
 * The tiers a viewer reads of an employee: every cell of the matrix above, in one place.
 * There are few distinct answers (a level and three flags), so each is built once and
 * shared: a read makes no Set (building one was 8 % of a cached GET's CPU).
 */
export function tiersOf(viewer: Viewer, e: EmployeeRow): ReadonlySet<Tier> {
  const level = visibilityOf(viewer, e);
  const own = viewer.all || viewer.self === e.id;
  const pay = own || (viewer.managersSeePay && viewer.reports.has(e.id));
  const key = levelIndex[level] * 8 + (pay ? 4 : 0) + (own ? 2 : 0) + (viewer.all ? 1 : 0);
  let tiers = tierSets[key];
  if (!tiers) {
    const out = new Set<Tier>(tiersAtLevel[level]);
    if (pay) out.add('compensation');
    if (own) out.add('bank');
    if (viewer.all) out.add('hr');
    tiers = out;
    tierSets[key] = tiers;
  }
  return tiers;
}
const levelIndex: Record<Visibility, number> = { full: 0, employment: 1, directory: 2, none: 3 };
const tierSets: ReadonlySet<Tier>[] = [];

/** The tiers of a level alone, for readers judged by level (events to an employment audience). */
export const tiersAt = (visibility: Visibility): ReadonlySet<Tier> => tiersAtSets[visibility];
const tiersAtSets: Record<Visibility, ReadonlySet<Tier>> = {
  full: new Set(tiersAtLevel.full),
  employment: new Set(tiersAtLevel.employment),
  directory: new Set(tiersAtLevel.directory),
  none: new Set(tiersAtLevel.none),
};

/** Every tier: HR's own view. */
export const allTiers: ReadonlySet<Tier> = new Set(tiers);

/** The current staff below an employee in the reporting tree (through current staff only). */
export function reportsOf(state: TenantState, managerId: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const e of state.people.employees.values()) {
    if (!e.managerId || e.status === 'terminated') continue;
    const list = children.get(e.managerId);
    if (list) list.push(e.id);
    else children.set(e.managerId, [e.id]);
  }
  const out = new Set<string>();
  const queue = [managerId];
  while (queue.length > 0) {
    for (const child of children.get(queue.pop()!) ?? []) {
      if (!out.has(child)) {
        out.add(child);
        queue.push(child);
      }
    }
  }
  return out;
}

/** Whether a viewer may see an employee's employment data (balances, requests, attendance). */
export const seesEmployment = (viewer: Viewer, e: EmployeeRow | undefined): e is EmployeeRow =>
  !!e && (viewer.all || viewer.self === e.id || viewer.reports.has(e.id));
