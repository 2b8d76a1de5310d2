import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { createGeneratorSync } from 'json-schema-faker';
import { deref, type Doc, type Operation, type Schema } from './openapi-document';

/**
 * Requests made from an operation's description alone: valid ones generated from its schemas
 * by json-schema-faker (seeded, so a run is repeatable), and invalid ones made by breaking one
 * rule of one field of a valid request (a wrong type, a missing required field, a value out of
 * range, a bad format, an unknown field where `additionalProperties` is false). Each invalid
 * request is checked against the document first: only one the document itself refuses is sent.
 */
export interface Case {
  kind: 'valid' | 'invalid';
  /** What was broken, for the report: `wrong type: body.hireDate`. */
  label: string;
  /** The field a refusal must name (`hireDate`, `owner.email`, `limit`, `Idempotency-Key`). */
  field?: string;
  /** Set when the refusal is the media type's, not a field's: the status it must be. */
  status?: number;
  method: string;
  path: string;
  /** The values the path's template was filled with. */
  pathParams: Record<string, unknown>;
  query: [string, string][];
  headers: Record<string, string>;
  /** `If-Match`: the resource's current ETag (read just before sending), or none at all. */
  ifMatch?: 'current' | 'absent';
  body?: { contentType: string; data: string | Uint8Array };
}

/** Known values for the generator: ids by their prefix (`emp`), and values by parameter name. */
export interface Pools {
  ids: Map<string, string[]>;
  byName: Map<string, string[]>;
}

const idPattern = /^\^([a-z]+)_\[0-9a-z\]\{26\}\$$/;

/**
 * Addresses the server would call (webhook endpoints, an identity provider's issuer): always
 * a closed port on loopback, so that no generated request makes the server reach off this machine.
 */
export const loopbackUrls = ['http://127.0.0.1:9/hooks/roster', 'https://127.0.0.1:9/realms/roster'];
const callsOut = /^(url|issuer|endpoint|webhookUrl|callbackUrl|redirectUri)$/i;

const day = 86_400_000;
/**
 * Dates and instants near today (a period of random years is almost always refused as too
 * long or backwards, and would leave the accepting side of those operations untried).
 */
const nearDates = [-20, -7, -1, 0, 3, 10, 30, 45].map((d) => new Date(Date.now() + d * day).toISOString().slice(0, 10));
const recentInstants = [-30, -3, -1, -0.1].map((d) => new Date(Date.now() + d * day).toISOString());

/** The schema with every id field narrowed to the ids that exist (so references resolve), and every outbound address to loopback. */
function withPools(schema: unknown, pools: Pools): any {
  if (Array.isArray(schema)) return schema.map((s) => withPools(s, pools));
  if (schema === null || typeof schema !== 'object') return schema;
  const s = schema as Schema;
  if (s.format === 'uri' || s.format === 'url') return { type: 'string', enum: loopbackUrls };
  if (s.format === 'date' && s.type === 'string') return { type: 'string', enum: nearDates };
  if (s.format === 'date-time' && s.type === 'string') return { type: 'string', enum: recentInstants };
  const prefix = typeof s.pattern === 'string' ? idPattern.exec(s.pattern)?.[1] : undefined;
  const known = prefix ? pools.ids.get(prefix) : undefined;
  if (known?.length) return { type: 'string', enum: known };
  const property = (name: string, ps: unknown) => (callsOut.test(name) ? { type: 'string', enum: loopbackUrls } : withPools(ps, pools));
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, k === 'properties' ? Object.fromEntries(Object.entries(v as Schema).map(([p, ps]) => [p, property(p, ps)])) : withPools(v, pools)]));
}

const validator = new Ajv2020({ strict: false, allErrors: false, logger: false });
addFormats(validator);
const coercing = new Ajv2020({ strict: false, coerceTypes: 'array', logger: false });
addFormats(coercing);
const compiled = new WeakMap<object, (v: unknown) => boolean>();
function valid(schema: Schema, value: unknown, coerce = false): boolean {
  if (coerce) return coercing.validate(schema, structuredClone(value)) as boolean;
  let fn = compiled.get(schema);
  if (!fn) {
    const v = validator.compile(schema);
    fn = (x) => v(x) as boolean;
    compiled.set(schema, fn);
  }
  return fn(value);
}

/** A query value as a form field: arrays repeat the name (`style: form, explode: true`). */
function queryPairs(name: string, value: unknown): [string, string][] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((v) => queryPairs(name, v));
  if (typeof value === 'object') return [[name, JSON.stringify(value)]];
  return [[name, String(value)]];
}

/** A minimal file of a media type, its magic bytes right (the server sniffs uploads). */
function fileOf(contentType: string, n: number): Uint8Array {
  const text = (s: string) => new TextEncoder().encode(s);
  if (contentType === 'application/pdf') return text(`%PDF-1.4\n1 0 obj<<>>endobj\n% case ${n}\ntrailer<<>>\n%%EOF\n`);
  if (contentType === 'image/png') return new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, n & 0xff]);
  return text(`case ${n}`);
}

/** A CSV the import takes: the document says only "a CSV file with a header row". */
function csvOf(n: number): string {
  return `externalId,firstName,lastName,workEmail,hireDate\nC-${n},Ada,Lovelace${n},ada.${n}.${Date.now().toString(36)}@import.test,2020-01-01\n`;
}

function fill(path: string, params: Record<string, unknown>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(params[name])));
}

export class CaseMaker {
  private readonly gen;
  private n = 0;
  constructor(private readonly doc: Doc, seed: number, private readonly pools: Pools) {
    // Strings up to 64 characters: the limits themselves are tried by the invalid cases, and a
    // password of hundreds of characters costs the strength check more than the whole request.
    this.gen = createGeneratorSync({ seed, optionalsProbability: 0.5, maxDefaultItems: 2, maxLength: 64, maxItems: 4 });
  }

  private sample(schema: Schema): unknown {
    return this.gen.generate(withPools(deref(this.doc, schema), this.pools) as never);
  }

  /** Parameters of one place (path, query, header) as one object schema, so that optional ones come and go. */
  private params(op: Operation, where: 'path' | 'query' | 'header'): Record<string, unknown> {
    const list = op.parameters.filter((p) => p.in === where);
    const out: Record<string, unknown> = {};
    for (const p of list) {
      const named = this.pools.byName.get(p.name);
      if (named?.length && (where === 'path' || this.n % 2 === 0)) out[p.name] = named[this.n % named.length];
    }
    const rest = list.filter((p) => !(p.name in out));
    const generated = rest.length
      ? (this.sample({ type: 'object', properties: Object.fromEntries(rest.map((p) => [p.name, p.schema])), required: rest.filter((p) => p.required).map((p) => p.name) }) as Record<string, unknown>)
      : {};
    return { ...generated, ...out };
  }

  /** One valid request, every value generated from the document (ids from the pools). */
  valid(op: Operation): Case {
    this.n++;
    const path = this.params(op, 'path');
    const query = this.params(op, 'query');
    // An ETag cannot be generated: a valid request sends the one the resource has now.
    const { 'If-Match': _, ...headers } = Object.fromEntries(Object.entries(this.params(op, 'header')).map(([k, v]) => [k, String(v)]));
    const c: Case = { kind: 'valid', label: 'valid', method: op.method, path: fill(op.path, path), pathParams: path, query: Object.entries(query).flatMap(([k, v]) => queryPairs(k, v)), headers };
    if (op.parameters.some((p) => p.in === 'header' && p.name === 'If-Match')) c.ifMatch = 'current';
    // A body the document calls optional is left out every other time: no body at all must do.
    if (op.body && !op.body.required && this.n % 2 === 0) c.label = 'valid: no body';
    else if (op.body) {
      const [contentType, schema] = Object.entries(op.body.content)[0]!;
      if (/json/.test(contentType)) c.body = { contentType, data: JSON.stringify(this.sample(schema)) };
      else if (contentType === 'text/csv') c.body = { contentType, data: csvOf(this.n) };
      else c.body = { contentType, data: fileOf(contentType, this.n) };
    }
    return c;
  }

  /** Requests that each break one rule the document states, made from a valid one. */
  invalid(op: Operation): Case[] {
    const base = this.valid(op);
    const out: Case[] = [];
    const variant = (label: string, field: string | undefined, change: (c: Case) => void, status?: number) => {
      const c: Case = { ...structuredClone(base), kind: 'invalid', label, field, status };
      change(c);
      out.push(c);
    };

    const ifMatch = op.parameters.find((p) => p.in === 'header' && p.name === 'If-Match');
    // RFC 6585: a missing required precondition is 428, not a field error.
    if (ifMatch?.required) variant('missing required: header.If-Match', undefined, (c) => (c.ifMatch = 'absent'), 428);
    for (const p of op.parameters.filter((x) => x.in === 'query' || (x.in === 'header' && x.name !== 'If-Match'))) {
      const schema = deref(this.doc, p.schema);
      const set = (c: Case, value: string | undefined) => {
        if (p.in === 'header') {
          if (value === undefined) delete c.headers[p.name];
          else c.headers[p.name] = value;
        } else {
          c.query = c.query.filter(([k]) => k !== p.name);
          if (value !== undefined) c.query.push([p.name, value]);
        }
      };
      if (p.required) variant(`missing required: ${p.in}.${p.name}`, p.name, (c) => set(c, undefined));
      for (const [rule, value] of breakersOf(schema, p.in === 'header')) {
        if (typeof value === 'object' && value !== null) continue;
        if (valid({ type: 'object', properties: { v: schema } }, { v: String(value) }, true)) continue;
        variant(`${rule}: ${p.in}.${p.name}`, p.name, (c) => set(c, String(value)));
      }
    }

    for (const p of op.parameters.filter((x) => x.in === 'path')) {
      const schema = deref(this.doc, p.schema);
      if (schema.pattern && !new RegExp(schema.pattern, 'u').test('not-an-id')) {
        variant(`bad pattern: path.${p.name}`, p.name, (c) => (c.path = fill(op.path, { ...base.pathParams, [p.name]: 'not-an-id' })));
      }
    }

    if (base.body && /json/.test(base.body.contentType)) {
      const schema = deref(this.doc, Object.values(op.body!.content)[0]!);
      const body = JSON.parse(base.body.data as string);
      const send = (c: Case, value: unknown) => (c.body = { contentType: base.body!.contentType, data: JSON.stringify(value) });
      for (const m of bodyBreaks(schema, body)) {
        if (valid(schema, m.body)) continue; // the document takes it: not an invalid input
        variant(`${m.rule}: body.${m.field}`, m.field, (c) => send(c, m.body));
      }
      variant('malformed JSON: body', undefined, (c) => (c.body = { contentType: base.body!.contentType, data: '{"unterminated": ' }), 400);
    }
    if (base.body) variant('unsupported media type: body', undefined, (c) => (c.body = { contentType: 'application/x-www-form-urlencoded', data: 'a=1' }), 415);
    return out;
  }
}

/**
 * Values that break one rule of a schema, each with the rule's name. A header's must still be
 * a sendable header value (no control characters, which the HTTP layer drops before any route).
 */
function breakersOf(schema: Schema, header = false): [string, unknown][] {
  const out: [string, unknown][] = [];
  const types = new Set<string>([schema.type, ...(schema.anyOf ?? []).map((s: Schema) => s.type), ...(schema.oneOf ?? []).map((s: Schema) => s.type)].flat().filter(Boolean));
  if (types.size && !types.has('string')) out.push(['wrong type', 'not-a-number']);
  else if (types.size && !types.has('number') && !types.has('integer')) out.push(['wrong type', 12345]);
  if (types.size && !types.has('object')) out.push(['wrong type', { nested: true }]);
  if (typeof schema.minLength === 'number' && schema.minLength > 0) out.push(['too short', ''.padEnd(schema.minLength - 1, 'x')]);
  if (typeof schema.maxLength === 'number') out.push(['too long', ''.padEnd(schema.maxLength + 1, 'x')]);
  if (typeof schema.minimum === 'number') out.push(['below minimum', schema.minimum - 1]);
  if (typeof schema.maximum === 'number') out.push(['above maximum', schema.maximum + 1]);
  if (typeof schema.exclusiveMinimum === 'number') out.push(['below minimum', schema.exclusiveMinimum]);
  if (typeof schema.exclusiveMaximum === 'number') out.push(['above maximum', schema.exclusiveMaximum]);
  if (typeof schema.minItems === 'number' && schema.minItems > 0) out.push(['too few items', []]);
  if (Array.isArray(schema.enum)) out.push(['not in enum', 'not_a_listed_value']);
  const formats: Record<string, string> = { date: '2024-13-45', 'date-time': 'yesterday at noon', email: 'not-an-email', uri: 'not a uri', uuid: 'not-a-uuid', time: '25:61' };
  if (schema.format && formats[schema.format]) out.push(['bad format', formats[schema.format]]);
  else if (schema.pattern) out.push(['bad pattern', header ? 'no match; not this ~ [value]' : '\u0001 no match \u0001']);
  return out;
}

interface BodyBreak {
  rule: string;
  field: string;
  body: unknown;
}

/** Each rule of a JSON body broken once, two levels deep (`owner.email`, `tasks.0.title`). */
function bodyBreaks(schema: Schema, body: unknown, depth = 0): BodyBreak[] {
  const out: BodyBreak[] = [];
  const branch = schema.properties ? schema : (schema.oneOf ?? schema.anyOf ?? []).find((s: Schema) => s.properties && valid(s, body));
  if (!branch?.properties || body === null || typeof body !== 'object' || Array.isArray(body)) return out;
  const obj = body as Record<string, unknown>;
  const replaced = (key: string, value: unknown) => ({ ...obj, [key]: value });
  for (const key of branch.required ?? []) {
    const { [key]: _, ...rest } = obj;
    out.push({ rule: 'missing required', field: key, body: rest });
  }
  if (branch.additionalProperties === false) out.push({ rule: 'unknown field', field: 'unexpectedField', body: { ...obj, unexpectedField: 1 } });
  for (const [key, prop] of Object.entries(branch.properties as Record<string, Schema>)) {
    for (const [rule, value] of breakersOf(prop)) out.push({ rule, field: key, body: replaced(key, value) });
    if (depth >= 1) continue;
    const inner = obj[key];
    if (inner && typeof inner === 'object' && !Array.isArray(inner)) {
      for (const b of bodyBreaks(prop, inner, depth + 1)) out.push({ ...b, field: `${key}.${b.field}`, body: replaced(key, b.body) });
    } else if (Array.isArray(inner) && inner.length && prop.items) {
      for (const b of bodyBreaks(prop.items, inner[0], depth + 1)) out.push({ ...b, field: `${key}.0.${b.field}`, body: replaced(key, [b.body, ...inner.slice(1)]) });
    }
  }
  return out;
}
