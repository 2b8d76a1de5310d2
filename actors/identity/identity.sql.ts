import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** The company itself: one row, written when the tenant is created. */
export const tenantProfile = sqliteTable('tenant_profile', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull(),
  name: text('name').notNull(),
  /** The plan sets the company's rate limits. */
  plan: text('plan').notNull().default('standard'),
  /** Browser origins allowed to call the API for this company; null: the operator's default. */
  corsOrigins: text('cors_origins', { mode: 'json' }).$type<string[] | null>(),
  /** The IANA zone that decides what "today" is for the company (accruals, lifecycle dates). */
  timeZone: text('time_zone').notNull().default('UTC'),
  /** Days a time-off request may wait for a step before its approvers are reminded; null: never. */
  approvalReminderDays: integer('approval_reminder_days').default(3),
  createdAt: text('created_at').notNull(),
});

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ['owner', 'admin', 'hr', 'manager', 'employee'] }).notNull(),
    status: text('status', { enum: ['invited', 'active', 'deactivated'] }).notNull(),
    passwordHash: text('password_hash'),
    /**
     * The employee record this user is, set by HR or by an invite made from the record;
     * never inferred from an email, which either side can edit. One user, one employee.
     */
    employeeId: text('employee_id'),
    /** Why a deactivated user was deactivated: `offboarding` accounts come back on rehire. */
    deactivatedBy: text('deactivated_by', { enum: ['admin', 'offboarding'] }),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('users_email').on(t.email), uniqueIndex('users_employee').on(t.employeeId)],
);

/** Refresh tokens rotate; each belongs to a family, and reusing a spent one revokes the family. */
export const refreshTokens = sqliteTable(
  'refresh_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    familyId: text('family_id').notNull(),
    userId: text('user_id').notNull(),
    status: text('status', { enum: ['active', 'used', 'revoked'] }).notNull(),
    expiresAt: text('expires_at').notNull(),
    /** When the family's first token was issued (the login): a family ends a fixed time after it. */
    familyStartedAt: text('family_started_at'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('refresh_tokens_family').on(t.familyId), index('refresh_tokens_user').on(t.userId)],
);

export const invites = sqliteTable('invites', {
  tokenHash: text('token_hash').primaryKey(),
  userId: text('user_id').notNull(),
  expiresAt: text('expires_at').notNull(),
  acceptedAt: text('accepted_at'),
});

export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    secretHash: text('secret_hash').notNull(),
    role: text('role', { enum: ['owner', 'admin', 'hr', 'manager', 'employee'] }).notNull(),
    createdBy: text('created_by').notNull(),
    /**
     * The user the key acts for: it works only while they are active and hold at least its
     * role, and it counts as them for separation of duties. Null only for legacy keys whose
     * maker was not a user; those no longer work.
     */
    ownerUserId: text('owner_user_id'),
    /** A tenant-owned service key (made by an owner): it survives its maker leaving. */
    service: integer('service', { mode: 'boolean' }).notNull().default(false),
    createdAt: text('created_at').notNull(),
    revokedAt: text('revoked_at'),
    /** A time clock on the wall: may record punches for anyone (attendance), and its punches are `kiosk`. */
    kiosk: integer('kiosk', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [uniqueIndex('api_keys_prefix').on(t.prefix)],
);

export type UserRow = typeof users.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;
