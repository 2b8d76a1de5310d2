import { allowedTypes } from '../../actors/documents/file-types';
import { z } from 'zod';
import type { EventDef } from '../../actors/core/event';
import type { Access, MessageDef } from '../../actors/core/message';
import { roles } from '../../actors/core/principal';
import { sampleOf } from './openapi-examples';
import { codesIn, problemResponse, problemSchema } from './openapi-problems';
import { addEventSchemas, pascalOf, SchemaBook, type Json } from './openapi-schemas';
import { tagDescriptions, tagGroups } from './openapi-tags';

/** A route not derived from one message (sign-up, login, the streams…), described for the API document. */
export interface ExtraRoute {
  method: 'get' | 'post' | 'put';
  path: string;
  /** `resource.verb`, like the message types. */
  operationId: string;
  summary: string;
  /** What the summary leaves out; the access rule is added. */
  description?: string;
  body?: z.ZodType;
  /** The query parameters, as one object schema. */
  query?: z.ZodObject;
  /** The reply's schema; checked like a message's `output` when replies are checked. */
  reply?: z.ZodType;
  status: number;
  /** Needs no credentials (`true`), or a bearer token or API key (`false`). */
  public: boolean;
  tag: string;
  /** Path parameters, by name (described as strings unless given). */
  pathParams?: string[] | Record<string, z.ZodType>;
  /** Header parameters besides the ones every operation takes, as OpenAPI parameter objects. */
  headers?: Json[];
  /** Replies that are not one JSON body (a stream, a redirect, an upgrade), as OpenAPI response objects. */
  responses?: Record<string, Json>;
  /** The problem statuses it can answer; the usual ones for its kind when absent. */
  errors?: number[];
  /** Outside the API's own middleware (no rate limit standing): health, short links. */
  outsideApi?: boolean;
  /** Security requirements, when not the default (bearer) or none (public). */
  security?: Json[];
  /** What a problem status means for this operation, with its codes (instead of the status's general list). */
  problems?: Partial<Record<number, string>>;
}

const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });
const paramRef = (name: string) => ({ $ref: `#/components/parameters/${name}` });
const standing = { RateLimit: headerRef('RateLimit'), 'RateLimit-Policy': headerRef('RateLimitPolicy') };

/** A document's bytes, in any type the upload allow-list takes (actors/documents/file-types.ts). */
const fileMedia = Object.fromEntries(allowedTypes.map((t) => [t, { schema: { type: 'string', format: 'binary' } }]));

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

const tagOf = (type: string) => type.split('.')[0]!;

const roleNames: Record<string, string> = { owner: 'owners', admin: 'admins', hr: 'HR', manager: 'managers', employee: 'employees' };
const list = (words: string[]) => (words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`);

/** Who may call an operation, in words. */
function accessLine(access: Access): string {
  if (access === 'public') return 'No credentials needed.';
  if (access === 'system') return 'Internal.';
  if (roles.every((r) => access.includes(r))) return 'Any signed-in user or API key.';
  return `For ${list(access.map((r) => roleNames[r] ?? r))} (users, or API keys with that role).`;
}

/**
 * The OpenAPI 3.1 document, generated from the same declarations that route the requests:
 * each message's zod schema gives its parameters or body and its reply (named resources as
 * component schemas), each event declaration a webhook (OpenAPI's `webhooks`, which document
 * the push and webhook payloads alike).
 */
export function openApiDocument(o: { messages: readonly MessageDef[]; extra: readonly ExtraRoute[]; events: readonly EventDef[]; version: string; publicUrl?: string }) {
  const book = new SchemaBook();
  const paths: Record<string, Json> = {};
  const usedProblems = new Set<number>();
  // Examples are made once every schema is known (a `$ref` must resolve), then checked against zod.
  const examples: { media: Json; check?: z.ZodType; merged?: Json }[] = [];
  const json = (schema: z.ZodType, io: 'input' | 'output', check?: z.ZodType, merged?: Json): Json => {
    const media: Json = { schema: book.json(schema, io) };
    examples.push({ media, check, merged });
    return media;
  };
  // A reference may carry its own description (OpenAPI 3.1): what the status means for this operation.
  const problems = (codes: number[], own: Partial<Record<number, string>> = {}) =>
    Object.fromEntries(
      [...new Set([...codes, ...Object.keys(own).map(Number)])].sort().map((s) => {
        usedProblems.add(s);
        // The status's other codes stay listed: a rule shared by many routes may also apply here.
        return [String(s), { $ref: `#/components/responses/Problem${s}`, ...(own[s] ? { description: `${own[s]}. All codes of ${s}: ${codesIn(s)}` } : {}) }];
      }),
    );
  const add = (method: string, path: string, op: Json) => {
    const key = path.replace(/:([a-zA-Z]+)/g, '{$1}');
    if ((paths[key] as Json | undefined)?.[method]) throw new Error(`Two operations for ${method} ${key}`);
    paths[key] = { ...(paths[key] ?? {}), [method]: op };
  };

  for (const def of o.messages) {
    const route = def.route;
    if (!route) continue;
    const method = route.method.toLowerCase();
    const pathParams = [...route.path.matchAll(/:([a-zA-Z]+)/g)].map((m) => m[1]!);
    const input = book.json(def.input, 'input') as { properties?: Record<string, Json>; required?: string[]; oneOf?: { properties?: Record<string, Json> }[] };
    // A union's branches share the path parameters: the first branch describes them.
    const declared = (name: string) => input.properties?.[name] ?? input.oneOf?.[0]?.properties?.[name];
    const parameters: Json[] = pathParams.map((name) => ({ name, in: 'path', required: true, schema: declared(name) ?? { type: 'string' } }));
    const hasBody = method === 'post' || method === 'patch' || method === 'put';
    if (!hasBody || route.csvBody || route.binaryBody) {
      for (const [name, schema] of Object.entries(input.properties ?? {})) {
        if (pathParams.includes(name) || (route.csvBody && name === 'csv') || (route.binaryBody && name === 'file')) continue;
        const { description, ...rest } = schema;
        parameters.push({ name, in: 'query', required: input.required?.includes(name) ?? false, schema: rest, ...(description ? { description } : {}) });
      }
    }
    if (route.ifMatch) parameters.push(paramRef(route.ifMatch === true ? 'IfMatchRequired' : 'IfMatch'));
    if (hasBody) parameters.push(paramRef('IdempotencyKey'));
    parameters.push(paramRef('RequestId'));
    const isPublic = def.access === 'public';
    const status = String(route.empty ? 204 : (route.status ?? 200));
    const headers: Json = {
      'X-Request-Id': headerRef('RequestId'),
      ...(route.etag ? { ETag: headerRef('ETag') } : {}),
      ...(route.csvReply || route.blobReply ? { 'Content-Disposition': headerRef('ContentDisposition') } : {}),
      ...(isPublic ? {} : standing),
    };
    const reply: Json = route.empty
      ? { description: 'Done', headers }
      : {
          description: 'The result',
          headers,
          content: route.csvReply
            ? { 'text/csv': { schema: { type: 'string', description: 'A CSV file with a header row' } } }
            : route.blobReply
              ? fileMedia
              : { 'application/json': def.output ? json(def.output, 'output') : { schema: { type: 'object' } } },
        };
    const pathSamples = () => Object.fromEntries(parameters.filter((p) => p.in === 'path').map((p) => [p.name, sampleOf(p.schema)]));
    add(method, route.path, {
      operationId: def.type,
      summary: route.summary,
      description: describe({ access: def.access, text: route.description, hasBody, ifMatch: route.ifMatch, paged: Boolean((def.output as z.ZodObject | undefined)?.shape?.nextCursor) }),
      tags: [tagOf(def.type)],
      parameters,
      ...(route.binaryBody
        ? { requestBody: { required: true, content: fileMedia } }
        : route.csvBody
          ? { requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string', description: 'A CSV file with a header row' } } } } }
          : hasBody
            ? { requestBody: { required: true, content: { 'application/json': json(withoutKeys(def.input, pathParams), 'input', def.input, pathSamples()) } } }
            : {}),
      responses: {
        [status]: reply,
        ...(route.statusOf && status !== '200' && !route.otherStatuses ? { '200': { ...reply, description: 'The same request was made before: its first result' } } : {}),
        ...Object.fromEntries(Object.entries(route.otherStatuses ?? {}).map(([other, description]) => [other, { ...reply, description }])),
        ...problems([
          ...(isPublic ? [400, 410, 429, 503, 504] : [400, 401, 403, 404, 409, 422, 429, 503, 504]),
          // A body: its type and size are checked, and it takes an Idempotency-Key (reused with another body: 422).
          ...(hasBody ? [413, 415, 422] : []),
          ...(route.ifMatch ? [412] : []),
          ...(route.ifMatch === true ? [428] : []),
        ], route.problems),
      },
      ...(isPublic ? { security: [] } : {}),
    });
  }

  for (const r of o.extra) {
    const named = Array.isArray(r.pathParams) ? Object.fromEntries(r.pathParams.map((n) => [n, undefined])) : (r.pathParams ?? {});
    const parameters: Json[] = Object.entries(named).map(([name, schema]) => ({ name, in: 'path', required: true, schema: schema ? book.json(schema, 'input') : { type: 'string' } }));
    const query = r.query ? (book.json(r.query, 'input') as { properties?: Record<string, Json>; required?: string[] }) : {};
    for (const [name, schema] of Object.entries(query.properties ?? {})) {
      const { description, ...rest } = schema;
      parameters.push({ name, in: 'query', required: query.required?.includes(name) ?? false, schema: rest, ...(description ? { description } : {}) });
    }
    parameters.push(...(r.headers ?? []));
    if (r.method !== 'get') parameters.push(paramRef('IdempotencyKey'));
    parameters.push(paramRef('RequestId'));
    const headers: Json = { 'X-Request-Id': headerRef('RequestId'), ...(r.public || r.outsideApi ? {} : standing) };
    const defaultErrors = r.outsideApi ? [] : r.public ? [400, 401, 409, 429, 503, 504] : [400, 401, 403, 429, 503, 504];
    add(r.method, r.path, {
      operationId: r.operationId,
      summary: r.summary,
      description: describe({ access: r.public ? 'public' : roles, text: r.description, hasBody: Boolean(r.body), ifMatch: undefined, paged: false }),
      tags: [r.tag],
      parameters,
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': json(r.body, 'input', r.body) } } } : {}),
      responses: {
        ...(r.responses ?? {}),
        ...(r.reply ? { [String(r.status)]: { description: 'The result', headers, content: { 'application/json': json(r.reply, 'output') } } } : {}),
        ...problems([...(r.errors ?? defaultErrors), ...(r.body ? [413, 415, 422] : r.method === 'post' ? [422] : [])], r.problems),
      },
      ...(r.security ? { security: r.security } : r.public ? { security: [] } : {}),
    });
  }

  const published = o.events.filter((e) => !e.type.startsWith('internal.'));
  addEventSchemas(book, published);
  const webhooks = Object.fromEntries(
    published.map((e) => {
      const name = pascalOf(e.type);
      // A webhook's data is the event's payload with its sequence number and subject (actors/webhooks/deliveries.ts).
      const data =
        e.data instanceof z.ZodObject
          ? book.json(e.data.extend({ seq: z.number().int().describe('As in the event log'), subject: z.string().describe('The id of what the event is about') }), 'input')
          : { $ref: `#/components/schemas/${name}Data` };
      const body = { type: 'object', required: ['type', 'timestamp', 'data'], additionalProperties: false, properties: { type: { type: 'string', const: e.type }, timestamp: { type: 'string', format: 'date-time' }, data } };
      return [
        e.type,
        {
          post: {
            operationId: `webhooks.on${name}`,
            summary: `${e.summary} (v${e.version})`,
            description: 'Posted to webhook endpoints, signed by the Standard Webhooks scheme (`webhook-id`, `webhook-timestamp`, `webhook-signature`). The same event reaches /v1/stream and /v1/ws as an `Event`.',
            tags: ['webhooks'],
            requestBody: { required: true, content: { 'application/json': { schema: body, example: sampleOf(body, book.resolve) } } },
            responses: { '204': { description: 'Received; any 2xx counts, anything else is retried with back-off' } },
            security: [],
          },
        },
      ];
    }),
  );

  for (const { media, check, merged } of examples) {
    const example = sampleOf(media.schema, book.resolve);
    // An object with both `type` and `default` reads as a schema to some linters (Spectral's
    // oas3-valid-schema-example walks into examples): a custom field's reply is left without one.
    if (readsAsSchema(example)) continue;
    // Shown only when zod accepts it (with the path parameters merged in, for a body): a made-up
    // value that breaks a refinement the sampler cannot know would mislead more than none.
    const value = merged && example !== null && typeof example === 'object' ? { ...example, ...merged } : example;
    if (!check || check.safeParse(value).success) media.example = example;
  }
  const relink = book.settle();

  const usedTags = new Set(Object.values(paths).flatMap((ops) => Object.values(ops as Record<string, { tags: string[] }>).map((op) => op.tags[0]!)));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Roster API',
      version: o.version,
      description:
        'The multi-tenant HR backend: companies, people, time off, attendance, events. Errors are RFC 9457 problem+json with a stable `code`. Every reply carries `X-Request-Id`; every tenant reply says where its caller stands against the rate limits (`RateLimit`, `RateLimit-Policy`).',
      // The people who run this deployment answer for it: its reference pages, where it has a public address.
      contact: serverOf(o.publicUrl).url === '/' ? { name: 'Roster API' } : { name: 'Roster API', url: `${serverOf(o.publicUrl).url}/docs` },
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [serverOf(o.publicUrl)],
    security: [{ bearer: [] }],
    tags: [...usedTags].map((name) => ({ name, description: tagDescriptions[name] ?? name })),
    'x-tagGroups': tagGroups.map((g) => ({ ...g, tags: g.tags.filter((t) => usedTags.has(t)) })).filter((g) => g.tags.length > 0),
    paths: relink(paths),
    webhooks: relink(webhooks),
    components: {
      schemas: { ...book.components, Problem: problemSchema },
      responses: Object.fromEntries([...usedProblems].sort().map((s) => [`Problem${s}`, problemResponse(s)])),
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]{1,255}$' },
          description: '1–255 visible ASCII characters (400 otherwise). A retry with the same key and body returns the first reply; the same key with another body is refused (422 `idempotency_key_reused`).',
          example: '4f3c2a1e-create-ada',
        },
        IfMatch: {
          name: 'If-Match',
          in: 'header',
          required: false,
          schema: { type: 'string', maxLength: 200 },
          description: 'The ETag from a read: when sent, a stale one is refused with 412. An empty value counts as absent.',
          example: '"v3"',
        },
        IfMatchRequired: {
          name: 'If-Match',
          in: 'header',
          required: true,
          schema: { type: 'string', minLength: 1, maxLength: 200 },
          description: 'The ETag from a read: a stale one is refused with 412, none (or an empty one) with 428.',
          example: '"v3"',
        },
        RequestId: {
          name: 'X-Request-Id',
          in: 'header',
          required: false,
          schema: { type: 'string' },
          description: 'Names the request in the logs and the reply. Kept when it is 1–128 letters, digits, `_`, `-` or `=`; otherwise replaced by a new id (never refused).',
        },
      },
      headers: {
        RequestId: { description: 'The request id: the one sent in X-Request-Id when it was kept, a new one otherwise', schema: { type: 'string' } },
        ETag: { description: 'The version read: pass it back in If-Match to update', schema: { type: 'string' } },
        RetryAfter: { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 0 } },
        RateLimit: { description: 'Where the caller stands: `"<policy>";r=<remaining>;t=<seconds to reset>` (IETF RateLimit header fields)', schema: { type: 'string' } },
        RateLimitPolicy: { description: 'The limit that applies: `"<policy>";q=<quota>;w=<window seconds>`', schema: { type: 'string' } },
        Location: { description: 'Where the browser goes next', schema: { type: 'string' } },
        ContentDisposition: { description: 'A download, with its file name: `attachment; filename="…"`', schema: { type: 'string' } },
      },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'An access token (JWT) from /v1/auth/login, or an API key `rst_…`' },
        streamTicket: {
          type: 'apiKey',
          in: 'query',
          name: 'ticket',
          description: 'A stream ticket from POST /v1/stream/tickets, for browsers, which cannot set headers on EventSource or WebSocket',
        },
      },
    },
  };
}

/**
 * Where clients reach this deployment (ROSTER_PUBLIC_URL). A loopback default says nothing to
 * anyone else: the document then names its own origin, the one it was fetched from.
 */
function serverOf(publicUrl: string | undefined): { url: string; description: string } {
  const host = publicUrl ? URL.parse(publicUrl)?.hostname : undefined;
  if (!publicUrl || !host || host === 'localhost' || host === '[::1]' || host.startsWith('127.')) {
    return { url: '/', description: 'The server this document was fetched from' };
  }
  return { url: publicUrl.replace(/\/$/, ''), description: 'This deployment (ROSTER_PUBLIC_URL)' };
}

function readsAsSchema(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  if (!Array.isArray(value) && 'type' in value && 'default' in value) return true;
  return Object.values(value).some(readsAsSchema);
}

/** An operation's description: its own words, who may call it, and the rules of its headers. */
function describe(o: { access: Access; text?: string; hasBody: boolean; ifMatch: boolean | 'optional' | undefined; paged: boolean }): string {
  return [
    o.text,
    accessLine(o.access),
    o.ifMatch === true ? 'Send If-Match with the ETag of a read: without it 428, stale 412.' : o.ifMatch ? 'If-Match with the ETag of a read is honoured: stale, 412.' : undefined,
    o.paged ? 'Paged: pass `nextCursor` back as `cursor` for the next page.' : undefined,
    o.hasBody ? 'Safe to retry with the same Idempotency-Key.' : undefined,
  ]
    .filter(Boolean)
    .join(' ');
}
