import type { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env';
import type { ExtraRoute } from '../openapi';

const live = z.strictObject({ status: z.literal('ok') });
const readiness = z.strictObject({ status: z.enum(['ready', 'not_ready']) });

/** `/healthz`: the process answers. `/readyz`: it can serve traffic now (503 while starting or draining). */
export function mountHealth(app: Hono<AppEnv>, ready?: () => boolean | Promise<boolean>) {
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const now = ready ? await ready() : true;
    return c.json({ status: now ? 'ready' : 'not_ready' }, now ? 200 : 503);
  });
}

const requestId = { 'X-Request-Id': { $ref: '#/components/headers/RequestId' } };

export const healthRoutes: ExtraRoute[] = [
  { method: 'get', path: '/healthz', operationId: 'health.live', summary: 'Liveness: the process answers', description: 'For a liveness probe: restart the process when it fails.', reply: live, status: 200, public: true, tag: 'health', outsideApi: true },
  {
    method: 'get',
    path: '/readyz',
    operationId: 'health.ready',
    summary: 'Readiness: whether this process takes traffic now',
    description: 'For a load balancer: 503 while the process starts or drains (a deploy), so that traffic goes elsewhere meanwhile.',
    reply: readiness,
    status: 200,
    public: true,
    tag: 'health',
    outsideApi: true,
    responses: {
      '503': { description: 'Starting or draining: send traffic elsewhere', headers: requestId, content: { 'application/json': { schema: { type: 'object', required: ['status'], properties: { status: { const: 'not_ready' } } }, example: { status: 'not_ready' } } } },
    },
  },
];
