import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { AppError, forbidden, notFound } from '../core/errors';
import { randomCode, randomToken, sha256 } from '../core/ids';
import { admins, principalId, roles, type Principal, type Role } from '../core/principal';
import { idOf, text } from '../core/text';
import type { CommandCtx } from '../core/message';
import { tenantMessage, type TenantServices, type TenantState } from '../tenant/context';
import { apiKeyRevoked, apiKeyStopped } from './events';
import { atLeast, personOf } from './persons';
import type { IdentityState } from './state';
import { apiKeys, type ApiKeyRow } from './identity.sql.ts';
import { instant, listOf } from '../core/reply';

/**
 * API keys for integrations: `rst_<prefix>_<secret>`. The prefix is public and routes the
 * key to its tenant through the directory; only a hash of the secret is stored, and the
 * whole key is shown once, in the reply that creates it.
 */
export const apiKeyPrefix = z.string().regex(/^[a-z0-9]{12}$/);

export function parseApiKey(key: string): { prefix: string; secret: string } | undefined {
  const m = /^rst_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/.exec(key);
  return m ? { prefix: m[1]!, secret: m[2]! } : undefined;
}

export function newApiKeyPrefix(): string {
  return randomCode(12, 'abcdefghijklmnopqrstuvwxyz0123456789');
}

export const apiKeySchema = z.strictObject({
  id: idOf('key'),
  name: z.string(),
  role: z.enum(roles),
  prefix: z.string().describe('The public part of the key, `rst_<prefix>_…`'),
  ownerUserId: z.string().nullable().describe('The user the key acts for; it stops when they leave or drop below its role'),
  service: z.boolean().describe("A tenant-owned service key (made by an owner): it outlives its maker's account"),
  createdAt: instant,
  revokedAt: instant.nullable(),
  kiosk: z.boolean().describe('A time clock: records punches for anyone, and nothing else beyond its role'),
}).meta({ id: 'ApiKey' });

export const apiKeyView = (k: ApiKeyRow) => ({
  id: k.id,
  name: k.name,
  role: k.role,
  prefix: k.prefix,
  ownerUserId: k.ownerUserId ?? null,
  service: k.service,
  createdAt: k.createdAt,
  revokedAt: k.revokedAt,
  kiosk: k.kiosk,
});

const keyRequest = {
  name: text(120),
  role: z.enum(roles),
  service: z.boolean().optional().describe("Owners only: a tenant-owned key that outlives its maker's account"),
  kiosk: z.boolean().default(false),
};

/**
 * A key never holds more than its maker: its role is at most theirs, and it belongs to them
 * (a key made by a key belongs to that key's owner). Only an owner, signed in, makes a
 * tenant-owned service key.
 */
function assertMayCreate(p: Principal, role: Role, service: boolean | undefined, kiosk = false) {
  // A kiosk hangs on a wall: its key carries the least role, and the kiosk mark alone lets it punch for others.
  if (kiosk && role !== 'employee') throw new AppError(422, 'kiosk_role', 'A kiosk key has the role employee.', [{ field: 'role', message: 'Must be employee for a kiosk key.' }]);
  if (p.kind !== 'user' && p.kind !== 'apiKey') return;
  if (role === 'owner' && p.role !== 'owner') throw forbidden('Only an owner can create an owner key.');
  if (!atLeast(p.role, role)) throw forbidden('A key cannot hold a role above its maker.');
  if (service && !(p.kind === 'user' && p.role === 'owner')) throw forbidden('Only a signed-in owner makes a service key.');
}

export type KeyStop = 'revoked' | 'owner_deactivated' | 'owner_demoted';

/**
 * Whether a key works now, asked on every message (not only when the edge authenticates
 * it): revoked, or its owner gone or below its role, and it stops at once. A service key
 * answers to nobody but revocation; a key with no owner (made before owners) works no more.
 */
export function keyStop(identity: IdentityState, key: ApiKeyRow): KeyStop | undefined {
  if (key.revokedAt) return 'revoked';
  if (key.service) return undefined;
  const owner = key.ownerUserId ? identity.users.get(key.ownerUserId) : undefined;
  if (!owner || owner.status !== 'active') return 'owner_deactivated';
  return atLeast(owner.role, key.role) ? undefined : 'owner_demoted';
}

/**
 * Tells streams and webhooks which of a user's keys that worked before a change (a
 * deactivation, a demotion) stop now. A revoked one was announced by its revocation.
 */
export function announceStoppedKeys(ctx: { state: TenantState; emit: (e: ReturnType<typeof apiKeyStopped.create>) => void }, userId: string, worked: ReadonlySet<string>) {
  const { identity } = ctx.state;
  for (const key of identity.apiKeys.values()) {
    if (key.ownerUserId !== userId || !worked.has(key.id)) continue;
    const stop = keyStop(identity, key);
    if (stop && stop !== 'revoked') ctx.emit(apiKeyStopped.create(key.id, { key: keyFacts(key), reason: stop }, [key.id, userId]));
  }
}

/** The keys of a user that work now. */
export const workingKeysOf = (identity: IdentityState, userId: string): Set<string> =>
  new Set([...identity.apiKeys.values()].filter((k) => k.ownerUserId === userId && !keyStop(identity, k)).map((k) => k.id));

export const keyFacts = (k: ApiKeyRow) => ({ id: k.id, role: k.role, ownerUserId: k.ownerUserId ?? null, service: k.service });

/** Asked by the edge before it reserves a prefix in the directory, so a refusal writes nothing. */
export const authorizeCreateApiKey = tenantMessage.query({
  type: 'apiKeys.authorizeCreate',
  access: admins,
  input: z.strictObject(keyRequest),
  handler: (input, ctx) => {
    assertMayCreate(ctx.principal, input.role, input.service, input.kiosk);
    return { allowed: true };
  },
});

export const createApiKey = tenantMessage.command({
  type: 'apiKeys.create',
  idempotency: { redact: ['key'], fingerprintWithout: ['prefix'] },
  access: admins,
  input: z.strictObject({ ...keyRequest, prefix: apiKeyPrefix }),
  handler: async (input, ctx) => {
    const p = ctx.principal;
    assertMayCreate(p, input.role, input.service, input.kiosk);
    const { identity } = ctx.state;
    if (identity.apiKeyIdsByPrefix.has(input.prefix)) throw new AppError(409, 'prefix_taken', 'Try again.');
    const secret = randomToken();
    const key: ApiKeyRow = {
      id: ctx.ids.next('key'),
      name: input.name,
      role: input.role,
      prefix: input.prefix,
      secretHash: await sha256(secret),
      createdBy: principalId(p),
      ownerUserId: personOf(identity, p) ?? null,
      service: input.service ?? false,
      createdAt: ctx.now.toISOString(),
      revokedAt: null,
      kiosk: input.kiosk,
    };
    await ctx.db.insert(apiKeys).values(key);
    ctx.set(identity.apiKeys, key.id, key);
    ctx.set(identity.apiKeyIdsByPrefix, key.prefix, key.id);
    ctx.audit({ entity: 'api_key', id: key.id, after: apiKeyView(key) });
    return { ...apiKeyView(key), key: `rst_${key.prefix}_${secret}` };
  },
});

export const listApiKeys = tenantMessage.query({
  type: 'apiKeys.list',
  access: admins,
  input: z.strictObject({}),
  output: listOf(apiKeySchema),
  route: { method: 'GET', path: '/v1/api-keys', summary: 'List API keys (never their secrets)' },
  handler: (_input, { state }) => ({
    items: [...state.identity.apiKeys.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map(apiKeyView),
  }),
});

export const revokeApiKey = tenantMessage.command({
  type: 'apiKeys.revoke',
  access: admins,
  input: z.strictObject({ id: idOf('key') }),
  output: apiKeySchema,
  route: { method: 'DELETE', path: '/v1/api-keys/:id', summary: 'Revoke an API key; it stops working at once' },
  handler: async ({ id }, ctx) => {
    const key = ctx.state.identity.apiKeys.get(id);
    if (!key) throw notFound('The API key');
    return apiKeyView(await revokeKey(ctx, key, 'admin'));
  },
});

/** Revokes a key for good (an admin's revocation, or its owner offboarded). */
export async function revokeKey(ctx: CommandCtx<TenantState, TenantServices>, key: ApiKeyRow, reason: 'admin' | 'offboarding'): Promise<ApiKeyRow> {
  if (key.revokedAt) return key;
  const revoked = { ...key, revokedAt: ctx.now.toISOString() };
  await ctx.db.update(apiKeys).set({ revokedAt: revoked.revokedAt }).where(eq(apiKeys.id, key.id));
  ctx.set(ctx.state.identity.apiKeys, key.id, revoked);
  ctx.audit({ entity: 'api_key', id: key.id, before: apiKeyView(key), after: { ...apiKeyView(revoked), revokedBy: reason } });
  // Edges drop the key from their caches and its open streams close when they hear this.
  ctx.emit(apiKeyRevoked.create(key.id, { apiKey: apiKeyView(revoked) }, [key.id, ...(key.ownerUserId ? [key.ownerUserId] : [])]));
  return revoked;
}

/** Checks a presented key; the edge turns the answer into an API-key principal. */
export const authenticateApiKey = tenantMessage.query({
  type: 'apiKeys.authenticate',
  access: 'system',
  input: z.strictObject({ prefix: apiKeyPrefix, secret: z.string().max(100) }),
  handler: async ({ prefix, secret }, { state }) => {
    const id = state.identity.apiKeyIdsByPrefix.get(prefix);
    const key = id ? state.identity.apiKeys.get(id) : undefined;
    const hash = await sha256(secret);
    if (!key || key.secretHash !== hash || keyStop(state.identity, key)) {
      throw new AppError(401, 'invalid_api_key', 'The API key is not valid.');
    }
    return { apiKeyId: key.id, role: key.role };
  },
});
