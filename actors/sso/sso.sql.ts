import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** The company's identity provider: one row, written by an owner. */
export const ssoConfig = sqliteTable('sso_config', {
  id: text('id').primaryKey(),
  issuer: text('issuer').notNull(),
  clientId: text('client_id').notNull(),
  /** Needed at the edge for the token exchange; never part of any reply. */
  clientSecret: text('client_secret').notNull(),
  allowedDomains: text('allowed_domains', { mode: 'json' }).$type<string[]>().notNull(),
  /** The ID token claim that carries the user's groups or role, e.g. `groups`; null: roles are kept as Roster has them. */
  roleClaim: text('role_claim'),
  /** Group (claim value) → Roster role. */
  roleMap: text('role_map', { mode: 'json' }).$type<Record<string, string>>().notNull(),
  /** Password login refused for everyone but owners (break-glass). */
  requireSso: integer('require_sso', { mode: 'boolean' }).notNull().default(false),
  /** Create a user on the first sign-in of a stranger from an allowed domain. */
  jitUsers: integer('jit_users', { mode: 'boolean' }).notNull().default(false),
  updatedAt: text('updated_at').notNull(),
});

/** Which provider subject is which user: written once, on the first sign-in, then the only way in. */
export const ssoLinks = sqliteTable(
  'sso_links',
  {
    subject: text('subject').primaryKey(),
    userId: text('user_id').notNull(),
    linkedAt: text('linked_at').notNull(),
  },
  (t) => [uniqueIndex('sso_links_user').on(t.userId)],
);

/** A sign-in under way: state (by hash), nonce and PKCE verifier, single use, ten minutes. */
export const ssoLogins = sqliteTable(
  'sso_logins',
  {
    stateHash: text('state_hash').primaryKey(),
    nonce: text('nonce').notNull(),
    codeVerifier: text('code_verifier').notNull(),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [index('sso_logins_expiry').on(t.expiresAt)],
);

/** A Roster session begun through the provider: the provider's refresh token re-checks it at each refresh. */
export const ssoSessions = sqliteTable('sso_sessions', {
  familyId: text('family_id').primaryKey(),
  userId: text('user_id').notNull(),
  /** Null when the provider gave none: the session then cannot be refreshed, the user signs in again. */
  providerRefreshToken: text('provider_refresh_token'),
  updatedAt: text('updated_at').notNull(),
});

export type SsoConfigRow = typeof ssoConfig.$inferSelect;
