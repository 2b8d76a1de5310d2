import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { Address } from './people.sql.ts';

export interface ContactPerson {
  name: string;
  relationship?: string | undefined;
  phone: string;
}
export interface BankAccount {
  holder: string;
  iban: string;
  bic?: string | undefined;
}

/** The personal details an employee keeps up to date themself, beside the record. */
export const personalDetails = sqliteTable('personal_details', {
  employeeId: text('employee_id').primaryKey(),
  personalEmail: text('personal_email'),
  personalPhone: text('personal_phone'),
  emergencyContacts: text('emergency_contacts', { mode: 'json' }).$type<ContactPerson[]>(),
  /** The bank tier: HR and the employee only, masked to its last four characters in lists, events and the audit log. */
  bankAccount: text('bank_account', { mode: 'json' }).$type<BankAccount>(),
  updatedAt: text('updated_at').notNull(),
});
export type PersonalDetailsRow = typeof personalDetails.$inferSelect;

export const changeRequestStatuses = ['pending', 'approved', 'rejected'] as const;

/** The self-service fields, as a change request carries them. */
export interface ProfileChanges {
  preferredName?: string | null;
  address?: Address | null;
  personalEmail?: string | null;
  personalPhone?: string | null;
  emergencyContacts?: ContactPerson[];
  bankAccount?: BankAccount | null;
}

/** A change an employee asked for that the company has HR approve first. */
export const profileChangeRequests = sqliteTable(
  'profile_change_requests',
  {
    id: text('id').primaryKey(),
    employeeId: text('employee_id').notNull(),
    changes: text('changes', { mode: 'json' }).$type<ProfileChanges>().notNull(),
    status: text('status', { enum: changeRequestStatuses }).notNull(),
    requestedAt: text('requested_at').notNull(),
    requestedBy: text('requested_by').notNull(),
    decidedAt: text('decided_at'),
    decidedBy: text('decided_by'),
    decisionReason: text('decision_reason'),
  },
  (t) => [index('profile_change_requests_status').on(t.status, t.requestedAt), index('profile_change_requests_employee').on(t.employeeId)],
);
export type ProfileChangeRequestRow = typeof profileChangeRequests.$inferSelect;

/** Per company: which self-service fields need HR's approval (the others apply at once). */
export const selfServiceSettings = sqliteTable('self_service_settings', {
  id: text('id').primaryKey(),
  approval: text('approval', { mode: 'json' }).$type<string[]>().notNull(),
  updatedAt: text('updated_at').notNull(),
});
