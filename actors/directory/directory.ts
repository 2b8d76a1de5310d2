import { eq, lte } from 'drizzle-orm';
import { z } from 'zod';
import { conflict, notFound } from '../core/errors';
import type { ActorKind } from '../core/kind';
import type { Db } from '../core/store';
import { email, idOf, text } from '../core/text';
import { apiKeyPrefix } from '../identity/api-keys';
import { slug } from '../identity/users';
import { directoryMigrations } from '../../migrations/directory';
import { apiKeyPrefixes, tenants, wakeups, type TenantRow } from './directory.sql.ts';
import { createShortLink, visitShortLink } from './short-links';
import { directoryMessage, type DirectoryState } from './state';
import { admitAnonymous } from './doors';

/**
 * The directory actor (`directory/global`): which tenant a slug or an API-key prefix
 * belongs to. Only the edge talks to it; it holds no personal data beyond an owner email
 * that lets a retried sign-up resume.
 */
export { directoryAddress, type DirectoryState } from './state';

const message = directoryMessage;

function bySlug(state: DirectoryState, slug: string): TenantRow | undefined {
  const id = state.tenantIdsBySlug.get(slug);
  return id ? state.tenants.get(id) : undefined;
}

export const createTenant = message.command({
  type: 'directory.createTenant',
  access: 'system',
  input: z.strictObject({ slug, name: text(120), ownerEmail: email }),
  handler: async (input, ctx) => {
    const existing = bySlug(ctx.state, input.slug);
    if (existing) {
      if (existing.status === 'provisioning' && existing.ownerEmail === input.ownerEmail) return { id: existing.id };
      throw conflict('slug_taken', 'This slug is taken.', 'slug');
    }
    const row: TenantRow = {
      id: ctx.ids.next('ten'),
      ...input,
      status: 'provisioning',
      createdAt: ctx.now.toISOString(),
    };
    await ctx.db.insert(tenants).values(row);
    ctx.set(ctx.state.tenants, row.id, row);
    ctx.set(ctx.state.tenantIdsBySlug, row.slug, row.id);
    ctx.audit({ entity: 'tenant', id: row.id, after: { slug: row.slug, name: row.name } });
    return { id: row.id };
  },
});

export const activateTenant = message.command({
  type: 'directory.activateTenant',
  access: 'system',
  input: z.strictObject({ slug }),
  handler: async ({ slug }, ctx) => {
    const row = bySlug(ctx.state, slug);
    if (!row) throw notFound('The tenant');
    if (row.status === 'active') return { id: row.id };
    await ctx.db.update(tenants).set({ status: 'active' }).where(eq(tenants.id, row.id));
    ctx.set(ctx.state.tenants, row.id, { ...row, status: 'active' });
    return { id: row.id };
  },
});

export const resolveSlug = message.query({
  type: 'directory.resolveSlug',
  access: 'system',
  input: z.strictObject({ slug: z.string().max(100) }),
  handler: ({ slug }, { state }) => {
    const row = bySlug(state, slug);
    if (!row || row.status !== 'active') throw notFound('The tenant');
    return { id: row.id };
  },
});

export const getTenant = message.query({
  type: 'directory.getTenant',
  access: 'system',
  input: z.strictObject({ id: idOf('ten') }),
  handler: ({ id }, { state }) => {
    const row = state.tenants.get(id);
    if (!row) throw notFound('The tenant');
    return { id: row.id, slug: row.slug, status: row.status };
  },
});

export const registerApiKeyPrefix = message.command({
  type: 'directory.registerApiKeyPrefix',
  // Each attempt registers the fresh prefix the edge drew for it; there is nothing to replay.
  idempotency: 'none',
  access: 'system',
  input: z.strictObject({ prefix: apiKeyPrefix, tenantId: idOf('ten') }),
  handler: async (input, ctx) => {
    if (ctx.state.tenantIdsByPrefix.has(input.prefix)) throw conflict('prefix_taken', 'This prefix is taken.');
    await ctx.db.insert(apiKeyPrefixes).values({ ...input, createdAt: ctx.now.toISOString() });
    ctx.set(ctx.state.tenantIdsByPrefix, input.prefix, input.tenantId);
    return { prefix: input.prefix };
  },
});

export const resolveApiKeyPrefix = message.query({
  type: 'directory.resolveApiKeyPrefix',
  access: 'system',
  input: z.strictObject({ prefix: apiKeyPrefix }),
  handler: ({ prefix }, { state }) => {
    const tenantId = state.tenantIdsByPrefix.get(prefix);
    if (!tenantId) throw notFound('The API key');
    return { tenantId };
  },
});

const actorKey = z.string().regex(/^[a-z]+\/[a-z0-9_]+$/);

export const setWakeup = message.command({
  type: 'directory.setWakeup',
  access: 'system',
  input: z.strictObject({ actor: actorKey, dueAt: z.iso.datetime().nullable() }),
  handler: async ({ actor, dueAt }, ctx) => {
    if (dueAt) {
      await ctx.db.insert(wakeups).values({ actor, dueAt }).onConflictDoUpdate({ target: wakeups.actor, set: { dueAt } });
    } else {
      await ctx.db.delete(wakeups).where(eq(wakeups.actor, actor));
    }
    return { actor, dueAt };
  },
});

export const dueWakeups = message.query({
  type: 'directory.dueWakeups',
  access: 'system',
  input: z.strictObject({ before: z.iso.datetime() }),
  handler: async ({ before }, { db }) => ({
    items: (await db.select().from(wakeups).where(lte(wakeups.dueAt, before))).map((w) => w.actor),
  }),
});

export const directoryKind: ActorKind<DirectoryState> = {
  name: 'directory',
  migrations: directoryMigrations,
  messages: [
    createTenant,
    activateTenant,
    resolveSlug,
    getTenant,
    setWakeup,
    dueWakeups,
    registerApiKeyPrefix,
    resolveApiKeyPrefix,
    createShortLink,
    visitShortLink,
    admitAnonymous,
  ],
  async load(db: Db) {
    const rows = await db.select().from(tenants);
    const prefixes = await db.select().from(apiKeyPrefixes);
    return {
      tenants: new Map(rows.map((r) => [r.id, r])),
      tenantIdsBySlug: new Map(rows.map((r) => [r.slug, r.id])),
      tenantIdsByPrefix: new Map(prefixes.map((p) => [p.prefix, p.tenantId])),
    };
  },
};
