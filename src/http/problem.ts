import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError } from '../../actors/core/errors';
import { capFieldErrors } from '../../actors/core/capped-errors';
import type { AppEnv } from './env';
import type { Logger } from '../log';

/**
 * Every error leaves as RFC 9457 problem+json, built here and nowhere else. `code` is the
 * stable name of the broken rule; `errors` lists the fields at fault. An unexpected error
 * is logged with its stack and answered as a bare 500: no internals reach the client.
 */
const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException) return new AppError(err.status, codeForStatus(err.status), err.message || titles[err.status] || 'Error');
  return undefined;
}

function codeForStatus(status: number): string {
  return (titles[status] ?? 'error').toLowerCase().replaceAll(' ', '_');
}

export function problem(c: Context<AppEnv>, err: unknown): Response {
  const { status, body, headers } = problemReply(err, c.req.path, c.get('requestId'), c.get('log'));
  // Through the context, so the headers set earlier (request id, security, CORS) are kept.
  return c.body(body, status as 400, headers);
}

/** The problem+json of an error, without a Hono context (the lean read path builds its own response). */
export function problemReply(err: unknown, instance: string, requestId: string | undefined, log: Logger | undefined): { status: number; body: string; headers: Record<string, string> } {
  let e = toAppError(err);
  if (!e) {
    log?.error('unhandled error', {
      requestId,
      error: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
    });
    e = new AppError(500, 'internal', 'Something went wrong on our side; the request id helps us find it.');
  }
  const body = {
    type: `/problems/${e.code}`,
    title: titles[e.status] ?? 'Error',
    status: e.status,
    detail: e.message,
    code: e.code,
    instance,
    requestId,
    ...(e.errors ? { errors: capFieldErrors(e.errors) } : {}),
  };
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (e.retryAfter !== undefined) headers['retry-after'] = String(e.retryAfter);
  if (e.status === 401) headers['www-authenticate'] = 'Bearer realm="roster"';
  if (e.headers) Object.assign(headers, e.headers);
  return { status: e.status, body: JSON.stringify(body), headers };
}
