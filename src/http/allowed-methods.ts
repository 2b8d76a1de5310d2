import type { Hono } from 'hono';

/**
 * The methods a known path answers, for `405 Method Not Allowed` with `Allow` (RFC 9110
 * §15.5.6) where a path exists but not for the method asked. Read from the app's own routes
 * (middleware and catch-alls left out), compiled once on first use.
 */
export function allowedMethods(app: Hono<any, any, any>): (path: string) => string[] {
  let table: { pattern: RegExp; method: string }[] | undefined;
  return (path) => {
    table ??= app.routes
      .filter((r) => r.method !== 'ALL' && r.method !== 'OPTIONS' && !r.path.includes('*'))
      .map((r) => ({ method: r.method, pattern: compile(r.path) }));
    const methods = new Set(table.filter((r) => r.pattern.test(path)).map((r) => r.method));
    // Hono answers HEAD wherever it answers GET.
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  };
}

/** A Hono path (`/v1/employees/:id`, `:code{[a-z]+}`) as a regular expression. */
function compile(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => {
      const param = /^:[\w-]+(?:\{(.+)\})?(\?)?$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return `(?:${param[1] ?? '[^/]+'})${param[2] ?? ''}`;
    })
    .join('/');
  return new RegExp(`^${source}/?$`);
}
