import { integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** The few facts that must be found before a tenant is known: its slug, its API-key prefixes. */
export const tenants = sqliteTable(
  'tenants',
  {
    id: text('id').primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    /** `provisioning` until the tenant's own actor has its owner. */
    status: text('status', { enum: ['provisioning', 'active'] }).notNull(),
    ownerEmail: text('owner_email').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('tenants_slug').on(t.slug)],
);

export const apiKeyPrefixes = sqliteTable('api_key_prefixes', {
  prefix: text('prefix').primaryKey(),
  tenantId: text('tenant_id').notNull(),
  createdAt: text('created_at').notNull(),
});

/** Short links (invites, shared pages), resolved before any tenant is known. */
export const shortLinks = sqliteTable('short_links', {
  code: text('code').primaryKey(),
  tenantId: text('tenant_id').notNull(),
  target: text('target').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: text('created_at').notNull(),
  expiresAt: text('expires_at').notNull(),
  visits: integer('visits').notNull().default(0),
});

export type TenantRow = typeof tenants.$inferSelect;

/**
 * When each actor next needs waking for a timer, kept here so that a passivated actor, or
 * one of a process that restarted, is woken on time without activating every tenant.
 */
export const wakeups = sqliteTable('wakeups', {
  actor: text('actor').primaryKey(),
  dueAt: text('due_at').notNull(),
});
