import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { notFound, unprocessable } from '../core/errors';
import { everyone, peopleManagers } from '../core/principal';
import { assertIfMatchContent, contentEtag } from '../core/versioned';
import { idOf } from '../core/text';
import { tenantMessage } from '../tenant/context';
import { defaultChain } from './chain';
import { approvalChains, leaveTypes, type ChainStep } from './timeoff.sql.ts';
import { chainSchema } from './replies';

const step = z.strictObject({
  approver: z.union([z.enum(['manager', 'manager_of_manager', 'hr']), z.strictObject({ userId: idOf('usr') })]),
  minDays: z.number().min(0).max(366).optional(),
});

const chainView = (leaveTypeId: string, steps: ChainStep[], custom: boolean) => ({ leaveTypeId, steps, default: !custom });

/**
 * Sets the ordered approval steps of a leave type (for this company). An empty list goes
 * back to the default: the manager approves, HR when there is no manager. Requests keep the
 * chain they were submitted under.
 */
export const setApprovalChain = tenantMessage.command({
  type: 'approvalChains.set',
  access: peopleManagers,
  input: z.strictObject({ id: idOf('ltp'), steps: z.array(step).max(5, 'At most 5 steps.') }),
  output: chainSchema,
  route: { method: 'PUT', path: '/v1/leave-types/:id/approval-chain', summary: 'Set the approval chain of a leave type (If-Match optional)', etag: contentEtag, ifMatch: 'optional' },
  handler: async ({ id, steps }, ctx) => {
    const [type] = await ctx.db.select().from(leaveTypes).where(eq(leaveTypes.id, id));
    if (!type) throw notFound('The leave type');
    const [current] = await ctx.db.select().from(approvalChains).where(eq(approvalChains.leaveTypeId, id));
    assertIfMatchContent(ctx.meta.ifMatch, current ? chainView(id, current.steps, true) : chainView(id, defaultChain, false));
    steps.forEach((s, i) => {
      if (typeof s.approver === 'object' && ctx.state.identity.users.get(s.approver.userId)?.status !== 'active') {
        throw unprocessable('unknown_user', 'No active user has this id.', `steps.${i}.approver.userId`);
      }
    });
    const [before] = await ctx.db.select().from(approvalChains).where(eq(approvalChains.leaveTypeId, id));
    const at = ctx.now.toISOString();
    if (steps.length === 0) await ctx.db.delete(approvalChains).where(eq(approvalChains.leaveTypeId, id));
    else
      await ctx.db
        .insert(approvalChains)
        .values({ leaveTypeId: id, steps, version: 1, updatedAt: at })
        .onConflictDoUpdate({ target: approvalChains.leaveTypeId, set: { steps, version: (before?.version ?? 0) + 1, updatedAt: at } });
    ctx.audit({ entity: 'leave_type', id, before: before ? { approvalChain: before.steps } : undefined, after: { approvalChain: steps } });
    return steps.length === 0 ? chainView(id, defaultChain, false) : chainView(id, steps, true);
  },
});

export const getApprovalChain = tenantMessage.query({
  type: 'approvalChains.get',
  access: everyone,
  input: z.strictObject({ id: idOf('ltp') }),
  output: chainSchema,
  route: { method: 'GET', path: '/v1/leave-types/:id/approval-chain', summary: 'The approval chain of a leave type', etag: contentEtag },
  handler: async ({ id }, ctx) => {
    const [type] = await ctx.db.select().from(leaveTypes).where(eq(leaveTypes.id, id));
    if (!type) throw notFound('The leave type');
    const [chain] = await ctx.db.select().from(approvalChains).where(eq(approvalChains.leaveTypeId, id));
    return chain ? chainView(id, chain.steps, true) : chainView(id, defaultChain, false);
  },
});
