/**
 * Reading an OpenAPI 3.1 document as a client generator would: its operations with their
 * parameters, body and replies, every local `$ref` followed. Nothing here knows Roster.
 */
export type Schema = Record<string, any>;
export type Doc = { paths: Record<string, Record<string, any>>; components?: Record<string, any> } & Record<string, any>;

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  /** `METHOD /path/{param}`, as the document writes it. */
  key: string;
  method: string;
  path: string;
  operationId: string;
  isPublic: boolean;
  parameters: Parameter[];
  /** The request body's media types and their schemas; absent when the operation takes none. */
  body?: { required: boolean; content: Record<string, Schema> };
  /** The documented replies by status (`200`, `4XX`, `default`), their `$ref`s followed. */
  responses: Record<string, Schema>;
}

const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/** The object a local `$ref` (`#/components/…`) points at. */
export function resolveRef(doc: Doc, ref: string): any {
  if (!ref.startsWith('#/')) throw new Error(`not a local reference: ${ref}`);
  return ref
    .slice(2)
    .split('/')
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((o: any, k) => (o === undefined ? undefined : o[k]), doc);
}

/** An object that may be a `$ref`, followed until it is not (its own keys kept over the target's); what is inside stays as it is. */
function resolveTop(doc: Doc, value: Schema): Schema {
  let out = value;
  for (let i = 0; i < 8 && typeof out.$ref === 'string'; i++) {
    const { $ref, ...rest } = out;
    out = { ...resolveRef(doc, $ref), ...rest };
  }
  return out;
}

/** A value with `$ref` objects replaced by their targets, `depth` levels deep (recursive schemas stop there). */
export function deref<T>(doc: Doc, value: T, depth = 12): T {
  if (Array.isArray(value)) return value.map((v) => deref(doc, v, depth)) as T;
  if (value === null || typeof value !== 'object') return value;
  const o = value as Record<string, any>;
  if (typeof o.$ref === 'string') {
    if (depth === 0) return {} as T;
    const { $ref, ...rest } = o;
    return deref(doc, { ...resolveRef(doc, $ref), ...rest }, depth - 1);
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, deref(doc, v, depth)])) as T;
}

export function operationsOf(doc: Doc): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const shared = (item.parameters ?? []) as unknown[];
    for (const method of methods) {
      const op = item[method];
      if (!op) continue;
      const parameters = deref(doc, [...shared, ...(op.parameters ?? [])]).map((p: any) => ({ ...p, required: p.required ?? false, schema: p.schema ?? {} }));
      const body = op.requestBody ? deref(doc, op.requestBody) : undefined;
      out.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        operationId: op.operationId,
        isPublic: Array.isArray(op.security) ? op.security.length === 0 : (doc.security ?? []).length === 0,
        parameters,
        body: body ? { required: body.required ?? false, content: Object.fromEntries(Object.entries(body.content ?? {}).map(([t, m]: [string, any]) => [t, m.schema ?? {}])) } : undefined,
        responses: Object.fromEntries(Object.entries(op.responses ?? {}).map(([s, r]) => [s, resolveTop(doc, r as Schema)])),
      });
    }
  }
  return out;
}

/** The documented reply for a status: exact (`404`), then its class (`4XX`), then `default`. */
export function responseFor(op: Operation, status: number): Schema | undefined {
  return op.responses[String(status)] ?? op.responses[`${String(status)[0]}XX`] ?? op.responses.default;
}

/**
 * The problem codes the document names for a reply: an `enum`/`const` on the problem's
 * `code`, the codes of its examples, and the ones quoted (`like_this`) in its description.
 */
export function documentedCodes(doc: Doc, response: Schema): Set<string> {
  const codes = new Set<string>();
  const add = (v: unknown) => typeof v === 'string' && codes.add(v);
  for (const m of String(response.description ?? '').matchAll(/`([a-z][a-z0-9_]*)`/g)) add(m[1]);
  for (const media of Object.values((response.content ?? {}) as Record<string, any>)) {
    const schema = deref(doc, media.schema ?? {}, 4);
    const branches = [schema, ...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])];
    for (const s of branches) {
      const code = s?.properties?.code;
      if (code?.const !== undefined) add(code.const);
      for (const v of code?.enum ?? []) add(v);
    }
    add(media.example?.code);
    for (const e of Object.values((media.examples ?? {}) as Record<string, any>)) add(deref(doc, e, 2)?.value?.code);
  }
  return codes;
}
