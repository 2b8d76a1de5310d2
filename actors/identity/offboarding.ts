import { eq } from 'drizzle-orm';
import { AppError } from '../core/errors';
import type { CommandCtx } from '../core/message';
import type { TenantServices, TenantState } from '../tenant/context';
import { announceStoppedKeys, revokeKey, workingKeysOf } from './api-keys';
import { revokeUserSessions } from './auth';
import { userDeactivated, userReactivated } from './events';
import { users, type UserRow } from './identity.sql.ts';
import { userView } from './state';
import { awaitingDecisionBy, reaskApprovers } from './handover';

/**
 * Access follows the person. When someone leaves (their termination takes effect, on its
 * date in the company's time zone) or an admin deactivates them, their account stops: every
 * session and refresh family ends at once, their keys stop (an offboarding revokes them for
 * good; a service key, tenant-owned, stays), and requests waiting for their decision are
 * handed to whoever approves in their place, who is told. A rehire gives the account back.
 */
type Ctx = CommandCtx<TenantState, TenantServices>;

export async function deactivate(ctx: Ctx, user: UserRow, by: 'admin' | 'offboarding'): Promise<UserRow> {
  if (user.status === 'deactivated') {
    // Deactivated by an admin before they left: the keys still go for good.
    if (by === 'offboarding') await revokeOwnKeys(ctx, user.id);
    return user;
  }
  const keysThatWorked = workingKeysOf(ctx.state.identity, user.id);
  const waiting = await awaitingDecisionBy(ctx, user.id);
  const updated = await writeUser(ctx, user, { status: 'deactivated', deactivatedBy: by });
  await revokeUserSessions(ctx, user.id);
  if (by === 'offboarding') await revokeOwnKeys(ctx, user.id);
  announceStoppedKeys(ctx, user.id, keysThatWorked);
  ctx.emit(userDeactivated.create(user.id, { user: userView(updated) }, [user.id]));
  await reaskApprovers(ctx, waiting);
  return updated;
}

export async function reactivate(ctx: Ctx, user: UserRow): Promise<UserRow> {
  if (user.status !== 'deactivated') return user;
  // An account that never set a password goes back to waiting for its invite to be accepted.
  const updated = await writeUser(ctx, user, { status: user.passwordHash ? 'active' : 'invited', deactivatedBy: null });
  ctx.emit(userReactivated.create(user.id, { user: userView(updated) }, [user.id]));
  return updated;
}

/**
 * Called by the people context when an employee's record changes status (a one-line hook in
 * actors/people/lifecycle.ts): a termination that takes effect offboards the linked account,
 * a rehire that takes effect gives back an account that offboarding took (not one an admin
 * deactivated on purpose).
 */
export async function followEmployment(ctx: Ctx, before: { id: string; status: string }, after: { status: string }) {
  if (before.status === after.status) return;
  const userId = ctx.state.identity.userIdsByEmployee.get(before.id);
  const user = userId ? ctx.state.identity.users.get(userId) : undefined;
  if (!user) return;
  if (after.status === 'terminated') {
    // The company keeps an owner who can sign in: ownership passes on before the owner leaves.
    const owners = [...ctx.state.identity.users.values()].filter((u) => u.role === 'owner' && u.status === 'active');
    if (user.role === 'owner' && owners.length === 1 && owners[0]!.id === user.id) {
      throw new AppError(409, 'last_owner', 'This employee is the only active owner; make someone else an owner before they leave.');
    }
    await deactivate(ctx, user, 'offboarding');
  }
  else if (before.status === 'terminated' && user.deactivatedBy === 'offboarding') await reactivate(ctx, user);
}

/** A leaver's own keys are revoked, so that a later reactivation does not bring them back; service keys stay. */
async function revokeOwnKeys(ctx: Ctx, userId: string) {
  for (const key of [...ctx.state.identity.apiKeys.values()]) {
    if (key.ownerUserId === userId && !key.service) await revokeKey(ctx, key, 'offboarding');
  }
}

async function writeUser(ctx: Ctx, user: UserRow, patch: Partial<UserRow>): Promise<UserRow> {
  const updated: UserRow = { ...user, ...patch, updatedAt: ctx.now.toISOString() };
  await ctx.db.update(users).set({ ...patch, updatedAt: updated.updatedAt }).where(eq(users.id, user.id));
  ctx.set(ctx.state.identity.users, user.id, updated);
  ctx.audit({ entity: 'user', id: user.id, before: userView(user), after: { ...userView(updated), ...(patch.deactivatedBy ? { deactivatedBy: patch.deactivatedBy } : {}) } });
  return updated;
}
