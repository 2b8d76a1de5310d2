import { eq } from 'drizzle-orm';
import { sha256 } from '../core/ids';
import type { Db } from '../core/store';
import { documents } from '../documents/documents.sql.ts';
import { personalDetails, profileChangeRequests } from '../people/self-service.sql.ts';
import type { TenantState } from '../tenant/context';
import type { ErasableCategory } from './categories';
import type { ScrubRule } from './scrub';

/** The person an export or an erasure is about, by the ids the data names them with. */
export interface Subject {
  employeeId: string;
  /** Their account, if one is linked. */
  userId: string | undefined;
  /** Their own API keys (service keys belong to the company and stay). */
  apiKeyIds: string[];
  /** Every id that makes a log row about them. */
  ids: string[];
  /** Their custom fields' ids, by the category the field's tier falls in. */
  fieldIds: { personal: string[]; compensation: string[]; record: string[] };
}

export function subjectOf(state: TenantState, employeeId: string): Subject {
  const userId = state.identity.userIdsByEmployee.get(employeeId);
  const apiKeyIds = userId ? [...state.identity.apiKeys.values()].filter((k) => k.ownerUserId === userId && !k.service).map((k) => k.id) : [];
  const fieldIds: Subject['fieldIds'] = { personal: [], compensation: [], record: [] };
  for (const f of state.customFields.fields.values()) {
    const category = f.tier === 'personal' || f.tier === 'hr' ? 'personal' : f.tier === 'compensation' ? 'compensation' : 'record';
    fieldIds[category].push(f.id);
  }
  return { employeeId, userId, apiKeyIds, ids: [employeeId, ...(userId ? [userId] : []), ...apiKeyIds], fieldIds };
}

/**
 * The stable pseudonym that stands for a person after erasure: the same in the record, the
 * history, the audit log and every report, so counts and timelines still add up, and derived
 * from their record's id alone (which stays), so a resumed erasure writes the same one.
 */
export async function pseudonymOf(tenantId: string, employeeId: string): Promise<string> {
  return `Former employee ${(await sha256(`${tenantId}:${employeeId}`)).slice(0, 6).toUpperCase()}`;
}

/** What the record's names and work email become: the pseudonym split as a name, and an address that can never receive mail. */
export function erasedIdentity(pseudonym: string) {
  const code = pseudonym.split(' ').at(-1)!;
  return { firstName: 'Former employee', lastName: code, workEmail: `erased-${code.toLowerCase()}@erased.invalid` };
}

const keysOf: Partial<Record<ErasableCategory, string[]>> = {
  record: ['workPhone', 'externalId'],
  personal: ['birthDate', 'address', 'emergencyContact', 'emergencyContacts', 'personalEmail', 'personalPhone', 'bankAccount', 'iban', 'bic', 'holder', 'terminationReason'],
};

/**
 * What an erasure of these categories takes out of the logs: `about` for rows that name the
 * person (every value and personal key), `mention` for other rows, which lose only the
 * values that cannot be someone else's words (a full name, an address, not a first name).
 * Read from the live data, before the steps that remove it run.
 */
export async function scrubRules(db: Db, state: TenantState, s: Subject, categories: readonly ErasableCategory[], pseudonym: string): Promise<{ about: ScrubRule; mention: ScrubRule }> {
  const strongNames: string[] = [];
  const weakNames: string[] = [];
  const values: string[] = [];
  const keys = new Set<string>();
  const has = (c: ErasableCategory) => categories.includes(c);
  const e = state.people.employees.get(s.employeeId);
  const user = s.userId ? state.identity.users.get(s.userId) : undefined;
  if (e && has('record')) {
    strongNames.push(`${e.firstName} ${e.lastName}`, ...(e.preferredName ? [`${e.preferredName} ${e.lastName}`] : []));
    weakNames.push(e.firstName, e.lastName, ...(e.preferredName ? [e.preferredName] : []));
    values.push(e.workEmail, ...(e.workPhone ? [e.workPhone] : []), ...(e.externalId ? [e.externalId] : []));
    for (const v of state.customFields.values.get(s.employeeId) ?? []) if (s.fieldIds.record.includes(v[0])) values.push(...strings(v[1]));
  }
  if (user && (has('account') || has('record'))) {
    strongNames.push(user.name);
    values.push(user.email);
  }
  if (has('personal')) {
    if (e) values.push(...strings(e.address && [e.address.line1, e.address.line2, e.address.postalCode]), ...strings(e.emergencyContact && [e.emergencyContact.name, e.emergencyContact.phone]));
    const [d] = await db.select().from(personalDetails).where(eq(personalDetails.employeeId, s.employeeId));
    if (d) values.push(...strings([d.personalEmail, d.personalPhone, d.bankAccount?.holder, d.bankAccount?.iban, d.bankAccount?.bic, ...(d.emergencyContacts ?? []).flatMap((c) => [c.name, c.phone])]));
    for (const r of await db.select().from(profileChangeRequests).where(eq(profileChangeRequests.employeeId, s.employeeId))) values.push(...strings(JSON.parse(JSON.stringify(r.changes))));
    for (const v of state.customFields.values.get(s.employeeId) ?? []) if (s.fieldIds.personal.includes(v[0])) values.push(...strings(v[1]));
  }
  if (has('compensation')) for (const v of state.customFields.values.get(s.employeeId) ?? []) if (s.fieldIds.compensation.includes(v[0])) values.push(...strings(v[1]));
  if (has('documents')) for (const d of await db.select({ name: documents.name }).from(documents).where(eq(documents.employeeId, s.employeeId))) values.push(d.name);
  for (const c of categories) for (const k of keysOf[c] ?? []) keys.add(k);
  // A record already pseudonymised holds the placeholders where the names were: never a secret, never replaced (a second erasure changes nothing).
  const placeholders = new Set([pseudonym, ...Object.values(erasedIdentity(pseudonym))]);
  const unique = (xs: string[]) => [...new Set(xs.filter((x) => x.trim().length > 0 && !pseudonym.toLowerCase().includes(x.toLowerCase()) && !placeholders.has(x)))];
  return {
    about: { names: unique([...strongNames, ...weakNames]), values: unique(values), pseudonym, keys, keyValues: has('record') ? { ...erasedIdentity(pseudonym), preferredName: pseudonym } : {}, placeholders },
    mention: { names: unique(strongNames), values: unique(values), pseudonym, placeholders },
  };
}

/** Every string inside a value (a custom value, a change request's fields). */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}
