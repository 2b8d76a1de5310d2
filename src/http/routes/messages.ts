import type { Context, Hono } from 'hono';
import type { MessageDef } from '../../../actors/core/message';
import { AppError, fieldErrors, invalid, unauthenticated } from '../../../actors/core/errors';
import { callActor, type CallOptions } from '../call';
import type { AppEnv } from '../env';
import { readJsonObject } from '../json-body';
import { checkReply } from '../check-reply';
import { knownTenant } from '../tenant-gate';
import { blobResponse, storeUpload, type DocumentEdge } from './binary-body';

/**
 * Serves every tenant message that declares a route. The input is the JSON body (or the
 * query string for GET and DELETE) with the path parameters merged in; the actor
 * validates it against the message's schema, so there is one source of truth per shape.
 */
export function mountMessageRoutes(app: Hono<AppEnv>, messages: readonly MessageDef[], options: CallOptions & { checkReplies?: boolean; documents?: DocumentEdge }): Map<unknown, MessageDef> {
  const handlers = new Map<unknown, MessageDef>();
  for (const def of messages) {
    const route = def.route;
    if (!route) continue;
    const handler = async (c: Context<AppEnv>) => {
      const fromBody = route.method === 'POST' || route.method === 'PATCH' || route.method === 'PUT';
      const body = route.binaryBody
        ? { ...c.req.query(), file: await storeUpload(c, options.documents, await resolveTenant(c, undefined, undefined, options), def.type) }
        : route.csvBody
          ? { ...c.req.query(), csv: await readCsv(c) }
          : fromBody
            ? await readJsonObject(c)
            : c.req.query();
      const input = { ...body, ...c.req.param() };
      // A route that names its tenant in a token: the body is checked before the token is
      // followed, so a bad body gets its 400 whatever the token (the actor checks again).
      if (route.tenantOf) {
        const checked = def.input.safeParse(input);
        if (!checked.success) throw invalid('The request is not valid.', fieldErrors(checked.error));
      }
      // Most routes name no tenant of their own: then it is known at once, with no wait.
      const resolved = resolveTenant(c, route.tenantOf, input, options);
      const tenant = typeof resolved === 'string' ? resolved : await resolved;
      const output = await callActor(c, options, { kind: 'tenant', id: tenant }, def.type, input);
      if (route.etag) c.header('ETag', route.etag(output));
      if (route.empty) return c.body(null, 204);
      if (route.blobReply) return blobResponse(c, options.documents, tenant, output as { key: string; contentType: string; name: string });
      if (route.csvReply) {
        return c.body(output as string, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${route.csvReply}"` });
      }
      if (options.checkReplies) checkReply(c, def.type, def.output, output);
      return c.json(output as object, (route.statusOf?.(output) ?? route.status ?? 200) as 200);
    };
    app.on(route.method, route.path, handler);
    handlers.set(handler, def);
  }
  // Each handler's message, for the lean read path (lean-reads.ts).
  return handlers;
}

async function readCsv(c: Context<AppEnv>): Promise<string> {
  if (!/^text\/csv\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
    throw new AppError(415, 'unsupported_media_type', 'Send the file as text/csv.');
  }
  return c.req.text();
}

function resolveTenant(
  c: Context<AppEnv>,
  tenantOf: ((input: unknown) => string | undefined) | undefined,
  input: unknown,
  options: CallOptions,
): string | Promise<string> {
  if (!tenantOf) {
    const principal = c.get('principal');
    if (principal.kind !== 'user' && principal.kind !== 'apiKey') throw unauthenticated();
    return principal.tenantId;
  }
  return tenantNamedBy(c, tenantOf, input, options);
}

/** A public route names its tenant in a token; only a tenant the directory knows is woken. */
function tenantNamedBy(c: Context<AppEnv>, tenantOf: (input: unknown) => string | undefined, input: unknown, options: CallOptions): Promise<string> {
  return knownTenant(c, options, tenantOf(input), () => new AppError(410, 'token_invalid', 'This token is unknown, used or expired.'));
}
