/**
 * Example values for the API document, made from the JSON Schemas it already holds, so
 * that every request body and reply shows one without anyone writing (and updating) them
 * by hand. A schema's own `examples` (from zod's `.meta`) win; otherwise a value is built
 * from its type, format, pattern and bounds: the required properties and a few optional
 * ones, arrays of one item, the first of an enum or union.
 */
type Json = Record<string, unknown>;

/** Optional properties shown besides the required ones: enough to show shape, not all. */
const optionalShown = 3;
const maxDepth = 6;

/** A ULID-like tail, 26 characters of the id alphabet; fixed so the document is stable. */
const idTail = '01jd8x3f6k2m9q4r7t5v0w1y2z';

/** Finds the schema a `$ref` names (the document's components). */
export type RefResolver = (ref: string) => unknown;

export function sampleOf(schema: unknown, resolve?: RefResolver, depth = 0): unknown {
  if (!schema || typeof schema !== 'object') return null;
  let s = schema as Json;
  // A `$ref` with siblings (a description) reads as the schema it names.
  if (typeof s.$ref === 'string' && resolve && depth < maxDepth * 2) {
    const { $ref, ...siblings } = s;
    s = { ...(resolve($ref) as Json | undefined), ...siblings };
  }
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  if ('example' in s) return s.example;
  if ('const' in s) return s.const;
  if ('default' in s && s.default !== undefined) return s.default;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  const variants = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(variants) && variants.length > 0) {
    // Prefer a variant that is not null: an example should show the value, not its absence.
    const shown = variants.find((v) => (v as Json).type !== 'null') ?? variants[0];
    return sampleOf(shown, resolve, depth);
  }
  if (Array.isArray(s.allOf) && s.allOf.length > 0) return sampleOf(s.allOf[0], resolve, depth);
  const type = Array.isArray(s.type) ? (s.type as string[]).find((t) => t !== 'null') : (s.type as string | undefined);
  switch (type) {
    case 'string':
      return stringOf(s);
    case 'integer':
      return numberOf(s, true);
    case 'number':
      return numberOf(s, false);
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return depth >= maxDepth ? [] : [sampleOf(s.items, resolve, depth + 1)].slice(0, Math.max(1, Number(s.minItems ?? 1)));
    case 'object':
    default:
      if (s.properties || type === 'object') return objectOf(s, depth, resolve);
      return null;
  }
}

function objectOf(s: Json, depth: number, resolve?: RefResolver): Json {
  const out: Json = {};
  if (depth >= maxDepth) return out;
  const props = (s.properties ?? {}) as Record<string, unknown>;
  const required = new Set((s.required ?? []) as string[]);
  let optional = 0;
  for (const [name, prop] of Object.entries(props)) {
    if (!required.has(name)) {
      if (optional >= optionalShown) continue;
      optional++;
    }
    out[name] = sampleOf(prop, resolve, depth + 1);
  }
  return out;
}

function stringOf(s: Json): string {
  switch (s.format) {
    case 'date':
      return '2026-01-15';
    case 'date-time':
      return '2026-01-15T09:30:00.000Z';
    case 'email':
      return 'ada.lovelace@example.com';
    case 'uri':
    case 'url':
      return 'https://example.com/hooks/roster';
    case 'uuid':
      return '3f0c8a52-6f1e-4b8e-9a57-2d3c4b5a6e7f';
  }
  const pattern = typeof s.pattern === 'string' ? s.pattern : undefined;
  const id = pattern?.match(/^\^([a-z]+)_\[0-9a-z\]\{26\}\$$/);
  if (id) return `${id[1]}_${idTail}`;
  if (pattern === '^[A-Z]{2}$') return 'DE';
  if (pattern === '^\\d{2}:\\d{2}$') return '09:00';
  const min = Number(s.minLength ?? 0);
  const max = Number(s.maxLength ?? 64);
  const text = 'Example';
  return text.length < min ? text.padEnd(min, 'x') : text.slice(0, Math.max(min, Math.min(max, text.length)));
}

function numberOf(s: Json, integer: boolean): number {
  const min = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + (integer ? 1 : 0.5) : undefined;
  const max = typeof s.maximum === 'number' ? s.maximum : typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum - (integer ? 1 : 0.5) : undefined;
  let n = min !== undefined && min > 1 ? min : 1;
  if (max !== undefined && n > max) n = max;
  return integer ? Math.round(n) : n;
}
