import { r2BlobStore } from '../../storage/blobs/r2-blobs';
import type { Hono } from 'hono';
import type { Address } from '../../../actors/core/kind';
import { AppError, unauthenticated } from '../../../actors/core/errors';
import { resumePointOf } from '../../http/resume-point';
import { accessTokens, parseKeyRing } from '../../auth/access-tokens';
import { loadConfig } from '../../config';
import { scryptHasher } from '../../crypto/scrypt-passwords';
import type { createApp } from '../../http/app';
import type { CallOptions } from '../../http/call';
import type { AppEnv } from '../../http/env';
import { streamPrincipal, assertSocketOrigin } from '../../http/routes/stream';
import { createLogger, useSink } from '../../log';
import { actorClient, type ActorClient } from '../../transport/actor-client';
import { decode, unwrap, type WireReply } from '../../transport/wire';
import { createEdge } from '../edge';
import { actorKind } from '../kinds';
import { configEnv } from './env';
import type { DurableObjectNamespace, Env } from './platform';

export { DirectoryActor, TenantActor } from './actor-object';

useSink((text) => console.log(text.trimEnd()));

/** Each actor kind has its namespace, bound under the kind's name in capitals (wrangler.toml). */
function stubOf(env: Env, address: Address) {
  if (!actorKind(address.kind)) throw new AppError(404, 'unknown_actor_kind', `No actor kind ${address.kind}.`);
  const ns = env[address.kind.toUpperCase()] as DurableObjectNamespace;
  return ns.get(ns.idFromName(address.id));
}

/** Actor calls go to the actor's Durable Object; errors come back as AppError. */
function durableObjectClient(env: Env): ActorClient {
  return actorClient(async (address, envelope) => {
      const res = await stubOf(env, address).fetch(
        new Request('https://actor/call', {
          method: 'POST',
          headers: { 'x-roster-address': JSON.stringify(address), 'content-type': 'application/json' },
          body: JSON.stringify(envelope),
        }),
      );
      return unwrap(decode<WireReply>(new Uint8Array(await res.arrayBuffer())));
  });
}

/** Push on Workers: the tenant's Durable Object holds the stream or the (hibernatable) socket. */
function mountDurablePush(env: Env) {
  return (app: Hono<AppEnv>, call: CallOptions) => {
    const forward = (path: string) =>
      app.get(path, async (c) => {
        const since = resumePointOf(c, path !== '/v1/ws');
        const principal = await streamPrincipal(c, call);
        if (principal.kind !== 'user' && principal.kind !== 'apiKey') throw unauthenticated();
        if (path === '/v1/ws') await assertSocketOrigin(c, call, principal);
        const address = { kind: 'tenant', id: principal.tenantId };
        const url = `https://actor${path === '/v1/ws' ? '/ws' : '/stream'}${since ? `?since=${encodeURIComponent(since)}` : ''}`;
        const headers = new Headers(c.req.raw.headers);
        headers.set('x-roster-address', JSON.stringify(address));
        headers.set('x-roster-principal', JSON.stringify(principal));
        headers.set('x-request-id', c.get('requestId'));
        return stubOf(env, address).fetch(new Request(url, { headers }));
      });
    forward('/v1/stream');
    forward('/v1/ws');
  };
}

let app: ReturnType<typeof createApp> | undefined;

function build(env: Env) {
  const config = loadConfig(configEnv(env));
  if (!config.ROSTER_JWT_KEYS) throw new Error('ROSTER_JWT_KEYS is not set: `wrangler secret put ROSTER_JWT_KEYS` (or .dev.vars locally)');
  return createEdge(config, {
    client: durableObjectClient(env),
    mountPush: mountDurablePush(env),
    tokens: accessTokens(parseKeyRing(config.ROSTER_JWT_KEYS), config.ROSTER_ACCESS_TOKEN_TTL),
    passwords: scryptHasher(config.ROSTER_SCRYPT_LOG_N),
    log: createLogger(config.ROSTER_LOG, { runtime: 'workers' }),
    ...(env.DOCUMENTS ? { documents: { blobs: r2BlobStore(env.DOCUMENTS), maxBytes: config.ROSTER_DOCUMENT_MAX_BYTES } } : {}),
  });
}

/** The Worker: the same Hono app as every other mode, one Durable Object per tenant behind it. */
export default {
  fetch(request: Request, env: Env, ctx: unknown): Response | Promise<Response> {
    app ??= build(env);
    return app.fetch(request, env, ctx as never);
  },
};
