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
    const id = requestIdFrom(c.req.header(headerName), limitLength);
    c.set('requestId', id);
    c.header(headerName, id);
  };
}

/** The client's id when it is short and plain, a new UUID otherwise. */
export function requestIdFrom(sent: string | null | undefined, limitLength: number): string {
  return !sent || sent.length > limitLength || /[^\w\-=]/.test(sent) ? crypto.randomUUID() : sent;
}
