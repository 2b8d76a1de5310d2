import type { Hono } from 'hono';
import { getPath, getQueryParam } from 'hono/utils/url';
import type { MessageDef } from '../../actors/core/message';
import type { Principal } from '../../actors/core/principal';
import type { Logger } from '../log';
import type { ActorClient } from '../transport/actor-client';
import { metaFrom } from './call';
import { checkReplyOf } from './check-reply';
import type { AppEnv } from './env';
import { logRequest, type AccessLogOptions } from './middleware/access-log';
import { requestIdFrom } from './middleware/request-id';
import { securityHeaders } from './middleware/response-headers';
import { problemReply } from './problem';
import { setReplyHintHeaders } from './reply-headers';

export interface LeanReadOptions {
  app: Hono<AppEnv>;
  /** The message behind each route handler that mountMessageRoutes made. */
  routeMessages: ReadonlyMap<unknown, MessageDef>;
  /** The middlewares whose work this path does itself (request id, headers, access log, authentication). */
  reproduced: readonly unknown[];
  /** The principal of an Authorization header verified before (authenticate's cache). */
  known(header: string): Principal | undefined;
  client: ActorClient;
  timeoutMs: number;
  log: Logger;
  observe?: AccessLogOptions['observe'];
  checkReplies: boolean;
  requestIdMaxLength: number;
  headersStart: HeadersStart;
}

/**
 * How a reply's headers are started from the prepared ones: cloning a `Headers` costs 0.2 µs
 * on Bun (and is native on workerd), but 19 µs on Deno, whose copy walks the sorted iterator.
 * There, a new `Headers` given each header with `set` (as Hono builds them) is the cheapest
 * way to a Response (11 µs with the rest of the reply's headers, against 14 from pairs and 32
 * cloned). Cloned on Deno, the lean path was slower than Hono's: ×0.81 GET/s
 * (`BENCH_RUNTIME=deno bun bench/ab.ts`).
 */
export type HeadersStart = 'clone' | 'set';

/** A new `Headers` holding `pairs` on each call, made the way `how` says. */
export function headersStarter(pairs: [string, string][], how: HeadersStart): () => Headers {
  if (how === 'clone') {
    const base = new Headers(pairs);
    return () => new Headers(base);
  }
  return () => {
    const headers = new Headers();
    for (const [name, value] of pairs) headers.set(name, value);
    return headers;
  };
}

type RouteRecord = { path: string };
type Matched = [[[unknown, RouteRecord], Record<string, number>][], (string | undefined)[]];

/**
 * The hot read without Hono. A GET of a tenant message route by a caller whose token is
 * already verified is the request a busy HR client sends most (a profile, a list, a
 * balance), and it is answered from the actor's memory; around that answer Hono's context,
 * its middleware chain and header-by-header response building cost more than the actor's
 * work (a profile of a cached GET: Hono 21 %, Headers.set 9 %). Here the response starts
 * from one prepared set of headers (see HeadersStart), with the same steps the middlewares
 * take, through the same functions (request id, meta, reply hints, problem+json, access log).
 *
 * It answers only when it would give exactly what Hono gives: Hono's own router picks the
 * route (the first route that would run must be a message route, after every middleware this
 * path reproduces), the token must be one the authenticate middleware has already verified,
 * and the request must need nothing this path does not do (no Origin: CORS stays with Hono;
 * no percent-encoding: Hono decodes it). Anything else returns undefined, and Hono serves the
 * request. A test sends each kind of read both ways and compares the responses.
 */
export function leanReads(o: LeanReadOptions): (req: Request) => Promise<Response> | undefined {
  const reproduced = new Set(o.reproduced);
  const leanable = new Map([...o.routeMessages].filter(([, def]) => isLeanable(def)));
  const startHeaders = headersStarter([...securityHeaders, ['Cache-Control', 'no-store']] as [string, string][], o.headersStart);

  const serve = async (req: Request, path: string, route: string, def: MessageDef, input: Record<string, unknown>, principal: Principal & { tenantId: string }) => {
    const started = performance.now();
    const requestId = requestIdFrom(req.headers.get('x-request-id'), o.requestIdMaxLength);
    const headers = startHeaders();
    headers.set('X-Request-Id', requestId);
    let response: Response;
    try {
      const meta = metaFrom(req.headers, 'GET', requestId, principal, o.timeoutMs);
      const reply = await o.client.request({ kind: 'tenant', id: principal.tenantId }, { type: def.type, payload: input, meta });
      const output = reply.value;
      if (reply.hints) setReplyHintHeaders(reply.hints, undefined, (name, value) => (value === undefined ? headers.delete(name) : headers.set(name, value)));
      if (def.route!.etag) headers.set('ETag', def.route!.etag(output));
      if (def.route!.empty) response = new Response(null, { status: 204, headers });
      else {
        if (o.checkReplies) checkReplyOf(o.log, requestId, def.type, def.output, output);
        headers.set('Content-Type', 'application/json');
        response = new Response(JSON.stringify(output), { status: def.route!.statusOf?.(output) ?? def.route!.status ?? 200, headers });
      }
    } catch (err) {
      const problem = problemReply(err, path, requestId, o.log);
      for (const name in problem.headers) headers.set(name, problem.headers[name]!);
      response = new Response(problem.body, { status: problem.status, headers });
    }
    logRequest(o.log, o.observe, { requestId, method: 'GET', route, status: response.status, ms: performance.now() - started, tenant: principal.tenantId, principal });
    return response;
  };

  return (req) => {
    if (req.method !== 'GET' || req.url.includes('%')) return undefined;
    const authorization = req.headers.get('authorization');
    if (!authorization || req.headers.has('origin')) return undefined;
    const principal = o.known(authorization);
    if (!principal || (principal.kind !== 'user' && principal.kind !== 'apiKey')) return undefined;
    const path = getPath(req);
    const [handlers, stash] = o.app.router.match('GET', path) as unknown as Matched;
    let met = 0;
    for (const [[handler, route], params] of handlers) {
      if (reproduced.has(handler)) {
        met++;
        continue;
      }
      const def = leanable.get(handler);
      // Only where every reproduced middleware would have run first (authentication is /v1's).
      if (!def || met !== reproduced.size) return undefined;
      // As the message route builds it: the query string, then the path parameters over it.
      const input: Record<string, unknown> = { ...(getQueryParam(req.url) as Record<string, string>) };
      for (const name in params) {
        const value = stash[params[name]!];
        if (value !== undefined) input[name] = value;
      }
      return serve(req, path, route.path, def, input, principal);
    }
    return undefined;
  };
}

/** Message routes answered from the JSON of the reply, for a tenant the caller's token names. */
function isLeanable(def: MessageDef): boolean {
  const r = def.route;
  return !!r && r.method === 'GET' && !r.tenantOf && !r.binaryBody && !r.csvBody && !r.blobReply && !r.csvReply;
}
