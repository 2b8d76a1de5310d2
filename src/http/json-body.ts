import type { Context } from 'hono';
import { AppError } from '../../actors/core/errors';

/**
 * Reads a JSON object body, refusing with the right problem: 415 for another content type,
 * 400 for malformed JSON, for a body that is not an object, or for nesting deeper than
 * any Roster request needs (a cheap guard against parser-bomb payloads).
 */
export async function readJsonObject(c: Context, maxDepth = 16): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type');
  // No body at all is an empty object: a POST that takes no input needs none (the
  // message's schema still names any field it requires).
  if (type === undefined && (await c.req.text()) === '') return {};
  if (!/^application\/([a-z.+-]*\+)?json\s*(;|$)/i.test(type ?? '')) {
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
  if (exceedsDepth(body, maxDepth)) throw new AppError(400, 'too_deep', `The body nests deeper than ${maxDepth} levels.`);
  return body as Record<string, unknown>;
}

/**
 * How deep a parsed value nests, found without recursion: the parser accepts nesting far
 * deeper than the call stack (100k levels in a few hundred kilobytes), so a recursive walk
 * would overflow on exactly the bodies this guard is for. It stops as soon as `limit` is
 * passed, so a deep body costs no more than a shallow one.
 */
export function exceedsDepth(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, level] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (level > limit) return true;
    for (const child of Object.values(v)) if (typeof child === 'object' && child !== null) stack.push([child, level + 1]);
  }
  return false;
}
