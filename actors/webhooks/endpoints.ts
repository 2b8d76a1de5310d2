import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { notFound, unprocessable } from '../core/errors';
import { base64url, randomBytes } from '../core/ids';
import { admins } from '../core/principal';
import { idOf, text } from '../core/text';
import { tenantMessage } from '../tenant/context';
import { hostRefusal } from './addresses';
import { webhookEndpoints, type WebhookEndpointRow } from './webhooks.sql.ts';
import { instant, listOf } from '../core/reply';

const endpointSchema = z.strictObject({
  id: idOf('whe'),
  url: z.url(),
  eventTypes: z.array(z.string()),
  description: z.string().nullable(),
  createdAt: instant,
  disabledAt: instant.nullable(),
}).meta({ id: 'Webhook' });

const view = (e: WebhookEndpointRow) => ({
  id: e.id,
  url: e.url,
  eventTypes: e.eventTypes,
  description: e.description,
  createdAt: e.createdAt,
  disabledAt: e.disabledAt,
});

const eventType = z
  .string()
  .regex(/^(\*|[a-z_]+\.[a-z_]+)$/, 'An event type like employee.created, or *.')
  .meta({ examples: ['employee.created'] });

export const createWebhookEndpoint = tenantMessage.command({
  type: 'webhooks.createEndpoint',
  idempotency: { redact: ['secret'] },
  access: admins,
  input: z.strictObject({
    url: z.url({ protocol: /^https?$/, error: 'Must be an http(s) URL.' }).max(2000),
    eventTypes: z.array(eventType).min(1).max(100),
    description: text(200).optional(),
  }),
  output: endpointSchema.extend({ secret: z.string().describe('The signing secret, shown once') }),
  route: { method: 'POST', path: '/v1/webhooks', status: 201, summary: 'Register a webhook endpoint; the reply shows its signing secret once' },
  handler: async (input, ctx) => {
    const url = new URL(input.url);
    if (url.username || url.password) throw unprocessable('webhook_url_refused', 'Credentials in the URL are not allowed.', 'url');
    const refusal = ctx.services.webhooks.allowPrivate ? undefined : hostRefusal(url.hostname);
    if (refusal) throw unprocessable('webhook_url_refused', `Endpoints on loopback or private networks are not allowed: ${refusal}`, 'url');
    const endpoint: WebhookEndpointRow = {
      id: ctx.ids.next('whe'),
      url: url.toString(),
      eventTypes: [...new Set(input.eventTypes)],
      secret: `whsec_${base64url(randomBytes(24)).replaceAll('-', '+').replaceAll('_', '/')}`,
      description: input.description ?? null,
      createdAt: ctx.now.toISOString(),
      disabledAt: null,
    };
    await ctx.db.insert(webhookEndpoints).values(endpoint);
    ctx.set(ctx.state.webhooks.endpoints, endpoint.id, endpoint);
    ctx.audit({ entity: 'webhook_endpoint', id: endpoint.id, after: view(endpoint) });
    return { ...view(endpoint), secret: endpoint.secret };
  },
});

export const listWebhookEndpoints = tenantMessage.query({
  type: 'webhooks.listEndpoints',
  access: admins,
  input: z.strictObject({}),
  output: listOf(endpointSchema),
  route: { method: 'GET', path: '/v1/webhooks', summary: 'List webhook endpoints (never their secrets)' },
  handler: (_input, { state }) => ({ items: [...state.webhooks.endpoints.values()].map(view) }),
});

export const disableWebhookEndpoint = tenantMessage.command({
  type: 'webhooks.disableEndpoint',
  access: admins,
  input: z.strictObject({ id: idOf('whe') }),
  output: endpointSchema,
  route: { method: 'DELETE', path: '/v1/webhooks/:id', summary: 'Stop delivering to an endpoint' },
  handler: async ({ id }, ctx) => {
    const endpoint = ctx.state.webhooks.endpoints.get(id);
    if (!endpoint) throw notFound('The webhook endpoint');
    if (endpoint.disabledAt) return view(endpoint);
    const disabled = { ...endpoint, disabledAt: ctx.now.toISOString() };
    await ctx.db.update(webhookEndpoints).set({ disabledAt: disabled.disabledAt }).where(eq(webhookEndpoints.id, id));
    ctx.set(ctx.state.webhooks.endpoints, id, disabled);
    ctx.audit({ entity: 'webhook_endpoint', id, before: view(endpoint), after: view(disabled) });
    return view(disabled);
  },
});
