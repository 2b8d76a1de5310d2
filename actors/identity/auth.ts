import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { Rejected } from '../core/errors';
import { AppError, forbidden } from '../core/errors';
import { randomToken, sha256 } from '../core/ids';
import type { CommandCtx } from '../core/message';
import { everyone } from '../core/principal';
import { tenantMessage, type TenantServices, type TenantState } from '../tenant/context';
import { refreshTokens } from './identity.sql.ts';
import { forgetTickets } from '../push/event-log';
import { beginLogin } from './login-throttle';
import { assertPasswordLoginAllowed } from '../sso/password-login';

/**
 * Refresh tokens live a month; each use replaces the token with a new one of the same
 * family. A family itself ends a fixed time after its login (30 days unless configured,
 * `ROSTER_REFRESH_FAMILY_DAYS`), however often it was rotated: a stolen token kept alive
 * by rotation dies with its family, and the user signs in again.
 */
const refreshTtlMs = 30 * 24 * 3600_000;
export const defaultFamilyLifetimeMs = 30 * 24 * 3600_000;
const familyLifetime = (services: TenantServices) => services.refreshFamilyLifetimeMs ?? defaultFamilyLifetimeMs;

/** One answer for an unknown user and a wrong password, so neither can be told apart. */
export const invalidCredentials = () =>
  new AppError(401, 'invalid_credentials', 'The email or password is not correct.');
const invalidRefresh = () => new AppError(401, 'invalid_refresh_token', 'The refresh token is not valid.');

/** Refresh and invite tokens name their tenant so that the edge can route them: `<tenantId>.<secret>`. */
export function tokenTenant(token: string | undefined): string | undefined {
  const dot = token?.indexOf('.') ?? -1;
  return dot > 0 ? token!.slice(0, dot) : undefined;
}

export const session = (user: { id: string; email: string; role: string }, refreshToken: string) => ({
  user: { id: user.id, email: user.email, role: user.role },
  refreshToken,
});

export async function issueRefreshToken(ctx: CommandCtx<TenantState, TenantServices>, userId: string, familyId: string, familyStartedAt: string) {
  const token = `${ctx.state.tenantId}.${randomToken()}`;
  const familyEnds = Date.parse(familyStartedAt) + familyLifetime(ctx.services);
  await ctx.db.insert(refreshTokens).values({
    tokenHash: await sha256(token),
    familyId,
    userId,
    status: 'active',
    expiresAt: new Date(Math.min(ctx.now.getTime() + refreshTtlMs, familyEnds)).toISOString(),
    familyStartedAt,
    createdAt: ctx.now.toISOString(),
  });
  return token;
}

export const login = tenantMessage.command({
  type: 'auth.login',
  idempotency: 'none',
  access: 'system',
  input: z.strictObject({ email: z.string().max(254), password: z.string().max(200), address: z.string().max(64).optional() }),
  // The KDF runs outside the mailbox: a burst of logins does not hold up the tenant's writes.
  prepare: async ({ email, password, address }, { state, services, now }) => {
    const attempt = beginLogin(state, services.loginThrottle, email.trim().toLowerCase(), address, now.getTime());
    const id = state.identity.userIdsByEmail.get(email.trim().toLowerCase());
    const user = id ? state.identity.users.get(id) : undefined;
    const matches = await services.passwords.verify(password, user?.passwordHash ?? services.passwords.decoy);
    attempt.done(matches && user?.status === 'active');
    return matches && user ? user.id : undefined;
  },
  handler: async (_input, ctx, userId) => {
    const user = userId ? ctx.state.identity.users.get(userId) : undefined;
    if (!user || user.status !== 'active') throw invalidCredentials();
    await assertPasswordLoginAllowed(ctx.db, user);
    ctx.audit({ entity: 'user', id: user.id });
    return session(user, await issueRefreshToken(ctx, user.id, ctx.ids.next('fam'), ctx.now.toISOString()));
  },
});

export const refresh = tenantMessage.command({
  type: 'auth.refresh',
  idempotency: 'none',
  access: 'system',
  input: z.strictObject({ refreshToken: z.string().min(1).max(200) }),
  handler: async ({ refreshToken }, ctx) => {
    const [row] = await ctx.db
      .select()
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, await sha256(refreshToken)));
    if (!row || row.status === 'revoked') throw invalidRefresh();
    if (row.status === 'used') {
      // A spent token came back: it was stolen, or the client is confused. Either way the
      // whole family goes, and the legitimate holder signs in again.
      await revokeFamily(ctx, row.familyId);
      ctx.audit({ entity: 'session', id: row.familyId, after: { revoked: 'refresh_token_reused' } });
      return new Rejected(new AppError(401, 'refresh_token_reused', 'This refresh token was already used; the session is revoked.'));
    }
    const user = ctx.state.identity.users.get(row.userId);
    const startedAt = row.familyStartedAt ?? row.createdAt;
    const familyOver = Date.parse(startedAt) + familyLifetime(ctx.services) <= ctx.now.getTime();
    if (row.expiresAt <= ctx.now.toISOString() || familyOver || !user || user.status !== 'active') throw invalidRefresh();
    await ctx.db.update(refreshTokens).set({ status: 'used' }).where(eq(refreshTokens.tokenHash, row.tokenHash));
    return session(user, await issueRefreshToken(ctx, user.id, row.familyId, startedAt));
  },
});

export const logout = tenantMessage.command({
  type: 'auth.logout',
  idempotency: 'none',
  access: everyone,
  input: z.strictObject({ refreshToken: z.string().min(1).max(200) }),
  route: { method: 'POST', path: '/v1/auth/logout', summary: 'End the session the refresh token belongs to', empty: true },
  handler: async ({ refreshToken }, ctx) => {
    if (ctx.principal.kind !== 'user') throw forbidden('Only a signed-in user has a session to end.');
    const [row] = await ctx.db
      .select()
      .from(refreshTokens)
      .where(
        and(eq(refreshTokens.tokenHash, await sha256(refreshToken)), eq(refreshTokens.userId, ctx.principal.userId)),
      );
    if (row) await revokeFamily(ctx, row.familyId);
    // A stream ticket outlives a reconnect, not a sign-out.
    await forgetTickets(ctx.db, ctx.principal.userId);
    ctx.audit({ entity: 'session', id: row?.familyId ?? 'unknown', after: { revoked: 'logout' } });
    return { loggedOut: true };
  },
});

async function revokeFamily(ctx: CommandCtx<TenantState, TenantServices>, familyId: string) {
  await ctx.db.update(refreshTokens).set({ status: 'revoked' }).where(eq(refreshTokens.familyId, familyId));
}

/** Ends every session of a user: on deactivation. */
export async function revokeUserSessions(ctx: CommandCtx<TenantState, TenantServices>, userId: string) {
  await ctx.db.update(refreshTokens).set({ status: 'revoked' }).where(eq(refreshTokens.userId, userId));
  await forgetTickets(ctx.db, userId);
}
