import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const webhookEndpoints = sqliteTable('webhook_endpoints', {
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  /** Event types delivered here; `["*"]` for all. */
  eventTypes: text('event_types', { mode: 'json' }).$type<string[]>().notNull(),
  /** Standard Webhooks signing secret, `whsec_…`. */
  secret: text('secret').notNull(),
  description: text('description'),
  createdAt: text('created_at').notNull(),
  disabledAt: text('disabled_at'),
});

export const deliveryStatuses = ['pending', 'succeeded', 'dead'] as const;

/** One event for one endpoint: created with the event, then tried until it lands or dies. */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    endpointId: text('endpoint_id').notNull(),
    eventSeq: integer('event_seq').notNull(),
    eventType: text('event_type').notNull(),
    /** The request that caused the event, sent along so the receiver can quote it. */
    requestId: text('request_id').notNull(),
    payload: text('payload', { mode: 'json' }).notNull(),
    status: text('status', { enum: deliveryStatuses }).notNull(),
    attempts: integer('attempts').notNull(),
    nextAttemptAt: text('next_attempt_at').notNull(),
    /** A dispatcher holds it until then; after, another may take it over. */
    claimedUntil: text('claimed_until'),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('webhook_deliveries_due').on(t.status, t.nextAttemptAt), index('webhook_deliveries_endpoint').on(t.endpointId, t.id)],
);

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
