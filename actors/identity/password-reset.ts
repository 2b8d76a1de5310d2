import { and, eq, gt, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from '../core/errors';
import { randomToken, sha256 } from '../core/ids';
import { queueMail, preferencesOf } from '../mail/outbox';
import type { QueryCtx } from '../core/message';
import { tenantMessage, type TenantServices, type TenantState } from '../tenant/context';
import { revokeUserSessions } from './auth';
import { password } from './passwords';
import { passwordResets } from './password-reset.sql.ts';
import { users } from './identity.sql.ts';

/**
 * Password reset by mail, in plain words:
 * - Asking answers the same whether the address belongs to someone or not, so the endpoint
 *   tells nobody who has an account; only an active user with a deliverable address gets mail.
 * - The token is single-use, lives 30 minutes, and is stored hashed; using it ends every
 *   session of the user and voids their other reset tokens.
 * - At most three reset mails per user per hour: a stranger cannot flood an inbox.
 */
export const resetTtlMs = 30 * 60_000;
const mailsPerHour = 3;

const accepted = { accepted: true as const };

export const requestPasswordReset = tenantMessage.command({
  type: 'auth.requestPasswordReset',
  access: 'system',
  input: z.strictObject({ email: z.string().max(254) }),
  output: z.strictObject({ accepted: z.literal(true) }),
  handler: async ({ email }, ctx) => {
    const id = ctx.state.identity.userIdsByEmail.get(email.trim().toLowerCase());
    const user = id ? ctx.state.identity.users.get(id) : undefined;
    if (!user || user.status !== 'active' || !ctx.services.mail?.enabled) return accepted;
    const hourAgo = new Date(ctx.now.getTime() - 3600_000).toISOString();
    const recent = await ctx.db.select({ t: passwordResets.tokenHash }).from(passwordResets).where(and(eq(passwordResets.userId, user.id), gt(passwordResets.createdAt, hourAgo)));
    if (recent.length >= mailsPerHour) return accepted;
    const token = `${ctx.state.tenantId}.${randomToken()}`;
    const tokenHash = await sha256(token);
    await ctx.db.insert(passwordResets).values({ tokenHash, userId: user.id, expiresAt: new Date(ctx.now.getTime() + resetTtlMs).toISOString(), usedAt: null, createdAt: ctx.now.toISOString() });
    ctx.audit({ entity: 'user', id: user.id, after: { passwordReset: 'requested' } });
    const { language } = await preferencesOf(ctx.db, user.id);
    await queueMail(ctx, {
      dedupeKey: `reset:${tokenHash}`,
      userId: user.id,
      to: user.email,
      type: 'identity.password_reset',
      language,
      recipient: user.name,
      lines: [],
      link: `${ctx.services.publicUrl}/reset-password#token=${encodeURIComponent(token)}`,
    });
    return accepted;
  },
});

export const resetInput = z.strictObject({ token: z.string().min(1).max(200), password });

/** The reset row and its user, if the token is known, unused, unexpired and the user active. */
async function openReset(ctx: QueryCtx<TenantState, TenantServices>, token: string) {
  const [row] = await ctx.db.select().from(passwordResets).where(eq(passwordResets.tokenHash, await sha256(token)));
  const user = row && ctx.state.identity.users.get(row.userId);
  if (!row || !user || row.usedAt || row.expiresAt <= ctx.now.toISOString() || user.status !== 'active') throw invalidToken();
  return { row, user };
}

export const invalidToken = () => new AppError(400, 'invalid_reset_token', 'This reset link is unknown, used or expired.', [{ field: 'token', message: 'Ask for a new reset link.' }]);

export const resetPassword = tenantMessage.command({
  type: 'auth.resetPassword',
  // Through the edge (src/http/routes/password-reset.ts), behind the same door limit as login.
  access: 'system',
  input: resetInput,
  output: z.strictObject({ reset: z.literal(true) }),
  // The token is checked before the KDF runs: a made-up token costs no hashing.
  prepare: async (input, ctx) => (await openReset(ctx, input.token), ctx.services.passwords.hash(input.password)),
  handler: async (input, ctx, passwordHash) => {
    const { row, user } = await openReset(ctx, input.token);
    const at = ctx.now.toISOString();
    // Every open token of the user goes, the one used with them: single use, and no older link lingers.
    await ctx.db.update(passwordResets).set({ usedAt: at }).where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt)));
    const updated = { ...user, passwordHash, updatedAt: at };
    await ctx.db.update(users).set({ passwordHash, updatedAt: at }).where(eq(users.id, user.id));
    ctx.set(ctx.state.identity.users, user.id, updated);
    await revokeUserSessions(ctx, user.id);
    ctx.audit({ entity: 'user', id: user.id, after: { passwordReset: 'completed', sessions: 'revoked' } });
    return { reset: true as const };
  },
});
