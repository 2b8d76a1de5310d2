import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { forbidden, notFound, unprocessable } from '../core/errors';
import type { CommandCtx, QueryCtx } from '../core/message';
import { everyone, peopleManagers, principalId } from '../core/principal';
import { instant, listOf } from '../core/reply';
import { idOf, isoDate, text } from '../core/text';
import { userOfEmployee, viewerOf, visibilityOf } from '../people/visibility';
import { tenantMessage, type TenantServices, type TenantState } from '../tenant/context';
import { companyZone } from '../tenant/today';
import { requireRequest } from '../timeoff/requests';
import { isTenantBlobKey } from './blob-store';
import { categories, maySee, tierOf, type Category } from './categories';
import { documents, type DocumentRow } from './documents.sql.ts';
import { documentDeleted, documentExpiring, documentUploaded, refOf } from './events';
import { expiryReminders } from './expiry';
import { allowedTypes } from './file-types';

type Query = QueryCtx<TenantState, TenantServices>;
type Ctx = CommandCtx<TenantState, TenantServices>;

/** Reminder leads when the runtime configures none. */
const defaultReminderDays = [30, 7];

export const documentSchema = z.strictObject({
  id: idOf('doc'),
  attachedTo: z.enum(['employee', 'leave_request', 'checklist_task']),
  attachedId: z.string(),
  employeeId: idOf('emp'),
  category: z.enum(categories),
  visibility: z.enum(['employment', 'personal']),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  expiresOn: isoDate.nullable(),
  uploadedBy: z.string(),
  createdAt: instant,
  replaces: z.string().nullable(),
}).meta({ id: 'Document' });

const view = (d: DocumentRow, replaces: string | null = null) => ({
  id: d.id,
  attachedTo: d.attachedTo,
  attachedId: d.attachedId,
  employeeId: d.employeeId,
  category: d.category,
  visibility: d.tier,
  name: d.name,
  contentType: d.contentType,
  size: d.size,
  sha256: d.sha256,
  expiresOn: d.expiresOn,
  uploadedBy: d.uploadedBy,
  createdAt: d.createdAt,
  replaces,
});

/**
 * What the edge hands over after it stored the bytes (src/http/routes/binary-body.ts): the
 * blob's key, the type its first bytes proved, the size and the SHA-256 it counted. Clients
 * cannot set it: the edge replaces whatever a request names `file`.
 */
export const storedFile = z.strictObject({
  key: z.string().max(300),
  contentType: z.enum(allowedTypes),
  size: z.number().int().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const uploadFields = {
  name: text(200).describe('The file name shown to people'),
  expiresOn: isoDate.optional().describe('When the document stops being valid (a work permit); reminders go out before it'),
  file: storedFile,
};

/** A person may attach documents to their own record and requests; HR to anyone's. */
function mayUpload(ctx: Query, employeeId: string): boolean {
  const viewer = viewerOf(ctx.state, ctx.principal);
  return viewer.all || viewer.self === employeeId;
}

async function attach(
  ctx: Ctx,
  target: { attachedTo: DocumentRow['attachedTo']; attachedId: string; employeeId: string },
  input: { name: string; category: Category; expiresOn?: string; file: z.output<typeof storedFile> },
  replaces?: DocumentRow,
) {
  if (!isTenantBlobKey(ctx.state.tenantId, input.file.key)) throw unprocessable('blob_key_refused', 'The stored file does not belong to this company.', 'file');
  const row: DocumentRow = {
    id: ctx.ids.next('doc'),
    ...target,
    category: input.category,
    tier: tierOf[input.category],
    name: input.name,
    contentType: input.file.contentType,
    size: input.file.size,
    sha256: input.file.sha256,
    blobKey: input.file.key,
    expiresOn: input.expiresOn ?? null,
    uploadedBy: principalId(ctx.principal),
    createdAt: ctx.now.toISOString(),
    replacedBy: null,
    deletedAt: null,
  };
  await ctx.db.insert(documents).values(row);
  if (replaces) {
    await ctx.db.update(documents).set({ replacedBy: row.id }).where(eq(documents.id, replaces.id));
    await cancelReminders(ctx, replaces);
    ctx.audit({ entity: 'document', id: replaces.id, before: view(replaces), after: { replacedBy: row.id } });
  }
  ctx.audit({ entity: 'document', id: row.id, after: view(row, replaces?.id ?? null) });
  ctx.emit(documentUploaded.create(row.id, { document: refOf(row), employeeId: row.employeeId, replaces: replaces?.id ?? null }, audienceOf(ctx.state, row)));
  await scheduleReminders(ctx, row);
  await ctx.schedule({ key: 'documents.sweep', at: new Date(ctx.now.getTime() + 24 * 3600_000), type: 'documents.sweep', payload: {} });
  return view(row, replaces?.id ?? null);
}

/** The employee hears of their own documents; HR of all (the roles that see everything), nobody else. */
const audienceOf = (state: TenantState, d: DocumentRow) => {
  const userId = userOfEmployee(state, d.employeeId);
  return userId ? [userId] : [];
};

async function scheduleReminders(ctx: Ctx, d: DocumentRow) {
  if (!d.expiresOn) return;
  const leads = ctx.services.documents?.reminderDays ?? defaultReminderDays;
  for (const r of expiryReminders(d.expiresOn, leads, companyZone(ctx.state), ctx.now)) {
    await ctx.schedule({ key: `documents.expiry:${d.id}:${r.days}`, at: r.at, type: 'documents.remindExpiry', payload: { id: d.id, days: r.days } });
  }
}

async function cancelReminders(ctx: Ctx, d: DocumentRow) {
  if (!d.expiresOn) return;
  for (const days of ctx.services.documents?.reminderDays ?? defaultReminderDays) await ctx.cancelTimer(`documents.expiry:${d.id}:${days}`);
}

/** An employee the caller may see at all (404 otherwise, as employees.get answers). */
function requireEmployee(ctx: Query, id: string) {
  const employee = ctx.state.people.employees.get(id);
  if (!employee || visibilityOf(viewerOf(ctx.state, ctx.principal), employee) === 'none') throw notFound('The employee');
}

/** A live document the caller may see, or 404 (never 403: whether it exists is not told). */
export async function requireDocument(ctx: Query, id: string): Promise<DocumentRow> {
  const [row] = await ctx.db.select().from(documents).where(eq(documents.id, id));
  if (!row || row.deletedAt || row.replacedBy || !maySee(viewerOf(ctx.state, ctx.principal), row.employeeId, row.tier)) throw notFound('The document');
  return row;
}

export const uploadEmployeeDocument = tenantMessage.command({
  type: 'documents.uploadForEmployee',
  access: everyone,
  input: z.strictObject({ id: idOf('emp'), category: z.enum(categories), ...uploadFields }),
  output: documentSchema,
  route: { method: 'POST', path: '/v1/employees/:id/documents', status: 201, binaryBody: true, summary: "Attach a document (the file is the body) to an employee's record" },
  handler: async ({ id, ...input }, ctx) => {
    requireEmployee(ctx, id);
    if (!mayUpload(ctx, id)) throw forbidden('Only HR or the employee may attach documents to this record.');
    return attach(ctx, { attachedTo: 'employee', attachedId: id, employeeId: id }, input);
  },
});

export const uploadRequestDocument = tenantMessage.command({
  type: 'documents.uploadForRequest',
  access: everyone,
  input: z.strictObject({ id: idOf('tor'), category: z.enum(categories).default('sick_note'), ...uploadFields }),
  output: documentSchema,
  route: { method: 'POST', path: '/v1/timeoff-requests/:id/documents', status: 201, binaryBody: true, summary: 'Attach a document (a sick note) to a time-off request' },
  handler: async ({ id, ...input }, ctx) => {
    const request = await requireRequest(ctx, id);
    if (!mayUpload(ctx, request.employeeId)) throw forbidden('Only HR or the employee may attach documents to this request.');
    return attach(ctx, { attachedTo: 'leave_request', attachedId: id, employeeId: request.employeeId }, input);
  },
});

export const replaceDocument = tenantMessage.command({
  type: 'documents.replace',
  access: everyone,
  input: z.strictObject({ id: idOf('doc'), name: text(200).optional(), expiresOn: isoDate.optional(), file: storedFile }),
  output: documentSchema,
  route: { method: 'PUT', path: '/v1/documents/:id/content', binaryBody: true, summary: 'Replace a document with a new file; the old one is kept in the audit trail only' },
  handler: async ({ id, ...input }, ctx) => {
    const current = await requireDocument(ctx, id);
    if (!mayUpload(ctx, current.employeeId)) throw forbidden('Only HR or the employee may replace this document.');
    const target = { attachedTo: current.attachedTo, attachedId: current.attachedId, employeeId: current.employeeId };
    return attach(ctx, target, { name: input.name ?? current.name, category: current.category, expiresOn: input.expiresOn ?? current.expiresOn ?? undefined, file: input.file }, current);
  },
});

const listFor = (attachedTo: DocumentRow['attachedTo']) => async (ctx: Query, attachedId: string) => {
  const viewer = viewerOf(ctx.state, ctx.principal);
  const rows = await ctx.db
    .select()
    .from(documents)
    .where(and(eq(documents.attachedTo, attachedTo), eq(documents.attachedId, attachedId), isNull(documents.deletedAt), isNull(documents.replacedBy)));
  return { items: rows.filter((d) => maySee(viewer, d.employeeId, d.tier)).map((d) => view(d)) };
};

export const listEmployeeDocuments = tenantMessage.query({
  type: 'documents.listForEmployee',
  access: everyone,
  input: z.strictObject({ id: idOf('emp') }),
  output: listOf(documentSchema),
  route: { method: 'GET', path: '/v1/employees/:id/documents', summary: "An employee's documents the caller may see" },
  handler: ({ id }, ctx) => {
    requireEmployee(ctx, id);
    return listFor('employee')(ctx, id);
  },
});

export const listRequestDocuments = tenantMessage.query({
  type: 'documents.listForRequest',
  access: everyone,
  input: z.strictObject({ id: idOf('tor') }),
  output: listOf(documentSchema),
  route: { method: 'GET', path: '/v1/timeoff-requests/:id/documents', summary: "A time-off request's documents the caller may see" },
  handler: async ({ id }, ctx) => {
    await requireRequest(ctx, id);
    return listFor('leave_request')(ctx, id);
  },
});

export const getDocument = tenantMessage.query({
  type: 'documents.get',
  access: everyone,
  input: z.strictObject({ id: idOf('doc') }),
  output: documentSchema,
  route: { method: 'GET', path: '/v1/documents/:id', summary: "A document's details" },
  handler: async ({ id }, ctx) => view(await requireDocument(ctx, id)),
});

/**
 * A download: checks who may see it, writes the audit row, and tells the edge which blob to
 * stream (the key never leaves the edge). A command, so that the download is recorded.
 */
export const openDocument = tenantMessage.command({
  type: 'documents.open',
  access: everyone,
  input: z.strictObject({ id: idOf('doc') }),
  route: { method: 'GET', path: '/v1/documents/:id/content', blobReply: true, summary: "Download a document's file" },
  handler: async ({ id }, ctx) => {
    const d = await requireDocument(ctx, id);
    ctx.audit({ entity: 'document', id, after: { downloadedBy: principalId(ctx.principal) } });
    return { key: d.blobKey, contentType: d.contentType, name: d.name, size: d.size, sha256: d.sha256 };
  },
});

export const deleteDocument = tenantMessage.command({
  type: 'documents.delete',
  access: everyone,
  input: z.strictObject({ id: idOf('doc') }),
  route: { method: 'DELETE', path: '/v1/documents/:id', empty: true, summary: 'Delete a document (its file is removed by the next sweep)' },
  handler: async ({ id }, ctx) => {
    const d = await requireDocument(ctx, id);
    if (!mayUpload(ctx, d.employeeId)) throw forbidden('Only HR or the employee may delete this document.');
    await ctx.db.update(documents).set({ deletedAt: ctx.now.toISOString() }).where(eq(documents.id, id));
    await cancelReminders(ctx, d);
    ctx.audit({ entity: 'document', id, before: view(d), after: { deletedBy: principalId(ctx.principal) } });
    ctx.emit(documentDeleted.create(id, { document: refOf(d), employeeId: d.employeeId }, audienceOf(ctx.state, d)));
    return {};
  },
});

/** A reminder timer: HR and the employee hear that the document expires in `days` days. */
export const remindExpiry = tenantMessage.command({
  type: 'documents.remindExpiry',
  access: 'system',
  input: z.strictObject({ id: idOf('doc'), days: z.number().int().min(0) }),
  handler: async ({ id, days }, ctx) => {
    const [d] = await ctx.db.select().from(documents).where(eq(documents.id, id));
    if (!d || d.deletedAt || d.replacedBy || !d.expiresOn) return { reminded: 0 };
    const hr = [...ctx.state.identity.users.values()].filter((u) => u.status === 'active' && peopleManagers.includes(u.role)).map((u) => u.id);
    const employee = userOfEmployee(ctx.state, d.employeeId);
    const userIds = [...new Set([...hr, ...(employee ? [employee] : [])])];
    ctx.emit(documentExpiring.create(id, { document: refOf(d), employeeId: d.employeeId, expiresOn: d.expiresOn, days, userIds }, userIds));
    return { reminded: userIds.length };
  },
});
