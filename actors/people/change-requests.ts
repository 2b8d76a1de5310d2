import { inlineLimit } from '../core/prepared';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { conflict, forbidden, notFound } from '../core/errors';
import type { CommandCtx, QueryCtx } from '../core/message';
import { everyone, peopleManagers } from '../core/principal';
import { instant, listOf } from '../core/reply';
import { email, idOf, text } from '../core/text';
import { defineEvent } from '../core/event';
import { tenantMessage, type TenantServices, type TenantState } from '../tenant/context';
import { tenantToday } from '../tenant/today';
import { actorOf } from './audience';
import { address, emergencyContact, phone } from './fields';
import { recordEmployment } from './lifecycle';
import type { EmployeeRow } from './people.sql.ts';
import { personalDetails, profileChangeRequests, selfServiceSettings, type BankAccount, type PersonalDetailsRow, type ProfileChangeRequestRow, type ProfileChanges } from './self-service.sql.ts';
import { ownEmployeeId, tiersOf, userOfEmployee, viewerOf } from './visibility';

/**
 * Employee self-service: the employee keeps their personal details up to date
 * (`PATCH /v1/me/profile`). The company chooses per field whether a change applies at once
 * or waits for HR as a change request; HR has the queue and decides, with a reason when
 * rejecting. Bank details are their own tier (HR and the employee), shown whole only in a
 * read of one record, masked to the last four characters everywhere else.
 */
type Ctx = CommandCtx<TenantState, TenantServices>;
type QCtx = QueryCtx<TenantState, TenantServices>;

export const selfServiceFields = ['preferredName', 'address', 'personalEmail', 'personalPhone', 'emergencyContacts', 'bankAccount'] as const;
export type SelfServiceField = (typeof selfServiceFields)[number];
const defaultApproval: SelfServiceField[] = ['bankAccount'];

/** ISO 13616: two letters, two check digits, up to 30 letters and digits, and the mod-97 check. */
function validIban(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const n = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of n) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest === 1;
}

const bankAccount = z.strictObject({
  holder: text(120),
  iban: z
    .string()
    .transform((s) => s.replace(/\s+/g, '').toUpperCase())
    .refine(validIban, 'Must be a valid IBAN, such as DE89 3704 0044 0532 0130 00.'),
  bic: z.string().regex(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/, 'Must be a BIC such as COBADEFFXXX.').optional(),
});
/** An emergency contact: the same shape as on the employee record. */
const contactPerson = emergencyContact;

const profileInput = {
  preferredName: text(100).nullable(),
  address: address.nullable(),
  personalEmail: email.nullable(),
  personalPhone: phone.nullable(),
  emergencyContacts: z.array(contactPerson).max(10),
  bankAccount: bankAccount.nullable(),
};

/** Every character but the last four replaced: what lists, events and the audit log carry. */
export const maskTail = (s: string) => (s.length <= 4 ? '*'.repeat(s.length) : `${'*'.repeat(s.length - 4)}${s.slice(-4)}`);
export const maskedBank = (b: BankAccount | null | undefined) => (b ? { holder: b.holder, iban: maskTail(b.iban), bic: b.bic ? maskTail(b.bic) : null } : null);
const maskedChanges = (c: ProfileChanges): ProfileChanges => ('bankAccount' in c ? { ...c, bankAccount: maskedBank(c.bankAccount) as BankAccount | null } : c);

async function detailsOf(db: QCtx['db'], employeeId: string): Promise<PersonalDetailsRow | undefined> {
  const [row] = await db.select().from(personalDetails).where(eq(personalDetails.employeeId, employeeId));
  return row;
}

async function approvalFields(db: QCtx['db']): Promise<SelfServiceField[]> {
  const [row] = await db.select().from(selfServiceSettings);
  return (row?.approval as SelfServiceField[] | undefined) ?? defaultApproval;
}

/** The self-service view of one record (whole bank details: only ever for HR or the employee). */
function profileView(e: EmployeeRow, d: PersonalDetailsRow | undefined) {
  return {
    employeeId: e.id,
    preferredName: e.preferredName,
    address: e.address,
    personalEmail: d?.personalEmail ?? null,
    personalPhone: d?.personalPhone ?? null,
    emergencyContacts: d?.emergencyContacts ?? [],
    bankAccount: d?.bankAccount ?? null,
  };
}

const bankSchema = z.strictObject({ holder: z.string(), iban: z.string(), bic: z.string().nullable().optional() }).meta({ id: 'BankAccount' });
const profileSchema = z.strictObject({
  employeeId: idOf('emp'),
  preferredName: z.string().nullable(),
  address: address.nullable(),
  personalEmail: z.string().nullable(),
  personalPhone: z.string().nullable(),
  emergencyContacts: z.array(contactPerson),
  bankAccount: bankSchema.nullable(),
}).meta({ id: 'PersonalProfile' });

const requestView = (r: ProfileChangeRequestRow, whole: boolean) => ({
  id: r.id,
  employeeId: r.employeeId,
  changes: whole ? r.changes : maskedChanges(r.changes),
  fields: Object.keys(r.changes),
  status: r.status,
  requestedAt: r.requestedAt,
  decidedAt: r.decidedAt,
  decidedBy: r.decidedBy,
  decisionReason: r.decisionReason,
});
export const changeRequestSchema = z.strictObject({
  id: idOf('pcr'),
  employeeId: idOf('emp'),
  changes: z.record(z.string(), z.unknown()).describe('The requested values; bank details masked in lists'),
  fields: z.array(z.string()),
  status: z.enum(['pending', 'approved', 'rejected']),
  requestedAt: instant,
  decidedAt: instant.nullable(),
  decidedBy: z.string().nullable(),
  decisionReason: z.string().nullable(),
}).meta({ id: 'ProfileChangeRequest' });

/* Events name the fields, never their values: they travel to the employee and to HR only. */
export const profileChangeRequested = defineEvent({
  type: 'profile.change_requested',
  summary: 'An employee asked for a change of their personal details that HR approves',
  data: z.object({ requestId: z.string(), employeeId: z.string(), fields: z.array(z.string()) }),
});
export const profileChangeDecided = defineEvent({
  type: 'profile.change_decided',
  summary: 'HR approved or rejected a requested change of personal details',
  data: z.object({ requestId: z.string(), employeeId: z.string(), fields: z.array(z.string()), status: z.enum(['approved', 'rejected']), reason: z.string().nullable() }),
});
export const personalDetailsChanged = defineEvent({
  type: 'profile.details_changed',
  summary: 'Personal details changed (the fields are named, not their values)',
  data: z.object({ employeeId: z.string(), fields: z.array(z.string()) }),
});
export const selfServiceEvents = [profileChangeRequested, profileChangeDecided, personalDetailsChanged];

const audienceOfSelf = (state: TenantState, employeeId: string) => [employeeId, ...[userOfEmployee(state, employeeId)].filter((u): u is string => !!u)];

/** Applies self-service changes: record fields through the record's own update, the rest to personal details. */
async function applyChanges(ctx: Ctx, employee: EmployeeRow, changes: ProfileChanges): Promise<void> {
  const { preferredName, address: addr, ...rest } = changes;
  const profile = { ...(preferredName !== undefined ? { preferredName } : {}), ...(addr !== undefined ? { address: addr } : {}) };
  if (Object.keys(profile).length > 0) {
    await recordEmployment(ctx, employee, { type: 'update', effectiveDate: tenantToday(ctx.state, ctx.now), changes: {}, reason: null, profile });
  }
  if (Object.keys(rest).length === 0) return;
  const before = await detailsOf(ctx.db, employee.id);
  const next: PersonalDetailsRow = {
    employeeId: employee.id,
    personalEmail: before?.personalEmail ?? null,
    personalPhone: before?.personalPhone ?? null,
    emergencyContacts: before?.emergencyContacts ?? [],
    bankAccount: before?.bankAccount ?? null,
    ...rest,
    updatedAt: ctx.now.toISOString(),
  } as PersonalDetailsRow;
  const { employeeId: _id, ...set } = next;
  await ctx.db.insert(personalDetails).values(next).onConflictDoUpdate({ target: personalDetails.employeeId, set });
  const mask = (d: PersonalDetailsRow | undefined) => (d ? { ...d, bankAccount: maskedBank(d.bankAccount) } : undefined);
  ctx.audit({ entity: 'personal_details', id: employee.id, before: mask(before), after: mask(next) });
  ctx.emit(personalDetailsChanged.create(employee.id, { employeeId: employee.id, fields: Object.keys(rest) }, audienceOfSelf(ctx.state, employee.id)));
}

function ownEmployee(state: TenantState, principal: QCtx['principal']): EmployeeRow {
  const id = ownEmployeeId(state, principal);
  const e = id ? state.people.employees.get(id) : undefined;
  if (!e) throw notFound('Your employee record');
  return e;
}

async function pendingOf(db: QCtx['db'], employeeId: string) {
  return db
    .select()
    .from(profileChangeRequests)
    .where(and(eq(profileChangeRequests.employeeId, employeeId), eq(profileChangeRequests.status, 'pending')))
    .orderBy(profileChangeRequests.requestedAt);
}

const meSchema = profileSchema.extend({ pending: z.array(changeRequestSchema) }).meta({ id: 'MyPersonalProfile' });

export const getMyProfile = tenantMessage.query({
  type: 'profile.me',
  access: everyone,
  input: z.strictObject({}),
  output: meSchema,
  route: { method: 'GET', path: '/v1/me/profile', summary: 'Your personal details, with the changes waiting for HR' },
  handler: async (_input, { state, principal, db }) => {
    const e = ownEmployee(state, principal);
    return { ...profileView(e, await detailsOf(db, e.id)), pending: (await pendingOf(db, e.id)).map((r) => requestView(r, true)) };
  },
});

export const updateMyProfile = tenantMessage.command({
  type: 'profile.update',
  access: everyone,
  input: z.strictObject(profileInput).partial(),
  output: meSchema.extend({ applied: z.array(z.string()), requested: changeRequestSchema.nullable() }),
  route: { method: 'PATCH', path: '/v1/me/profile', summary: 'Change your personal details; fields the company has HR approve become a change request' },
  handler: async (input, ctx) => {
    const employee = ownEmployee(ctx.state, ctx.principal);
    const { applied, requested } = await changeOwnDetails(ctx, employee, input);
    const current = ctx.state.people.employees.get(employee.id)!;
    return {
      ...profileView(current, await detailsOf(ctx.db, employee.id)),
      pending: (await pendingOf(ctx.db, employee.id)).map((r) => requestView(r, true)),
      applied,
      requested,
    };
  },
});

/**
 * The self-service rule, for `PATCH /v1/me/profile` and an employee's PATCH of their own
 * record alike: each given field applies at once, or (when the company has HR approve it)
 * goes into one change request. Answers the fields applied and the request (whole: the
 * employee's own).
 */
export async function changeOwnDetails(ctx: Ctx, employee: EmployeeRow, input: Partial<Record<SelfServiceField, unknown>>) {
  const approval = new Set(await approvalFields(ctx.db));
  const given = Object.entries(input).filter(([, v]) => v !== undefined) as [SelfServiceField, unknown][];
  const now = Object.fromEntries(given.filter(([k]) => !approval.has(k))) as ProfileChanges;
  const later = Object.fromEntries(given.filter(([k]) => approval.has(k))) as ProfileChanges;
  await applyChanges(ctx, employee, now);
  let requested: ProfileChangeRequestRow | null = null;
  if (Object.keys(later).length > 0) {
    requested = {
      id: ctx.ids.next('pcr'),
      employeeId: employee.id,
      changes: later,
      status: 'pending',
      requestedAt: ctx.now.toISOString(),
      requestedBy: actorOf(ctx),
      decidedAt: null,
      decidedBy: null,
      decisionReason: null,
    };
    await ctx.db.insert(profileChangeRequests).values(requested);
    ctx.audit({ entity: 'profile_change_request', id: requested.id, after: requestView(requested, false) });
    ctx.emit(profileChangeRequested.create(requested.id, { requestId: requested.id, employeeId: employee.id, fields: Object.keys(later) }, audienceOfSelf(ctx.state, employee.id)));
  }
  return { applied: Object.keys(now), requested: requested ? requestView(requested, true) : null };
}

/** One record's personal details, bank tier included: HR and the employee only. */
export const getPersonalDetails = tenantMessage.query({
  type: 'profile.get',
  access: everyone,
  input: z.strictObject({ id: idOf('emp') }),
  output: profileSchema,
  route: { method: 'GET', path: '/v1/employees/:id/personal-details', summary: 'An employee’s personal and bank details (HR and the employee)' },
  handler: async ({ id }, { state, principal, db }) => {
    const e = state.people.employees.get(id);
    if (!e || !tiersOf(viewerOf(state, principal), e).has('bank')) throw notFound('The employee');
    return profileView(e, await detailsOf(db, id));
  },
});

/** HR's queue (everyone's requests), or the caller's own; bank details masked in the list. */
export const listChangeRequests = tenantMessage.query({
  type: 'profile.listRequests',
  access: everyone,
  input: z.strictObject({ status: z.enum(['pending', 'approved', 'rejected']).optional(), employeeId: idOf('emp').optional() }),
  output: listOf(changeRequestSchema),
  route: { method: 'GET', path: '/v1/profile-change-requests', summary: 'Change requests: HR’s queue, or your own (bank details masked)' },
  handler: async ({ status, employeeId }, { state, principal, db }) => {
    const viewer = viewerOf(state, principal);
    const where: SQL[] = [];
    if (status) where.push(eq(profileChangeRequests.status, status));
    if (!viewer.all) {
      if (!viewer.self) return { items: [] };
      where.push(eq(profileChangeRequests.employeeId, viewer.self));
    }
    if (employeeId) where.push(eq(profileChangeRequests.employeeId, employeeId));
    const rows = await db.select().from(profileChangeRequests).where(and(...where)).orderBy(desc(profileChangeRequests.requestedAt)).limit(inlineLimit(500));
    return { items: rows.map((r) => requestView(r, false)) };
  },
});

async function pendingRequest(ctx: Ctx, id: string): Promise<{ row: ProfileChangeRequestRow; employee: EmployeeRow }> {
  const [row] = await ctx.db.select().from(profileChangeRequests).where(eq(profileChangeRequests.id, id));
  const employee = row ? ctx.state.people.employees.get(row.employeeId) : undefined;
  if (!row || !employee) throw notFound('The change request');
  if (row.status !== 'pending') throw conflict('already_decided', `The change request was already ${row.status}.`);
  if (ownEmployeeId(ctx.state, ctx.principal) === row.employeeId) throw forbidden('Nobody decides on their own change request.');
  return { row, employee };
}

async function decide(ctx: Ctx, row: ProfileChangeRequestRow, status: 'approved' | 'rejected', reason: string | null) {
  const decided: ProfileChangeRequestRow = { ...row, status, decidedAt: ctx.now.toISOString(), decidedBy: actorOf(ctx), decisionReason: reason };
  await ctx.db.update(profileChangeRequests).set({ status, decidedAt: decided.decidedAt, decidedBy: decided.decidedBy, decisionReason: reason }).where(eq(profileChangeRequests.id, row.id));
  ctx.audit({ entity: 'profile_change_request', id: row.id, before: requestView(row, false), after: requestView(decided, false) });
  ctx.emit(profileChangeDecided.create(row.id, { requestId: row.id, employeeId: row.employeeId, fields: Object.keys(row.changes), status, reason }, audienceOfSelf(ctx.state, row.employeeId)));
  return requestView(decided, true);
}

export const approveChangeRequest = tenantMessage.command({
  type: 'profile.approveRequest',
  access: peopleManagers,
  input: z.strictObject({ id: idOf('pcr') }),
  output: changeRequestSchema,
  route: { method: 'POST', path: '/v1/profile-change-requests/:id/approve', summary: 'Approve a change request: the change applies now' },
  handler: async ({ id }, ctx) => {
    const { row, employee } = await pendingRequest(ctx, id);
    await applyChanges(ctx, employee, row.changes);
    return decide(ctx, row, 'approved', null);
  },
});

export const rejectChangeRequest = tenantMessage.command({
  type: 'profile.rejectRequest',
  access: peopleManagers,
  input: z.strictObject({ id: idOf('pcr'), reason: text(500) }),
  output: changeRequestSchema,
  route: { method: 'POST', path: '/v1/profile-change-requests/:id/reject', summary: 'Reject a change request, with a reason the employee reads' },
  handler: async ({ id, reason }, ctx) => {
    const { row } = await pendingRequest(ctx, id);
    return decide(ctx, row, 'rejected', reason);
  },
});

const settingsSchema = z.strictObject({ approval: z.array(z.enum(selfServiceFields)).describe('The fields whose changes wait for HR; the others apply at once') }).meta({ id: 'SelfServiceSettings' });

export const getSelfServiceSettings = tenantMessage.query({
  type: 'profile.settings',
  access: everyone,
  input: z.strictObject({}),
  output: settingsSchema,
  route: { method: 'GET', path: '/v1/self-service/settings', summary: 'Which personal details need HR’s approval' },
  handler: async (_input, { db }) => ({ approval: await approvalFields(db) }),
});

export const updateSelfServiceSettings = tenantMessage.command({
  type: 'profile.updateSettings',
  access: peopleManagers,
  input: settingsSchema,
  output: settingsSchema,
  route: { method: 'PUT', path: '/v1/self-service/settings', summary: 'Choose which personal details need HR’s approval' },
  handler: async ({ approval }, ctx) => {
    const before = await approvalFields(ctx.db);
    const unique = [...new Set(approval)];
    const updatedAt = ctx.now.toISOString();
    await ctx.db.insert(selfServiceSettings).values({ id: 'settings', approval: unique, updatedAt }).onConflictDoUpdate({ target: selfServiceSettings.id, set: { approval: unique, updatedAt } });
    ctx.audit({ entity: 'self_service_settings', id: 'settings', before: { approval: before }, after: { approval: unique } });
    return { approval: unique };
  },
});

export const selfServiceMessages = [getMyProfile, updateMyProfile, getPersonalDetails, listChangeRequests, approveChangeRequest, rejectChangeRequest, getSelfServiceSettings, updateSelfServiceSettings] as const;
