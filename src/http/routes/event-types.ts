import type { Hono } from 'hono';
import { z } from 'zod';
import type { EventDef } from '../../../actors/core/event';
import type { AppEnv } from '../env';
import type { ExtraRoute } from '../openapi';

/**
 * `GET /v1/event-types`: the catalogue of domain events (name, version, payload as JSON
 * Schema), generated from their declarations, for stream and webhook consumers. Internal
 * events are left out: no client ever receives them.
 */
const catalogueReply = z.strictObject({
  items: z.array(
    z.strictObject({
      type: z.string().meta({ examples: ['employee.created'] }),
      version: z.number().int().min(1),
      summary: z.string(),
      schema: z.record(z.string(), z.unknown()).describe("The payload's JSON Schema (draft 2020-12): the `data` of the event"),
    }),
  ),
});

export const eventTypesRoute: ExtraRoute = {
  method: 'get',
  path: '/v1/event-types',
  operationId: 'eventTypes.list',
  summary: 'The event types, their versions and payload schemas',
  description: 'The same catalogue as the `Event` schema and the webhooks of this document, as data, for consumers that check payloads at run time.',
  reply: catalogueReply,
  status: 200,
  public: true,
  tag: 'eventTypes',
  outsideApi: true,
};

type Json = Record<string, unknown>;

/**
 * A payload's schema with the named shapes it uses (`$defs`, from `.meta({ id })`) written
 * out in place: each catalogue entry stands alone, for consumers that validate with it.
 */
function selfContained(schema: Json): Json {
  const { $defs, ...root } = schema as Json & { $defs?: Record<string, Json> };
  const inline = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(inline);
    if (!node || typeof node !== 'object') return node;
    const { $ref, ...rest } = node as Json;
    const named = typeof $ref === 'string' && $ref.startsWith('#/$defs/') ? $defs?.[$ref.slice('#/$defs/'.length)] : undefined;
    const out: Json = named ? { ...(inline(named) as Json) } : $ref === undefined ? {} : { $ref };
    for (const [k, v] of Object.entries(rest)) out[k] = inline(v);
    return out;
  };
  return inline(root) as Json;
}

export function mountEventTypes(app: Hono<AppEnv>, events: readonly EventDef[]) {
  const catalogue = events
    .filter((e) => !e.type.startsWith('internal.'))
    .map((e) => ({ type: e.type, version: e.version, summary: e.summary, schema: selfContained(z.toJSONSchema(e.data) as Json) }))
    .sort((a, b) => a.type.localeCompare(b.type));
  const body = JSON.stringify({ items: catalogue });
  app.get('/v1/event-types', (c) => c.body(body, 200, { 'content-type': 'application/json' }));
}
