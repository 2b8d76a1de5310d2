import type { Context } from 'hono';
import { AppError } from '../../actors/core/errors';

/**
 * Reads a JSON object body, refusing with the right problem: 415 for another content type,
 * 400 for malformed JSON, for a body that is not an object, or for nesting deeper than
 * any Roster request needs (a cheap guard against parser-bomb payloads).
 */
export async function readJsonObject(c: Context, maxDepth = 16): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([a-z.+-]*\+)?json\s*(;|$)/i.test(type)) {
    throw new AppError(415, 'unsupported_media_type', 'Send the body as application/json.');
  }
  const raw = await c.req.text();
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new AppError(400, 'malformed_json', 'The body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError(400, 'validation_failed', 'The body must be a JSON object.', [{ field: '(body)', message: 'Expected an object.' }]);
  }
  if (depth(body) > maxDepth) throw new AppError(400, 'too_deep', `The body nests deeper than ${maxDepth} levels.`);
  return body as Record<string, unknown>;
}

function depth(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let max = 0;
  for (const v of Object.values(value)) max = Math.max(max, depth(v));
  return max + 1;
}
