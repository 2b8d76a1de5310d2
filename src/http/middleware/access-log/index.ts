import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { principalId } from '../../../../actors/core/principal';
import type { Logger } from '../../../log';
import type { AppEnv } from '../../env';

/**
 * One structured line per request: id, method, route pattern (not the raw path, which may
 * hold ids), status, duration, tenant and principal id. Never a body, token or name.
 */
export function accessLog({ log }: { log: Logger }): MiddlewareHandler<AppEnv> {
  return async function accessLog(c, next) {
    const started = performance.now();
    c.set('log', log);
    await next();
    const principal = c.get('principal');
    log.info('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      route: routePath(c, -1),
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 100) / 100,
      tenant: c.get('tenantId'),
      principal: principal && principal.kind !== 'anonymous' ? principalId(principal) : undefined,
    });
  };
}
