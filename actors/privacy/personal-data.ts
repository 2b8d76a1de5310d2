import { and, eq, inArray, like, or, type SQL } from 'drizzle-orm';
import { getTableName, type Table } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { actorMeta, auditLog, idempotency, outbox, timers } from '../core/core.sql.ts';
import type { CommandCtx } from '../core/message';
import { apiKeys, invites, refreshTokens, tenantProfile, users } from '../identity/identity.sql.ts';
import { passwordResets } from '../identity/password-reset.sql.ts';
import { employeeEvents, employeeImports, employees } from '../people/people.sql.ts';
import { personalDetails, profileChangeRequests, selfServiceSettings } from '../people/self-service.sql.ts';
import { departments, holidays, jobTitles, locations } from '../organisation/organisation.sql.ts';
import { notifications } from '../notifications/notifications.sql.ts';
import { webhookDeliveries, webhookEndpoints } from '../webhooks/webhooks.sql.ts';
import { approvalChains, blackouts, delegations, ledger, leaveTypes, policies, requests } from '../timeoff/timeoff.sql.ts';
import { corrections, punches, scheduleAssignments, schedules } from '../attendance/attendance.sql.ts';
import { customFields, customFieldValues } from '../custom-fields/custom-fields.sql.ts';
import { compensationRecords, compensationSettings } from '../compensation/compensation.sql.ts';
import { streamTickets } from '../push/push.sql.ts';
import { ssoConfig, ssoLinks, ssoLogins, ssoSessions } from '../sso/sso.sql.ts';
import { checklistTasks, checklists, checklistTemplates } from '../checklists/checklists.sql.ts';
import { mailOutbox, mailPreferences, mailSettings } from '../mail/mail.sql.ts';
import { documents } from '../documents/documents.sql.ts';
import type { TenantServices, TenantState } from '../tenant/context';
import type { DataCategory, ErasableCategory } from './categories';
import { dataExports, erasures, retentionSettings } from './privacy.sql.ts';
import type { Subject } from './subject';
import { eraseAccount, eraseDocuments, eraseEmployee, forgetCustomValues, forgetKeys, forgetPay, forgetSchedule } from './erase-rows';

/**
 * The personal-data map: for every table that holds data about a person, which category it
 * belongs to, which of its rows are theirs, how they are exported and how they are erased.
 * The subject-access export and the erasure are both driven by this list and nothing else,
 * so a new table is one entry here; personal-data.test.ts fails while a table of the tenant
 * database is in neither this map nor `notAboutPeople`.
 *
 * Erasure, per entry:
 * - `remove`: the rows go (`forget` drops them from the actor's memory too);
 * - `pseudonymise`: `run` rewrites the rows in place (the record keeps its dates for
 *   headcount and turnover, its names become the pseudonym);
 * - `scrub`: a log; every row is read page by page and loses the person's values (scrub.ts),
 *   or, when it is theirs and of an erased category, its content (audit) or itself (events);
 * - `keep`: stays as it is, `why` says why (it holds no erased value).
 */
type Ctx = CommandCtx<TenantState, TenantServices>;

export type Erase =
  | { how: 'remove'; forget?: (ctx: Ctx, s: Subject) => void }
  /** `run` gets the job's categories: one row can hold several (the record: names and personal fields), and is rewritten once. */
  | { how: 'pseudonymise'; run: (ctx: Ctx, s: Subject, pseudonym: string, categories: readonly ErasableCategory[]) => Promise<number> }
  /**
   * `columns`: the JSON or text columns to scrub; `kind`: the column naming the row's type or
   * action, for the category rule; `whole`: what becomes of a row of theirs of an erased
   * category: its content emptied (audit rows, untyped), or the row deleted (events and their
   * deliveries, whose data must fit their type's schema: an event of an erased category is gone
   * from the log, a gap in its sequence numbers).
   */
  | { how: 'scrub'; columns: readonly string[]; kind?: string; whole?: 'empty' | 'delete' }
  | { how: 'custom'; run: (ctx: Ctx, s: Subject, pseudonym: string) => Promise<{ count: number; blobs?: string[] }> }
  | { how: 'keep'; why: string };

export interface PersonalTable {
  table: SQLiteTable;
  category: DataCategory;
  /** Which rows are the person's; undefined: they have none here (no account, say). */
  rows: (s: Subject) => SQL | undefined;
  /** The section of the export; `omit` leaves out secrets that are no one's to read (hashes). False: not exported (why in a comment). */
  export: { omit?: readonly string[] } | false;
  erase: Erase;
  /** Erased by every erasure, whatever its categories: the rows copy data of every category (an export's result). */
  always?: true;
  /** Also erased when these categories are (the record holds the personal fields too). */
  alsoFor?: readonly ErasableCategory[];
}

const mentionsAny = (column: Parameters<typeof like>[0], ids: readonly string[]) => or(...ids.map((id) => like(column, `%${id}%`)));
const ofUser = (column: Parameters<typeof eq>[0]) => (s: Subject) => (s.userId ? eq(column, s.userId) : undefined);
const ofEmployee = (column: Parameters<typeof eq>[0]) => (s: Subject) => eq(column, s.employeeId);
const logRows = (column: Parameters<typeof like>[0], extra?: Parameters<typeof eq>[0]) => (s: Subject) => (extra ? or(inArray(extra, s.ids), mentionsAny(column, s.ids)) : mentionsAny(column, s.ids));

export const personalData: readonly PersonalTable[] = [
  // Logs first: they are scrubbed with values read from the live data, before the steps below remove it.
  { table: auditLog, category: 'audit', rows: logRows(auditLog.changes, auditLog.subject), export: {}, erase: { how: 'scrub', columns: ['changes'], kind: 'action', whole: 'empty' } },
  { table: outbox, category: 'events', rows: logRows(outbox.data, outbox.subject), export: {}, erase: { how: 'scrub', columns: ['data'], kind: 'type', whole: 'delete' } },
  { table: webhookDeliveries, category: 'events', rows: logRows(webhookDeliveries.payload), export: {}, erase: { how: 'scrub', columns: ['payload'], kind: 'eventType', whole: 'delete' } },
  // Another user's notification or mail that names the person (the exports of those are theirs).
  { table: notifications, category: 'notifications', rows: () => undefined, export: false, erase: { how: 'scrub', columns: ['title', 'body'] } },
  { table: mailOutbox, category: 'notifications', rows: () => undefined, export: false, erase: { how: 'scrub', columns: ['subject', 'textBody', 'htmlBody', 'toAddress'] } },
  // Stored replies (24 hours) and imports' error lists can quote a record.
  { table: idempotency, category: 'record', rows: () => undefined, export: false, erase: { how: 'scrub', columns: ['reply'] } },
  { table: employeeImports, category: 'record', rows: () => undefined, export: false, erase: { how: 'scrub', columns: ['source', 'errors'] } },

  { table: personalDetails, category: 'personal', rows: ofEmployee(personalDetails.employeeId), export: {}, erase: { how: 'remove' } },
  { table: profileChangeRequests, category: 'personal', rows: ofEmployee(profileChangeRequests.employeeId), export: {}, erase: { how: 'remove' } },
  {
    table: customFieldValues,
    category: 'personal',
    rows: (s) => and(eq(customFieldValues.employeeId, s.employeeId), inArray(customFieldValues.fieldId, s.fieldIds.personal)),
    export: {},
    erase: { how: 'remove', forget: forgetCustomValues('personal') },
  },
  {
    table: customFieldValues,
    category: 'compensation',
    rows: (s) => and(eq(customFieldValues.employeeId, s.employeeId), inArray(customFieldValues.fieldId, s.fieldIds.compensation)),
    export: {},
    erase: { how: 'remove', forget: forgetCustomValues('compensation') },
  },
  {
    table: customFieldValues,
    category: 'record',
    rows: (s) => and(eq(customFieldValues.employeeId, s.employeeId), inArray(customFieldValues.fieldId, s.fieldIds.record)),
    export: {},
    erase: { how: 'remove', forget: forgetCustomValues('record') },
  },
  { table: compensationRecords, category: 'compensation', rows: ofEmployee(compensationRecords.employeeId), export: {}, erase: { how: 'remove', forget: forgetPay } },
  { table: ledger, category: 'leave', rows: ofEmployee(ledger.employeeId), export: {}, erase: { how: 'remove' } },
  { table: requests, category: 'leave', rows: ofEmployee(requests.employeeId), export: {}, erase: { how: 'remove' } },
  { table: punches, category: 'attendance', rows: ofEmployee(punches.employeeId), export: {}, erase: { how: 'remove' } },
  { table: corrections, category: 'attendance', rows: ofEmployee(corrections.employeeId), export: {}, erase: { how: 'remove' } },
  { table: scheduleAssignments, category: 'attendance', rows: ofEmployee(scheduleAssignments.employeeId), export: {}, erase: { how: 'remove', forget: forgetSchedule } },
  // A list with each file's metadata, never the bytes; erasing deletes the rows, then the blobs.
  { table: documents, category: 'documents', rows: ofEmployee(documents.employeeId), export: { omit: ['blobKey'] }, erase: { how: 'custom', run: eraseDocuments } },
  { table: checklistTasks, category: 'checklists', rows: ofEmployee(checklistTasks.employeeId), export: {}, erase: { how: 'remove' } },
  { table: checklists, category: 'checklists', rows: ofEmployee(checklists.employeeId), export: {}, erase: { how: 'remove' } },
  { table: notifications, category: 'notifications', rows: ofUser(notifications.userId), export: {}, erase: { how: 'remove' } },
  { table: mailOutbox, category: 'notifications', rows: ofUser(mailOutbox.userId), export: { omit: ['htmlBody'] }, erase: { how: 'remove' } },
  { table: dataExports, category: 'record', rows: ofEmployee(dataExports.employeeId), export: false /* an export of the export */, erase: { how: 'remove' }, always: true },

  // The account: everything a sign-in needs goes, so every session, key and stream ends at once.
  { table: refreshTokens, category: 'account', rows: ofUser(refreshTokens.userId), export: { omit: ['tokenHash'] }, erase: { how: 'remove' } },
  { table: invites, category: 'account', rows: ofUser(invites.userId), export: { omit: ['tokenHash'] }, erase: { how: 'remove' } },
  { table: passwordResets, category: 'account', rows: ofUser(passwordResets.userId), export: { omit: ['tokenHash'] }, erase: { how: 'remove' } },
  { table: streamTickets, category: 'account', rows: (s) => inArray(streamTickets.principalId, s.ids), export: false /* hashes of live credentials */, erase: { how: 'remove' } },
  { table: ssoLinks, category: 'account', rows: ofUser(ssoLinks.userId), export: {}, erase: { how: 'remove' } },
  { table: ssoSessions, category: 'account', rows: ofUser(ssoSessions.userId), export: { omit: ['providerRefreshToken'] }, erase: { how: 'remove' } },
  { table: mailPreferences, category: 'account', rows: ofUser(mailPreferences.userId), export: {}, erase: { how: 'remove' } },
  { table: delegations, category: 'account', rows: (s) => (s.userId ? or(eq(delegations.userId, s.userId), eq(delegations.delegateUserId, s.userId)) : undefined), export: {}, erase: { how: 'remove' } },
  {
    table: apiKeys,
    category: 'account',
    rows: (s) => (s.userId ? and(eq(apiKeys.ownerUserId, s.userId), eq(apiKeys.service, false)) : undefined),
    export: { omit: ['secretHash'] },
    erase: { how: 'remove', forget: forgetKeys },
  },
  { table: users, category: 'account', rows: ofUser(users.id), export: { omit: ['passwordHash'] }, erase: { how: 'custom', run: eraseAccount } },

  // The record last: its names are what the steps above looked for.
  { table: employeeEvents, category: 'record', rows: ofEmployee(employeeEvents.employeeId), export: {}, erase: { how: 'keep', why: 'dates and employment only, for headcount and turnover; the termination reason is personal and goes with the record (eraseEmployee)' } },
  { table: employees, category: 'record', alsoFor: ['personal'], rows: ofEmployee(employees.id), export: {}, erase: { how: 'pseudonymise', run: eraseEmployee } },
  { table: erasures, category: 'record', rows: ofEmployee(erasures.employeeId), export: {}, erase: { how: 'keep', why: 'the record of what was erased, when and by whom; it holds no erased value' } },
];

/** Tables of the tenant database that hold nothing about a person, and why. */
export const notAboutPeople: Record<string, string> = {
  [getTableName(actorMeta)]: 'the owner epoch and outbox position',
  [getTableName(timers)]: 'timers name ids and dates only',
  [getTableName(tenantProfile)]: 'the company',
  [getTableName(selfServiceSettings)]: 'company settings',
  [getTableName(departments)]: 'a department names its head by employee id only',
  [getTableName(locations)]: 'places',
  [getTableName(holidays)]: 'calendars',
  [getTableName(jobTitles)]: 'a catalogue',
  [getTableName(webhookEndpoints)]: 'company endpoints',
  [getTableName(leaveTypes)]: 'company rules',
  [getTableName(policies)]: 'company rules',
  [getTableName(approvalChains)]: 'a chain may name an approver by user id only',
  [getTableName(blackouts)]: 'company dates, the maker by user id',
  [getTableName(schedules)]: 'company schedules',
  [getTableName(customFields)]: 'field definitions',
  [getTableName(compensationSettings)]: 'company settings',
  [getTableName(ssoConfig)]: 'the company’s provider',
  [getTableName(ssoLogins)]: 'a sign-in under way names nobody until it completes',
  [getTableName(checklistTemplates)]: 'company templates',
  [getTableName(mailSettings)]: 'company settings',
  [getTableName(retentionSettings)]: 'company settings',
};

export const tableName = (t: Table) => getTableName(t);
