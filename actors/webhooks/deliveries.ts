import { inlineLimit } from '../core/prepared';
import { and, desc, eq, lt } from 'drizzle-orm';
import { armRetryTimer, dueAttempts } from '../core/retry-timer';
import { z } from 'zod';
import type { PublishedEvent } from '../core/event';
import { notFound } from '../core/errors';
import { defineEvent } from '../core/event';
import type { CommandCtx } from '../core/message';
import { admins } from '../core/principal';
import { idOf } from '../core/text';
import { tenantMessage, type TenantServices, type TenantState } from '../tenant/context';
import { retryDelayMs } from './policy';
import { deliveryStatuses, webhookDeliveries, type WebhookDeliveryRow } from './webhooks.sql.ts';
import { instant, pageOf } from '../core/reply';

type Ctx = CommandCtx<TenantState, TenantServices>;

/** Internal event telling the runtime's dispatcher that this tenant has deliveries to send. */
export const webhooksDue = defineEvent({
  type: 'internal.webhooks_due',
  summary: 'Internal: webhook deliveries are due (never pushed to clients)',
  data: z.object({}),
});
export const deliveriesDue = webhooksDue.type;
export const deliveryDead = defineEvent({
  type: 'webhook.delivery_dead',
  summary: 'A webhook delivery failed its last try and is in the dead-letter list',
  data: z.object({ deliveryId: z.string(), endpointId: z.string(), attempts: z.number() }),
});
export const webhookEvents = [webhooksDue, deliveryDead];
const timerKey = 'webhooks:next';
const claimMs = 60_000;

const deliverySchema = z.strictObject({
  id: idOf('whd'),
  endpointId: idOf('whe'),
  eventSeq: z.number().int(),
  eventType: z.string(),
  status: z.enum(deliveryStatuses).describe('`dead`: every attempt failed'),
  attempts: z.number().int().min(0),
  nextAttemptAt: instant.nullable(),
  lastStatus: z.number().int().nullable().describe("The endpoint's last HTTP status"),
  lastError: z.string().nullable(),
  createdAt: instant,
  updatedAt: instant,
}).meta({ id: 'WebhookDelivery' });

const view = (d: WebhookDeliveryRow) => ({
  id: d.id,
  endpointId: d.endpointId,
  eventSeq: d.eventSeq,
  eventType: d.eventType,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt : null,
  lastStatus: d.lastStatus,
  lastError: d.lastError,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

/**
 * Reaction: every event an endpoint subscribes to becomes a delivery row, in the command's
 * transaction, so no committed event is missed and none is queued twice. The sending
 * happens outside the actor (a slow endpoint never delays a command).
 */
export async function enqueueDeliveries(events: readonly PublishedEvent[], ctx: Ctx) {
  let queued = 0;
  const at = ctx.now.toISOString();
  for (const event of events) {
    // Events about webhooks themselves are never delivered by webhook: a dead endpoint
    // would otherwise be sent the news of its own death, and so on.
    if (event.type.startsWith('internal.') || event.type.startsWith('webhook.') || event.type === 'notification.created') continue;
    for (const endpoint of ctx.state.webhooks.endpoints.values()) {
      if (endpoint.disabledAt) continue;
      if (!endpoint.eventTypes.includes('*') && !endpoint.eventTypes.includes(event.type)) continue;
      await ctx.db.insert(webhookDeliveries).values({
        id: ctx.ids.next('whd'),
        endpointId: endpoint.id,
        eventSeq: event.seq,
        eventType: event.type,
        requestId: event.requestId,
        payload: { type: event.type, timestamp: event.at, data: { ...(event.data as object), seq: event.seq, subject: event.subject } },
        status: 'pending',
        attempts: 0,
        nextAttemptAt: at,
        claimedUntil: null,
        lastStatus: null,
        lastError: null,
        createdAt: at,
        updatedAt: at,
      });
      queued++;
    }
  }
  if (queued > 0) await announce(ctx);
}

/** Tells the dispatcher now, and arms the tenant's one webhook timer for the next retry. */
function announce(ctx: Ctx) {
  return armRetryTimer(ctx, webhookDeliveries, { key: timerKey, type: 'webhooks.wake' }, () => webhooksDue.create(ctx.state.tenantId, {}));
}

/** Fired by the webhook timer: some delivery is due again (a retry, or a claim that lapsed). */
export const wakeWebhooks = tenantMessage.command({
  type: 'webhooks.wake',
  access: 'system',
  input: z.strictObject({}),
  handler: async (_input, ctx) => {
    await announce(ctx);
    return { ok: true };
  },
});

/** The dispatcher takes the due deliveries for a minute; another dispatcher will not send them meanwhile. */
export const claimDueDeliveries = tenantMessage.command({
  type: 'webhooks.claimDue',
  access: 'system',
  input: z.strictObject({ limit: z.number().int().min(1).max(100).default(20) }),
  handler: async ({ limit }, ctx) => {
    const now = ctx.now.toISOString();
    const due = await dueAttempts(ctx.db, webhookDeliveries, now, limit);
    const until = new Date(ctx.now.getTime() + claimMs).toISOString();
    const items = [];
    for (const d of due) {
      const endpoint = ctx.state.webhooks.endpoints.get(d.endpointId);
      if (!endpoint || endpoint.disabledAt) {
        // Nothing will ever send it: closed as dead (replayable if the endpoint comes back)
        // rather than claimed again every minute forever.
        await ctx.db
          .update(webhookDeliveries)
          .set({ status: 'dead', claimedUntil: null, lastError: 'endpoint disabled', updatedAt: now })
          .where(eq(webhookDeliveries.id, d.id));
        continue;
      }
      await ctx.db.update(webhookDeliveries).set({ claimedUntil: until }).where(eq(webhookDeliveries.id, d.id));
      items.push({ id: d.id, url: endpoint.url, secret: endpoint.secret, payload: d.payload, attempt: d.attempts + 1, requestId: d.requestId });
    }
    if (due.length > 0) await announce(ctx);
    return { items };
  },
});

export const recordDeliveryAttempt = tenantMessage.command({
  type: 'webhooks.recordAttempt',
  access: 'system',
  input: z.strictObject({
    id: idOf('whd'),
    ok: z.boolean(),
    status: z.number().int().nullable(),
    error: z.string().max(500).nullable(),
  }),
  handler: async (input, ctx) => {
    const [d] = await ctx.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, input.id));
    if (!d || d.status !== 'pending') return { ignored: true };
    const attempts = d.attempts + 1;
    const { maxAttempts } = ctx.services.webhooks;
    const status = input.ok ? 'succeeded' : attempts >= maxAttempts ? 'dead' : 'pending';
    const next = new Date(ctx.now.getTime() + retryDelayMs(ctx.services.webhooks, d.id, attempts)).toISOString();
    await ctx.db
      .update(webhookDeliveries)
      .set({
        status,
        attempts,
        nextAttemptAt: status === 'pending' ? next : d.nextAttemptAt,
        claimedUntil: null,
        lastStatus: input.status,
        lastError: input.error,
        updatedAt: ctx.now.toISOString(),
      })
      .where(eq(webhookDeliveries.id, d.id));
    if (status === 'dead') {
      ctx.emit(deliveryDead.create(d.id, { deliveryId: d.id, endpointId: d.endpointId, attempts }));
    }
    await announce(ctx);
    return { status, attempts };
  },
});

export const listDeliveries = tenantMessage.query({
  type: 'webhooks.listDeliveries',
  access: admins,
  input: z.strictObject({
    status: z.enum(deliveryStatuses).optional(),
    endpointId: idOf('whe').optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: idOf('whd').optional(),
  }),
  output: pageOf(deliverySchema),
  route: { method: 'GET', path: '/v1/webhook-deliveries', summary: 'The delivery log; `status=dead` is the dead-letter list' },
  handler: async ({ status, endpointId, limit, cursor }, { db }) => {
    const rows = await db
      .select()
      .from(webhookDeliveries)
      .where(
        and(
          status ? eq(webhookDeliveries.status, status) : undefined,
          endpointId ? eq(webhookDeliveries.endpointId, endpointId) : undefined,
          cursor ? lt(webhookDeliveries.id, cursor) : undefined,
        ),
      )
      .orderBy(desc(webhookDeliveries.id))
      .limit(inlineLimit(limit + 1));
    const page = rows.slice(0, limit);
    return { items: page.map(view), nextCursor: rows.length > limit ? page[page.length - 1]!.id : null };
  },
});

export const replayDelivery = tenantMessage.command({
  type: 'webhooks.replay',
  access: admins,
  input: z.strictObject({ id: idOf('whd') }),
  output: deliverySchema,
  route: { method: 'POST', path: '/v1/webhook-deliveries/:id/replay', summary: 'Send a delivery again (from the dead-letter list, or a past one)' },
  handler: async ({ id }, ctx) => {
    const [d] = await ctx.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
    if (!d) throw notFound('The delivery');
    const at = ctx.now.toISOString();
    const replayed = { ...d, status: 'pending' as const, attempts: 0, nextAttemptAt: at, claimedUntil: null, updatedAt: at };
    await ctx.db.update(webhookDeliveries).set(replayed).where(eq(webhookDeliveries.id, id));
    ctx.audit({ entity: 'webhook_delivery', id, before: view(d), after: view(replayed) });
    await announce(ctx);
    return view(replayed);
  },
});
