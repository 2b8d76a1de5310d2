import { Hono } from 'hono';
import { unauthenticated } from '../../../actors/core/errors';
import type { Metrics } from '../../metrics/metrics';
import type { AppEnv } from '../env';

/**
 * `GET /metrics` in the Prometheus text format, for a scraper holding the metrics token
 * (`Authorization: Bearer <ROSTER_METRICS_TOKEN>`); not mounted at all without a token.
 */
/** A server of its own for processes without an HTTP edge (distributed workers). */
export function metricsApp(metrics: Metrics, token: string) {
  const app = new Hono<AppEnv>();
  mountMetrics(app, metrics, token);
  app.onError((err) => new Response(err.message, { status: 401 }));
  return app;
}

export function mountMetrics(app: Hono<AppEnv>, metrics: Metrics, token: string) {
  const expected = new TextEncoder().encode(`Bearer ${token}`);
  app.get('/metrics', async (c) => {
    const given = new TextEncoder().encode(c.req.header('authorization') ?? '');
    let diff = given.length ^ expected.length;
    for (let i = 0; i < expected.length; i++) diff |= (given[i] ?? 0) ^ expected[i]!;
    if (diff !== 0) throw unauthenticated('The metrics token is missing or wrong.');
    return c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType });
  });
}
