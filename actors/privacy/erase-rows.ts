import { and, eq } from 'drizzle-orm';
import type { CommandCtx } from '../core/message';
import { documents } from '../documents/documents.sql.ts';
import { userErased } from '../identity/events';
import { users } from '../identity/identity.sql.ts';
import { employeeEvents, employees, type EmployeeRow } from '../people/people.sql.ts';
import { audienceOf } from '../people/audience';
import { employeeUpdated } from '../people/events';
import { employmentView } from '../people/view';
import type { TenantServices, TenantState } from '../tenant/context';
import { erasedIdentity, type Subject } from './subject';

/**
 * The erasure steps the personal-data map names that are more than a delete: each rewrites
 * one person's rows in the step's transaction and keeps the actor's memory in line with them.
 */
type Ctx = CommandCtx<TenantState, TenantServices>;

/**
 * The record and its history, in one step, so a crash leaves the row as it was or done for
 * every category being erased: with `record`, the names, work email and phone and external id
 * become the pseudonym's; with `personal`, the birth date, address, emergency contact and the
 * reason they left go, in the record and in its history. Dates and employment stay
 * (headcount, turnover).
 */
export async function eraseEmployee(ctx: Ctx, s: Subject, pseudonym: string, categories: readonly string[]): Promise<number> {
  const e = ctx.state.people.employees.get(s.employeeId);
  if (!e) return 0;
  let count = 0;
  const patch: Partial<EmployeeRow> = {};
  if (categories.includes('personal')) {
    for (const row of await ctx.db.select().from(employeeEvents).where(eq(employeeEvents.employeeId, s.employeeId))) {
      if (row.changes.terminationReason == null && row.reason == null) continue;
      const changes = { ...row.changes, ...(row.changes.terminationReason != null ? { terminationReason: null } : {}) };
      await ctx.db.update(employeeEvents).set({ changes, reason: null }).where(eq(employeeEvents.id, row.id));
      count++;
    }
    if (e.birthDate || e.address || e.emergencyContact || e.terminationReason) Object.assign(patch, { birthDate: null, address: null, emergencyContact: null, terminationReason: null });
  }
  const named = { ...erasedIdentity(pseudonym), preferredName: null, workPhone: null, externalId: null };
  const renamed = categories.includes('record') && (Object.keys(named) as (keyof typeof named)[]).some((k) => e[k] !== named[k]);
  if (renamed) Object.assign(patch, named);
  if (Object.keys(patch).length === 0) return count;
  const updated = await write(ctx, e, patch);
  count++;
  if (!renamed) return count;
  const { people } = ctx.state;
  if (people.employeeIdsByEmail.get(e.workEmail) === e.id) ctx.remove(people.employeeIdsByEmail, e.workEmail);
  ctx.set(people.employeeIdsByEmail, updated.workEmail, e.id);
  if (e.externalId) ctx.remove(people.employeeIdsByExternalId, e.externalId);
  ctx.emit(employeeUpdated.create(e.id, { employee: employmentView(ctx.state, updated), changed: Object.keys(named) }, audienceOf(ctx.state, updated)));
  return count;
}

async function write(ctx: Ctx, e: EmployeeRow, patch: Partial<EmployeeRow>): Promise<EmployeeRow> {
  const updated: EmployeeRow = { ...e, ...patch, version: e.version + 1, updatedAt: ctx.now.toISOString() };
  await ctx.db.update(employees).set({ ...patch, version: updated.version, updatedAt: updated.updatedAt }).where(eq(employees.id, e.id));
  ctx.set(ctx.state.people.employees, e.id, updated);
  return updated;
}

/** The rows go in this step; their blobs in the next, once the rows' removal has committed (a crash between leaves orphans the sweep also finds). */
export async function eraseDocuments(ctx: Ctx, s: Subject): Promise<{ count: number; blobs: string[] }> {
  const rows = await ctx.db.select({ blobKey: documents.blobKey }).from(documents).where(eq(documents.employeeId, s.employeeId));
  if (rows.length > 0) await ctx.db.delete(documents).where(eq(documents.employeeId, s.employeeId));
  return { count: rows.length, blobs: rows.map((r) => r.blobKey) };
}

/** Their own keys leave the actor's memory with their rows: they stop at once. */
export const forgetKeys = (ctx: Ctx, s: Subject) => {
  const { identity } = ctx.state;
  for (const keyId of s.apiKeyIds) {
    const key = identity.apiKeys.get(keyId);
    if (!key) continue;
    ctx.remove(identity.apiKeys, keyId);
    if (identity.apiKeyIdsByPrefix.get(key.prefix) === keyId) ctx.remove(identity.apiKeyIdsByPrefix, key.prefix);
  }
};

/** The user goes: the actor's memory forgets them (their tokens stop at the next message), and their streams are told. */
export async function eraseAccount(ctx: Ctx, s: Subject): Promise<{ count: number }> {
  const { identity } = ctx.state;
  const user = s.userId ? identity.users.get(s.userId) : undefined;
  if (!user) return { count: 0 };
  await ctx.db.delete(users).where(and(eq(users.id, user.id)));
  ctx.remove(identity.users, user.id);
  if (identity.userIdsByEmail.get(user.email) === user.id) ctx.remove(identity.userIdsByEmail, user.email);
  if (user.employeeId && identity.userIdsByEmployee.get(user.employeeId) === user.id) ctx.remove(identity.userIdsByEmployee, user.employeeId);
  ctx.emit(userErased.create(user.id, { userId: user.id, apiKeyIds: s.apiKeyIds }, [user.id, ...s.apiKeyIds]));
  return { count: 1 };
}

export const forgetCustomValues = (category: keyof Subject['fieldIds']) => (ctx: Ctx, s: Subject) => {
  const values = ctx.state.customFields.values.get(s.employeeId);
  if (!values) return;
  const kept = new Map([...values].filter(([fieldId]) => !s.fieldIds[category].includes(fieldId)));
  ctx.set(ctx.state.customFields.values, s.employeeId, kept);
};

export const forgetPay = (ctx: Ctx, s: Subject) => ctx.remove(ctx.state.compensation.records, s.employeeId);
export const forgetSchedule = (ctx: Ctx, s: Subject) => ctx.remove(ctx.state.attendance.assignments, s.employeeId);
