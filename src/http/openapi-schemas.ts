import { z } from 'zod';
import type { EventDef } from '../../actors/core/event';

/**
 * The JSON Schemas of the API document, and its named component schemas. A resource is named
 * where its zod schema is declared (`.meta({ id: 'Employee' })`); zod then emits it once under
 * `$defs` and refers to it with `$ref`, and this book moves those definitions to
 * `components/schemas`, so a generated client gets one `Employee` type, not seven copies.
 *
 * A named schema can read differently as a request (`io: 'input'`: defaults make fields
 * optional) than as a reply. Its request reading is kept as `<Name>Input` only where it
 * differs; otherwise both directions share the one component.
 */
export type Json = Record<string, unknown>;

const refPrefix = '#/components/schemas/';

export class SchemaBook {
  readonly components: Record<string, Json> = {};
  private readonly inputs: Record<string, Json> = {};

  /** The JSON Schema of a zod schema, its named parts replaced by `$ref`s to components. */
  json(schema: z.ZodType, io: 'input' | 'output'): Json {
    const { $schema: _, $defs, ...root } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json & {
      $defs?: Record<string, Json>;
    };
    const suffix = io === 'input' ? 'Input' : '';
    const relink = (node: unknown) => rewriteRefs(node, (name) => `${refPrefix}${name}${suffix}`);
    for (const [name, def] of Object.entries($defs ?? {})) {
      const target = io === 'input' ? this.inputs : this.components;
      const linked = relink(def) as Json;
      const known = target[name];
      if (known && JSON.stringify(known) !== JSON.stringify(linked)) throw new Error(`Two different schemas are named ${name}`);
      target[name] = linked;
    }
    return relink(root) as Json;
  }

  /** The schema a `$ref` of this book names (before `settle`, a request reading as `<Name>Input`). */
  readonly resolve = (ref: string): Json | undefined => {
    const name = ref.startsWith(refPrefix) ? ref.slice(refPrefix.length) : ref;
    return this.components[name] ?? (name.endsWith('Input') ? this.inputs[name.slice(0, -'Input'.length)] : undefined);
  };

  /** A `$ref` to a component added by hand. */
  add(name: string, schema: Json): Json {
    this.components[name] = schema;
    return { $ref: `${refPrefix}${name}` };
  }

  /**
   * Settles the request readings: one that reads like its reply is dropped for the reply's
   * component, one with no reply counterpart takes the plain name. Returns the rename to
   * apply to every `$ref` in the document.
   */
  settle(): (node: unknown) => unknown {
    const rename = new Map<string, string>();
    for (const name of Object.keys(this.inputs)) rename.set(`${name}Input`, this.components[name] ? `${name}Input` : name);
    const apply = (node: unknown) => rewriteRefs(node, (name) => `${refPrefix}${rename.get(name) ?? name}`, refPrefix);
    // Shared unless the reading differs (compared after renaming, so nested names agree).
    let changed = true;
    while (changed) {
      changed = false;
      for (const name of Object.keys(this.inputs)) {
        if (rename.get(`${name}Input`) === name) continue;
        if (JSON.stringify(apply(this.inputs[name])) === JSON.stringify(apply(this.components[name]))) {
          rename.set(`${name}Input`, name);
          changed = true;
        }
      }
    }
    for (const [name, schema] of Object.entries(this.inputs)) {
      const target = rename.get(`${name}Input`)!;
      if (target !== name) this.components[target] = schema;
      else if (!this.components[name]) this.components[name] = schema;
    }
    for (const [name, schema] of Object.entries(this.components)) this.components[name] = apply(schema) as Json;
    return apply;
  }
}

/** Rewrites every `$ref` under `from` (zod's `#/$defs/`, or a prefix given) with `to(name)`. */
function rewriteRefs(node: unknown, to: (name: string) => string, from = '#/$defs/'): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, to, from));
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith(from) ? to(v.slice(from.length)) : rewriteRefs(v, to, from);
  }
  return out;
}

/** `employee.created` → `EmployeeCreated`. */
export const pascalOf = (type: string) => type.replace(/(^|[._-])([a-z])/g, (_, _sep: string, ch: string) => ch.toUpperCase());

/**
 * The events clients receive, typed per event type: `Event` is one of `<Type>Event`, told
 * apart by `type` (a discriminator generators understand), each with the `data` its
 * declaration gives, as a `<Type>Data` component that the webhook payloads share.
 */
export function addEventSchemas(book: SchemaBook, events: readonly EventDef[]): void {
  const base = book.components.Event as { properties: Record<string, Json>; required: string[] } | undefined;
  if (!base) throw new Error('The Event schema (actors/push/event-log.ts) is not in the document');
  const mapping: Record<string, string> = {};
  for (const e of events) {
    const name = pascalOf(e.type);
    // Read as zod reads it (`input`): an event's data is written as its handler built it, not
    // stripped by zod, so an object that is not strict may carry more than it declares.
    const data = book.add(`${name}Data`, { ...book.json(e.data, 'input'), description: `${e.summary} (version ${e.version})` });
    mapping[e.type] = book.add(`${name}Event`, {
      type: 'object',
      description: e.summary,
      properties: { ...base.properties, type: { type: 'string', const: e.type }, data },
      required: base.required,
      additionalProperties: false,
    }).$ref as string;
  }
  book.components.Event = {
    description: 'A committed event of the company, as the event log, /v1/stream and /v1/ws deliver it; `data` is as its `type` declares.',
    oneOf: Object.values(mapping).map(($ref) => ({ $ref })),
    discriminator: { propertyName: 'type', mapping },
  };
}
