import type { Hono } from 'hono';
import type { EventDef } from '../../../actors/core/event';
import type { MessageDef } from '../../../actors/core/message';
import type { AppEnv } from '../env';
import { openApiDocument, type ExtraRoute } from '../openapi';

export interface DocsAssets {
  js: string;
  css: string;
}

/**
 * `/openapi.json`, built once when first asked for, and `/docs`, Swagger UI served from the
 * swagger-ui-dist package (no CDN: it works offline) where the runtime can read its files.
 */
export function mountDocs(
  app: Hono<AppEnv>,
  o: { messages: readonly MessageDef[]; extra: readonly ExtraRoute[]; events: readonly EventDef[]; assets?: () => DocsAssets; publicUrl?: string },
) {
  // Built on first request, not at start-up: half a second that most processes never need.
  let document: string | undefined;
  app.get('/openapi.json', (c) => {
    document ??= JSON.stringify(openApiDocument({ messages: o.messages, extra: o.extra, events: o.events, publicUrl: o.publicUrl, version: '0.1.0' }));
    return c.body(document, 200, { 'content-type': 'application/json' });
  });
  if (!o.assets) return;
  const assets = o.assets();
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Roster API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"></head><body><div id="ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script><script src="/docs/init.js"></script></body></html>`;
  const init = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui', deepLinking: true });`;
  // The API's own policy is default-src 'none'; the page needs its own scripts and styles.
  const csp = { 'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'" };
  app.get('/docs', (c) => c.body(page, 200, { 'content-type': 'text/html; charset=utf-8', ...csp }));
  app.get('/docs/init.js', (c) => c.body(init, 200, { 'content-type': 'text/javascript', ...csp }));
  app.get('/docs/swagger-ui-bundle.js', (c) => c.body(assets.js, 200, { 'content-type': 'text/javascript', 'cache-control': 'public, max-age=86400', ...csp }));
  app.get('/docs/swagger-ui.css', (c) => c.body(assets.css, 200, { 'content-type': 'text/css', 'cache-control': 'public, max-age=86400', ...csp }));
}
