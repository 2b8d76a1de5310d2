import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { forbidden, unprocessable } from '../core/errors';
import type { Principal } from '../core/principal';
import { everyone } from '../core/principal';
import { idOf, isoDate } from '../core/text';
import { tenantMessage } from '../tenant/context';
import { delegations, type DelegationRow } from './timeoff.sql.ts';
import { getDelegationSchema, setDelegationSchema } from './replies';

function userOf(principal: Principal): string {
  if (principal.kind !== 'user') throw forbidden('Delegation belongs to signed-in users.');
  return principal.userId;
}

const view = (d: DelegationRow | undefined) => (d ? { delegateUserId: d.delegateUserId, from: d.from, to: d.to, updatedAt: d.updatedAt } : null);

/**
 * While away, a user lets another approve in their place (both can act in the period; the
 * delegate is notified with them). One delegation per user: setting it again replaces it.
 */
export const setDelegation = tenantMessage.command({
  type: 'delegation.set',
  access: everyone,
  input: z.strictObject({ delegateUserId: idOf('usr'), from: isoDate, to: isoDate }),
  output: setDelegationSchema,
  route: { method: 'PUT', path: '/v1/me/delegation', summary: 'Let another user approve in my place for a period' },
  handler: async (input, ctx) => {
    const userId = userOf(ctx.principal);
    if (input.to < input.from) throw unprocessable('invalid_range', 'The end is before the start.', 'to');
    if (input.delegateUserId === userId) throw unprocessable('self_delegation', 'Delegate to someone else.', 'delegateUserId');
    if (ctx.state.identity.users.get(input.delegateUserId)?.status !== 'active') throw unprocessable('unknown_user', 'No active user has this id.', 'delegateUserId');
    const row: DelegationRow = { userId, ...input, updatedAt: ctx.now.toISOString() };
    const [before] = await ctx.db.select().from(delegations).where(eq(delegations.userId, userId));
    await ctx.db.insert(delegations).values(row).onConflictDoUpdate({ target: delegations.userId, set: { delegateUserId: row.delegateUserId, from: row.from, to: row.to, updatedAt: row.updatedAt } });
    ctx.audit({ entity: 'user', id: userId, before: { delegation: view(before) }, after: { delegation: view(row) } });
    return view(row);
  },
});

export const getDelegation = tenantMessage.query({
  type: 'delegation.get',
  access: everyone,
  input: z.strictObject({}),
  output: getDelegationSchema,
  route: { method: 'GET', path: '/v1/me/delegation', summary: 'My delegation of approvals, if any' },
  handler: async (_input, ctx) => {
    const [row] = await ctx.db.select().from(delegations).where(eq(delegations.userId, userOf(ctx.principal)));
    return { delegation: view(row) };
  },
});

export const removeDelegation = tenantMessage.command({
  type: 'delegation.remove',
  access: everyone,
  input: z.strictObject({}),
  route: { method: 'DELETE', path: '/v1/me/delegation', summary: 'End my delegation of approvals', empty: true },
  handler: async (_input, ctx) => {
    const userId = userOf(ctx.principal);
    await ctx.db.delete(delegations).where(eq(delegations.userId, userId));
    ctx.audit({ entity: 'user', id: userId, after: { delegation: null } });
    return undefined;
  },
});
