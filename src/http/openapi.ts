import { z } from 'zod';
import type { EventDef } from '../../actors/core/event';
import type { MessageDef } from '../../actors/core/message';
import { sampleOf } from './openapi-examples';

/** A route not derived from one message (sign-up, login…), described for the API document. */
export interface ExtraRoute {
  method: 'get' | 'post' | 'put';
  path: string;
  summary: string;
  body?: z.ZodType;
  /** The reply's schema; checked like a message's `output` when replies are checked. */
  reply: z.ZodType;
  status: number;
  public: boolean;
  tag: string;
  /** Path parameters, by name (described as strings). */
  pathParams?: string[];
}

type Json = Record<string, unknown>;

const problemCodes: Record<number, string> = {
  400: 'Malformed JSON or invalid fields (`validation_failed`, with `errors[]` naming each field)',
  401: 'Missing, expired, tampered or revoked credentials',
  403: 'The role may not do this',
  404: 'Not found (including anything of another tenant)',
  409: 'Conflict with existing data (`email_taken`, `slug_taken`, `last_owner`)',
  412: 'If-Match does not match the current ETag',
  413: 'Body too large',
  415: 'Not application/json',
  422: 'A rule was broken (`manager_cycle`, …), or an Idempotency-Key was reused with another body (`idempotency_key_reused`)',
  428: 'If-Match is required',
  429: 'Too many requests (`rate_limited`; after failed sign-ins `login_throttled`): retry after Retry-After',
  503: 'Unavailable for a moment; retry after Retry-After',
};

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  return json;
}

/**
 * A JSON media type object with its schema and an example made from it. The example is
 * shown only when the zod schema accepts it (with the path parameters merged in, for a
 * body): a made-up value that breaks a refinement the sampler cannot know (a time zone, a
 * first of month) would mislead more than no example.
 */
function jsonMedia(schema: Json, check?: z.ZodType, extra: Json = {}): Json {
  const example = sampleOf(schema);
  if (check && !check.safeParse(example !== null && typeof example === 'object' ? { ...example, ...extra } : example).success) return { schema };
  return { schema, example };
}

/** The body of a message: its input without the path parameters, also for each branch of a union. */
function withoutKeys(schema: z.ZodType, keys: string[]): z.ZodType {
  if (keys.length === 0) return schema;
  const mask = Object.fromEntries(keys.map((k) => [k, true])) as never;
  if (schema instanceof z.ZodObject) return schema.omit(mask);
  if (schema instanceof z.ZodDiscriminatedUnion) {
    const options = (schema.options as z.ZodObject[]).map((o) => o.omit(mask));
    return z.discriminatedUnion(schema._zod.def.discriminator, options as [z.ZodObject, ...z.ZodObject[]]);
  }
  return schema;
}

const tagDescriptions: Record<string, string> = {
  tenants: 'Companies: sign-up and the tenant profile',
  auth: 'Sessions: login, refresh, logout',
  me: 'The signed-in user or API key',
  users: 'Users and roles of a company',
  apiKeys: 'API keys for integrations',
  employees: 'Employee records',
  events: 'The event log of a company',
  stream: 'Push: tickets for SSE and WebSocket connections',
  notifications: 'In-app notifications',
  webhooks: 'Webhook endpoints and deliveries',
  leaveTypes: 'Kinds of leave',
  policies: 'Time-off policies',
  timeoff: 'Time-off accrual',
  balances: 'Time-off balances and adjustments',
  links: 'Short links for invites and shared pages',
};

const rateLimitHeaders = { RateLimit: { $ref: '#/components/headers/RateLimit' }, 'RateLimit-Policy': { $ref: '#/components/headers/RateLimitPolicy' } };

function tagOf(type: string): string {
  return type.split('.')[0]!;
}

/**
 * The OpenAPI 3.1 document, generated from the same declarations that route the requests:
 * each message's zod schema gives its parameters or body, each event declaration a webhook
 * (OpenAPI's `webhooks`, which documents the push and webhook payloads alike).
 */
export function openApiDocument(o: { messages: readonly MessageDef[]; extra: readonly ExtraRoute[]; events: readonly EventDef[]; version: string }) {
  const paths: Record<string, Json> = {};
  const used = new Set<number>();
  const errors = (codes: number[]) =>
    Object.fromEntries(
      [...new Set(codes)].sort().map((s) => {
        used.add(s);
        return [String(s), { $ref: `#/components/responses/Problem${s}` }];
      }),
    );

  const add = (method: string, path: string, op: Json) => {
    const key = path.replace(/:([a-zA-Z]+)/g, '{$1}');
    paths[key] = { ...(paths[key] ?? {}), [method]: op };
  };

  for (const def of o.messages) {
    const route = def.route;
    if (!route) continue;
    const method = route.method.toLowerCase();
    const pathParams = [...route.path.matchAll(/:([a-zA-Z]+)/g)].map((m) => m[1]!);
    const input = schemaOf(def.input, 'input') as { properties?: Record<string, Json>; required?: string[]; oneOf?: { properties?: Record<string, Json> }[] };
    // A union's branches share the path parameters: the first branch describes them.
    const declared = (name: string) => input.properties?.[name] ?? input.oneOf?.[0]?.properties?.[name];
    const parameters: Json[] = pathParams.map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: declared(name) ?? { type: 'string' },
    }));
    const hasBody = method === 'post' || method === 'patch' || method === 'put';
    if (!hasBody || route.csvBody) {
      for (const [name, schema] of Object.entries(input.properties ?? {})) {
        if (pathParams.includes(name) || (route.csvBody && name === 'csv')) continue;
        parameters.push({ name, in: 'query', required: input.required?.includes(name) ?? false, schema });
      }
    }
    if (route.ifMatch) {
      const required = route.ifMatch === true;
      parameters.push({ name: 'If-Match', in: 'header', required, schema: { type: 'string' }, description: required ? 'The ETag from a read' : 'The ETag from a read: when sent, a stale one is refused with 412' });
    }
    if (hasBody) parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });
    const status = String(route.empty ? 204 : (route.status ?? 200));
    const reply: Json = route.empty
      ? { description: 'Done' }
      : {
          description: 'The result',
          ...(route.etag ? { headers: { ETag: { schema: { type: 'string' }, description: 'Pass it back in If-Match to update' } } } : {}),
          content: route.csvReply
            ? { 'text/csv': { schema: { type: 'string' } } }
            : { 'application/json': def.output ? jsonMedia(schemaOf(def.output, 'output'), def.output) : { schema: { type: 'object' } } },
        };
    const isPublic = def.access === 'public';
    // Every tenant reply says where its caller stands against the rate limits.
    if (!isPublic) reply.headers = { ...(reply.headers as Json | undefined), ...rateLimitHeaders };
    add(method, route.path, {
      operationId: def.type,
      summary: route.summary,
      tags: [tagOf(def.type)],
      ...(parameters.length ? { parameters } : {}),
      ...(route.csvBody
        ? { requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string', description: 'A CSV file with a header row' } } } } }
        : hasBody
        ? { requestBody: { required: true, content: { 'application/json': jsonMedia(schemaOf(withoutKeys(def.input, pathParams), 'input'), def.input, Object.fromEntries(parameters.filter((p) => p.in === 'path').map((p) => [p.name, sampleOf(p.schema)]))) } } }
        : {}),
      responses: {
        [status]: reply,
        ...(route.statusOf && status !== '200' && !route.otherStatuses ? { '200': { ...reply, description: 'The same request was made before: its first result' } } : {}),
        ...Object.fromEntries(Object.entries(route.otherStatuses ?? {}).map(([other, description]) => [other, { ...reply, description }])),
        ...errors([
          ...(isPublic ? [400, 410] : [400, 401, 403, 404, 409, 422, 429, 503]),
          // A body: its type and size are checked, and it takes an Idempotency-Key (reused with another body: 422).
          ...(hasBody ? [413, 415, 422] : []),
          ...(route.ifMatch ? [412] : []),
          ...(route.ifMatch === true ? [428] : []),
        ]),
      },
      ...(isPublic ? { security: [] } : {}),
    });
  }

  for (const r of o.extra) {
    add(r.method, r.path, {
      operationId: `${r.method}${r.path.replace(/[^a-zA-Z]+(.)/g, (_, ch: string) => ch.toUpperCase())}`,
      summary: r.summary,
      tags: [r.tag],
      ...(r.method === 'post' ? { parameters: [{ $ref: '#/components/parameters/IdempotencyKey' }] } : {}),
      ...(r.pathParams ? { parameters: r.pathParams.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })) } : {}),
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': jsonMedia(schemaOf(r.body, 'input'), r.body) } } } : {}),
      responses: {
        [String(r.status)]: { description: 'The result', content: { 'application/json': jsonMedia(schemaOf(r.reply, 'output'), r.reply) } },
        ...errors([...(r.public ? [400, 401, 409] : [400, 401, 403]), ...(r.body ? [413, 415] : []), ...(r.method === 'post' ? [422] : []), 429]),
      },
      ...(r.public ? { security: [] } : {}),
    });
  }

  const webhooks = Object.fromEntries(
    o.events
      .filter((e) => !e.type.startsWith('internal.'))
      .map((e) => [
        e.type,
        {
          post: {
            operationId: `event.${e.type}`,
            summary: `${e.summary} (v${e.version})`,
            description: 'Delivered to webhook endpoints signed by the Standard Webhooks scheme, and pushed on /v1/stream and /v1/ws.',
            requestBody: {
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['type', 'timestamp', 'data'],
                    properties: { type: { const: e.type }, timestamp: { type: 'string', format: 'date-time' }, data: schemaOf(e.data, 'output') },
                  },
                },
              },
            },
            responses: { '204': { description: 'Received' } },
          },
        },
      ]),
  );

  return {
    openapi: '3.1.0',
    info: {
      title: 'Roster API',
      version: o.version,
      description: 'The multi-tenant HR backend: companies, people, time off, events. Errors are RFC 9457 problem+json with a stable `code`.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    tags: [...new Set([...o.messages.filter((m) => m.route).map((m) => tagOf(m.type)), ...o.extra.map((r) => r.tag)])].map((name) => ({
      name,
      description: tagDescriptions[name] ?? name,
    })),
    paths,
    webhooks,
    components: {
      headers: {
        RetryAfter: { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 0 } },
        RateLimit: { description: 'Where the caller stands: `"<policy>";r=<remaining>;t=<seconds to reset>` (IETF RateLimit header fields)', schema: { type: 'string' } },
        RateLimitPolicy: { description: 'The limit that applies: `"<policy>";q=<quota>;w=<window seconds>`', schema: { type: 'string' } },
      },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An access token (JWT) from /v1/auth/login, or an API key `rst_…`' },
      },
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          schema: { type: 'string', maxLength: 255 },
          description: 'A retry with the same key and body returns the first reply',
        },
      },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'code'],
          properties: {
            type: { type: 'string', format: 'uri-reference', examples: ['/problems/validation_failed'] },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            code: { type: 'string', description: 'The stable name of the broken rule' },
            instance: { type: 'string' },
            requestId: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
          },
          examples: [{
            type: '/problems/validation_failed',
            title: 'Bad Request',
            status: 400,
            detail: 'The request has invalid fields.',
            code: 'validation_failed',
            requestId: '01JD8X3F6K2M9Q4R7T5V0W1Y2Z',
            errors: [{ field: 'workEmail', message: 'Must be an email address.' }],
          }],
        },
      },
      responses: Object.fromEntries(
        [...used].sort().map((s) => [
          `Problem${s}`,
          {
            description: problemCodes[s] ?? 'Problem',
            ...(s === 429
              ? { headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' }, RateLimit: { $ref: '#/components/headers/RateLimit' }, 'RateLimit-Policy': { $ref: '#/components/headers/RateLimitPolicy' } } }
              : s === 503
                ? { headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } } }
                : {}),
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
          },
        ]),
      ),
    },
  };
}
