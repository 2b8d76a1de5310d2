import type { Hono } from 'hono';
import { z } from 'zod';
import type { EventDef } from '../../../actors/core/event';
import type { AppEnv } from '../env';

/**
 * `GET /v1/event-types`: the catalogue of domain events (name, version, payload as JSON
 * Schema), generated from their declarations, for stream and webhook consumers. Internal
 * events are left out: no client ever receives them.
 */
export function mountEventTypes(app: Hono<AppEnv>, events: readonly EventDef[]) {
  const catalogue = events
    .filter((e) => !e.type.startsWith('internal.'))
    .map((e) => ({ type: e.type, version: e.version, summary: e.summary, schema: z.toJSONSchema(e.data) }))
    .sort((a, b) => a.type.localeCompare(b.type));
  const body = JSON.stringify({ items: catalogue });
  app.get('/v1/event-types', (c) => c.body(body, 200, { 'content-type': 'application/json' }));
}
