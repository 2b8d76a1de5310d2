import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError } from '../../actors/core/errors';
import type { AppEnv } from './env';
import type { Logger } from '../log';

/**
 * The reply schemas describe the API; this keeps them true. When replies are checked
 * (ROSTER_CHECK_REPLIES, on in the contract suite), each JSON reply is compared, in the
 * form the client receives it (after JSON serialisation: dates become strings), with its
 * message's declared `output`. A mismatch is a bug in the schema or the view, so it is
 * logged with the paths at fault and answered as a 500 rather than let through.
 */
export function checkReply(c: Context<AppEnv>, type: string, schema: z.ZodType | undefined, output: unknown): void {
  checkReplyOf(c.get('log'), c.get('requestId'), type, schema, output);
}

/** The same check without a Hono context (the lean read path). */
export function checkReplyOf(log: Logger | undefined, requestId: string | undefined, type: string, schema: z.ZodType | undefined, output: unknown): void {
  if (!schema) return;
  const json: unknown = output === undefined ? undefined : JSON.parse(JSON.stringify(output));
  const result = schema.safeParse(json);
  if (result.success) return;
  const paths = result.error.issues.map((i) => ({ field: i.path.join('.') || '(root)', message: i.message }));
  log?.error('reply does not match its schema', { requestId, type, issues: paths.slice(0, 20) });
  throw new AppError(500, 'reply_schema_mismatch', `The reply to ${type} does not match its declared schema at ${paths.map((p) => p.field).join(', ')}.`, paths);
}
