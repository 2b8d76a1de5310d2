import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError } from '../../actors/core/errors';
import type { AppEnv } from './env';

/**
 * The reply schemas describe the API; this keeps them true. When replies are checked
 * (ROSTER_CHECK_REPLIES, on in the contract suite), each JSON reply is compared, in the
 * form the client receives it (after JSON serialisation: dates become strings), with its
 * message's declared `output`. A mismatch is a bug in the schema or the view, so it is
 * logged with the paths at fault and answered as a 500 rather than let through.
 */
export function checkReply(c: Context<AppEnv>, type: string, schema: z.ZodType | undefined, output: unknown): void {
  if (!schema) return;
  const json: unknown = output === undefined ? undefined : JSON.parse(JSON.stringify(output));
  const result = schema.safeParse(json);
  if (result.success) return;
  const paths = result.error.issues.map((i) => ({ field: i.path.join('.') || '(root)', message: i.message }));
  c.get('log')?.error('reply does not match its schema', { requestId: c.get('requestId'), type, issues: paths.slice(0, 20) });
  throw new AppError(500, 'reply_schema_mismatch', `The reply to ${type} does not match its declared schema at ${paths.map((p) => p.field).join(', ')}.`, paths);
}
