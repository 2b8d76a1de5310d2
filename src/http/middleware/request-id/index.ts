import type { Context } from 'hono';

export interface RequestIdOptions {
  headerName?: string;
  limitLength?: number;
}

/**
 * Names the request: the client's `X-Request-Id` when it is short and plain (letters,
 * digits, `_`, `-`, `=`), a new UUID otherwise; kept on the context and echoed in the reply.
 * The same rule as hono's requestId middleware, as a step of the edge middleware (see app.ts)
 * rather than a middleware layer of its own.
 */
export function assignRequestId({ headerName = 'X-Request-Id', limitLength = 255 }: RequestIdOptions = {}) {
  return (c: Context) => {
    let id = c.req.header(headerName);
    if (!id || id.length > limitLength || /[^\w\-=]/.test(id)) id = crypto.randomUUID();
    c.set('requestId', id);
    c.header(headerName, id);
  };
}
