import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { AppError } from '../../actors/core/errors';
import type { MessageDef } from '../../actors/core/message';
import type { PasswordHasher } from '../../actors/identity/passwords';
import type { AccessTokens } from '../auth/access-tokens';
import type { Logger } from '../log';
import type { ActorClient } from '../transport/actor-client';
import type { AppEnv } from './env';
import { accessLog } from './middleware/access-log';
import { authenticate } from './middleware/authenticate';
import { ApiKeyCache } from './middleware/authenticate/api-key-cache';
import { assignRequestId } from './middleware/request-id';
import { setResponseHeaders } from './middleware/response-headers';
import { problem } from './problem';
import { allowedMethods } from './allowed-methods';
import { accountRoutes, mountAccountRoutes } from './routes/accounts';
import { mountMessageRoutes } from './routes/messages';
import { mountSsoRoutes, ssoRoutes } from './routes/sso';
import { mountDocs, type DocsAssets } from './routes/docs';
import { followLinkRoute, mountLinkRoutes } from './routes/links';
import { mountPasswordResetRoutes, passwordResetRoutes } from './routes/password-reset';
import { mountStreamRoutes } from './routes/stream';
import { eventTypesRoute, mountEventTypes } from './routes/event-types';
import { healthRoutes, mountHealth } from './routes/health';
import { pushRoutes } from './routes/push-docs';
import { mountWebSocketRoute } from './routes/websocket';
import type { UpgradeWebSocket } from 'hono/ws';
import { idempotencyKeyOf, type CallOptions } from './call';
import type { Metrics } from '../metrics/metrics';
import { measuredClient } from '../metrics/measured-client';
import { mountMetrics } from './routes/metrics';
import type { EventDef } from '../../actors/core/event';
import type { TenantFeed } from '../bus/tenant-feed';
import { binaryPathTest, type DocumentEdge } from './routes/binary-body';
import { leanReads, type HeadersStart } from './lean-reads';

export interface AppOptions {
  client: ActorClient;
  tokens: AccessTokens;
  passwords: PasswordHasher;
  messages: readonly MessageDef[];
  /** The event catalogue, published at /v1/event-types. */
  events: readonly EventDef[];
  log: Logger;
  maxBodyBytes?: number;
  timeoutMs?: number;
  corsOrigins?: string[];
  /** Live committed events per tenant, for push streams (Bun runtimes). */
  feed?: TenantFeed;
  /** Mounts the push routes another way (Cloudflare: the tenant's Durable Object holds the streams). */
  mountPush?: (app: Hono<AppEnv>, call: CallOptions) => void;
  /** The runtime's WebSocket upgrade (hono/bun, hono/cloudflare-workers); no /v1/ws without it. */
  upgradeWebSocket?: UpgradeWebSocket;
  /** Where clients reach the API, for short links. */
  publicUrl?: string;
  /** Swagger UI's files for /docs, where the runtime can read them. */
  docsAssets?: () => DocsAssets;
  /** Prometheus metrics, served at /metrics to holders of `metricsToken`. */
  metrics?: Metrics;
  metricsToken?: string;
  /** Give mutating requests an idempotency key when they have none (distributed mode). */
  autoIdempotency?: boolean;
  /** Check every message reply against its declared `output` schema (a 500 when it does not match). */
  checkReplies?: boolean;
  /** ROSTER_SSO_ALLOW_LOOPBACK_HTTP: an identity provider on http loopback (tests). */
  ssoAllowLoopbackHttp?: boolean;
  /** Whether this process can serve traffic now (false while starting or draining). */
  ready?: () => boolean | Promise<boolean>;
  /** Where uploaded documents are stored, and their size limit (routes with `binaryBody`). */
  documents?: DocumentEdge;
  /** How the lean read path starts a reply's headers (the runtime's cheaper way; see lean-reads.ts). */
  headersStart?: HeadersStart;
}

/**
 * The edge: the same Hono app in every mode. It authenticates, validates the envelope
 * (content type, size, JSON), routes each request to its tenant's actor through whichever
 * transport the mode provides, and turns errors into problem+json.
 */
export function createApp(o: AppOptions) {
  const client = o.metrics ? measuredClient(o.client, o.metrics) : o.client;
  const call = { client, timeoutMs: o.timeoutMs ?? 10_000, autoIdempotency: o.autoIdempotency ?? false };
  // RegExpRouter matches every route with one regular expression: the fastest of Hono's
  // routers, and it refuses ambiguous route sets at start-up rather than slowing down.
  const app = new Hono<AppEnv>({ router: new RegExpRouter() });

  // The request id, the response headers and the access log: one middleware, not three.
  const edgeSteps = accessLog({
    log: o.log,
    observe: o.metrics?.observeHttp,
    before: [assignRequestId({ headerName: 'X-Request-Id', limitLength: requestIdMaxLength }), setResponseHeaders({ corsOrigins: o.corsOrigins })],
  });
  app.use(edgeSteps);
  app.options(
    '*',
    cors({
      // Bearer tokens, not cookies: any origin may call unless the operator lists some.
      origin: !o.corsOrigins || o.corsOrigins.includes('*') ? '*' : o.corsOrigins,
      allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'X-Request-Id'],
      allowMethods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
      maxAge: 600,
    }),
  );
  // Only where a body is expected: asking a GET for its body makes Bun build a stream for nothing.
  // Uploads carry their own, larger limit, enforced while reading (routes/binary-body.ts).
  const isUpload = binaryPathTest(o.messages.flatMap((m) => (m.route?.binaryBody ? [m.route.path] : [])));
  const jsonLimit = bodyLimit({
      maxSize: o.maxBodyBytes ?? 1024 * 1024,
      onError: () => {
        throw new AppError(413, 'body_too_large', `The body is larger than ${o.maxBodyBytes ?? 1024 * 1024} bytes.`);
      },
    });
  app.on(['POST', 'PATCH', 'PUT', 'DELETE'], '*', (c, next) => (isUpload(c.req.path) ? next() : jsonLimit(c, next)));
  // The header is input like the body: checked before any route looks at a token it carries
  // (a refresh token, an invite's), so a malformed key is a 400 naming it, never a 401 or 410.
  app.on(['POST', 'PATCH', 'PUT', 'DELETE'], '*', (c, next) => {
    idempotencyKeyOf(c);
    return next();
  });

  mountHealth(app, o.ready);
  mountEventTypes(app, o.events);
  mountDocs(app, {
    messages: o.messages,
    extra: [...accountRoutes, ...ssoRoutes, ...passwordResetRoutes, ...pushRoutes, eventTypesRoute, followLinkRoute, ...healthRoutes],
    events: o.events,
    assets: o.docsAssets,
    publicUrl: o.publicUrl,
  });
  if (o.metrics && o.metricsToken) mountMetrics(app, o.metrics, o.metricsToken);
  const auth = authenticate({ tokens: o.tokens, client, apiKeys: new ApiKeyCache({ feed: o.feed }) });
  app.use('/v1/*', auth);
  const sso = mountSsoRoutes(app, { ...call, tokens: o.tokens, publicUrl: o.publicUrl ?? '', allowLoopbackHttp: o.ssoAllowLoopbackHttp ?? false });
  mountAccountRoutes(app, { ...call, tokens: o.tokens, passwords: o.passwords, checkReplies: o.checkReplies ?? false, recheckSso: sso.recheck });
  mountLinkRoutes(app, { ...call, publicUrl: o.publicUrl ?? '', checkReplies: o.checkReplies ?? false });
  mountPasswordResetRoutes(app, call);
  if (o.mountPush) o.mountPush(app, call);
  else if (o.feed) {
    mountStreamRoutes(app, { ...call, feed: o.feed });
    if (o.upgradeWebSocket) mountWebSocketRoute(app, { ...call, feed: o.feed, upgradeWebSocket: o.upgradeWebSocket });
  }
  const routeMessages = mountMessageRoutes(app, o.messages, { ...call, checkReplies: o.checkReplies ?? false, documents: o.documents });

  const allowed = allowedMethods(app);
  app.notFound((c) => {
    const allow = allowed(c.req.path);
    if (allow.length === 0) return problem(c, new AppError(404, 'route_not_found', `No route ${c.req.method} ${c.req.path}.`));
    c.header('Allow', allow.join(', '));
    return problem(c, new AppError(405, 'method_not_allowed', `${c.req.path} answers ${allow.join(', ')}, not ${c.req.method}.`));
  });
  app.onError((err, c) => problem(c, err));

  // Cached reads skip Hono (see lean-reads.ts); everything else, and tests that ask, go through it.
  const viaHono = app.fetch;
  const lean = leanReads({
    app,
    routeMessages,
    reproduced: [edgeSteps, auth],
    known: auth.known,
    client,
    timeoutMs: call.timeoutMs,
    log: o.log,
    observe: o.metrics?.observeHttp,
    checkReplies: o.checkReplies ?? false,
    requestIdMaxLength,
    headersStart: o.headersStart ?? 'clone',
  });
  const fetch: typeof viaHono = (request, env, ctx) => lean(request) ?? viaHono(request, env, ctx);
  app.fetch = fetch;
  return Object.assign(app, { viaHono, lean });
}

/** Longer client request ids are replaced by a new one. */
const requestIdMaxLength = 128;
