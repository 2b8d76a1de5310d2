import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { deref, documentedCodes, responseFor, type Doc, type Operation, type Schema } from './openapi-document';

/** One way a reply differs from its operation's description. */
export interface Mismatch {
  class: string;
  /** What differs, the same on every run (`404 not_found`, `200 etag`): a known gap is named by it. */
  what: string;
  detail: string;
}

/**
 * Headers an API client reads, so the document must declare each on the replies that carry it.
 * (Transport headers like Content-Length, and the security headers every reply has, are not.)
 */
const apiHeaders = ['etag', 'location', 'retry-after', 'ratelimit', 'ratelimit-policy', 'allow', 'x-request-id', 'www-authenticate'];

/** A reply as received: its status, headers and body text. */
export interface Received {
  status: number;
  headers: Headers;
  text: string;
}

/** Checks replies against a document: status, media type, body schema, headers, problem code. */
export class ReplyChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
  private readonly compiled = new Map<object, ValidateFunction>();
  constructor(private readonly doc: Doc) {
    addFormats(this.ajv);
    this.ajv.addFormat('binary', true);
  }

  private validator(schema: Schema): ValidateFunction {
    let fn = this.compiled.get(schema);
    if (!fn) {
      fn = this.ajv.compile(deref(this.doc, schema));
      this.compiled.set(schema, fn);
    }
    return fn;
  }

  check(op: Operation, reply: Received): Mismatch[] {
    const out: Mismatch[] = [];
    const documented = responseFor(op, reply.status);
    if (reply.status >= 500) out.push({ class: '5xx reply', what: `${reply.status}`, detail: `${reply.status} ${reply.text.slice(0, 300)}` });
    if (!documented) {
      out.push({ class: 'undocumented status', what: `${reply.status}`, detail: `${reply.status} (documented: ${Object.keys(op.responses).join(', ')}) ${reply.text.slice(0, 200)}` });
      return out;
    }
    const type = (reply.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const content = (documented.content ?? {}) as Record<string, Schema>;
    const mediaTypes = Object.keys(content);
    if (mediaTypes.length === 0) {
      if (reply.text.length > 0) out.push({ class: 'undocumented body', what: `${reply.status}`, detail: `${reply.status} ${type}: the document gives this reply no content` });
    } else {
      const media = mediaTypes.find((m) => m === type || (m.endsWith('/*') && type.startsWith(m.slice(0, -1))) || m === '*/*');
      if (!media) out.push({ class: 'undocumented media type', what: `${reply.status} ${type || '(none)'}`, detail: `${reply.status} ${type || '(none)'} (documented: ${mediaTypes.join(', ')})` });
      else if (/json/.test(media) && content[media]!.schema) {
        let body: unknown;
        try {
          body = JSON.parse(reply.text);
        } catch {
          out.push({ class: 'body not JSON', what: `${reply.status}`, detail: `${reply.status} ${reply.text.slice(0, 120)}` });
        }
        if (body !== undefined) {
          const validate = this.validator(content[media]!.schema);
          if (!validate(body)) out.push({ class: 'body outside its schema', what: `${reply.status}`, detail: `${reply.status} ${this.ajv.errorsText(validate.errors?.slice(0, 4), { dataVar: 'body' })}` });
          const code = (body as { code?: unknown })?.code;
          if (type === 'application/problem+json' && typeof code === 'string' && !documentedCodes(this.doc, documented).has(code)) {
            out.push({ class: 'undocumented problem code', what: `${reply.status} ${code}`, detail: `${reply.status} ${code}` });
          }
        }
      }
    }
    const declared = Object.fromEntries(Object.entries((documented.headers ?? {}) as Record<string, Schema>).map(([k, v]) => [k.toLowerCase(), deref(this.doc, v)]));
    for (const [name, header] of Object.entries(declared)) {
      const value = reply.headers.get(name);
      if (value === null) {
        if (header.required) out.push({ class: 'required header missing', what: `${reply.status} ${name}`, detail: `${reply.status} ${name}` });
        continue;
      }
      if (header.schema && !this.ajv.validate({ type: 'object', properties: { v: deref(this.doc, header.schema) } }, { v: coerced(value, header.schema) })) {
        out.push({ class: 'header outside its schema', what: `${reply.status} ${name}`, detail: `${reply.status} ${name}: ${value}` });
      }
    }
    for (const name of apiHeaders) {
      if (reply.headers.has(name) && !(name in declared)) out.push({ class: 'undocumented header', what: name, detail: `${reply.status} ${name}` });
    }
    return out;
  }
}

/** A header's text as the type its schema names (`Retry-After: 30` is an integer). */
function coerced(value: string, schema: Schema): unknown {
  const type = schema.type;
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return value;
}
