import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { principalId, type Principal } from '../../../../actors/core/principal';
import type { Logger } from '../../../log';
import type { AppEnv } from '../../env';

/**
 * One structured line per request: id, method, route pattern (not the raw path, which may
 * hold ids), status, duration, tenant and principal id. Never a body, token or name.
 */
export interface AccessLogOptions {
  log: Logger;
  /** Also told of every request, e.g. for the latency histogram. */
  observe?: (method: string, route: string, status: number, seconds: number) => void;
  /**
   * Steps every request takes first (request id, response headers). They run here rather
   * than as middlewares of their own because each Hono middleware is one more async layer,
   * with its own dispatch, on every request.
   */
  before?: ((c: Context<AppEnv>) => void)[];
}

export function accessLog({ log, observe, before = [] }: AccessLogOptions): MiddlewareHandler<AppEnv> {
  return async function accessLog(c, next) {
    for (const step of before) step(c);
    const started = performance.now();
    c.set('log', log);
    await next();
    const principal = c.get('principal');
    const ms = performance.now() - started;
    const route = routePath(c, -1);
    const method = c.req.method;
    const status = c.res.status;
    logRequest(log, observe, {
      requestId: c.get('requestId'),
      method,
      route,
      status,
      ms,
      tenant: c.get('tenantId'),
      principal,
    });
  };
}

/** The access log line and the latency observation of one request: the same for the lean read path. */
export function logRequest(
  log: Logger,
  observe: AccessLogOptions['observe'],
  r: { requestId: string; method: string; route: string; status: number; ms: number; tenant: string | undefined; principal: Principal | undefined },
): void {
  observe?.(r.method, r.route, r.status, r.ms / 1000);
  log.info('request', {
    requestId: r.requestId,
    method: r.method,
    route: r.route,
    status: r.status,
    ms: Math.round(r.ms * 100) / 100,
    tenant: r.tenant,
    principal: r.principal && r.principal.kind !== 'anonymous' ? principalId(r.principal) : undefined,
  });
}
