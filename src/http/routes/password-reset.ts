import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { fieldErrors } from '../../../actors/core/errors';
import { AppError, invalid } from '../../../actors/core/errors';
import type { Principal } from '../../../actors/core/principal';
import { directoryAddress } from '../../../actors/directory/directory';
import { tokenTenant } from '../../../actors/identity/auth';
import { invalidToken, resetInput } from '../../../actors/identity/password-reset';
import { clientAddress } from '../client-address';
import { callActor, type CallOptions } from '../call';
import type { AppEnv } from '../env';
import { readJsonObject } from '../json-body';
import type { ExtraRoute } from '../openapi';

const system: Principal = { kind: 'system' };

export const resetRequestBody = z.strictObject({ tenant: z.string().min(1).max(100), email: z.string().min(1).max(254) });
const acceptedReply = z.strictObject({ accepted: z.literal(true).describe('Always true: the answer does not say whether the address has an account') });
const resetReply = z.strictObject({ reset: z.literal(true) });

export const passwordResetRoutes: ExtraRoute[] = [
  { method: 'post', path: '/v1/auth/password-reset', operationId: 'auth.requestPasswordReset', summary: 'Ask for a password-reset mail (the same answer whether the address exists or not)', body: resetRequestBody, reply: acceptedReply, status: 202, public: true, tag: 'auth' },
  { method: 'post', path: '/v1/auth/password-reset/confirm', operationId: 'auth.resetPassword', summary: 'Set a new password with the token from a reset mail; ends every session of the user', body: resetInput, reply: resetReply, status: 200, public: true, tag: 'auth', problems: { 400: 'Invalid fields (`validation_failed`), or a used, expired or unknown token (`invalid_reset_token`)' } },
];

async function parse<S extends z.ZodType>(c: Context<AppEnv>, schema: S): Promise<z.output<S>> {
  const result = schema.safeParse(await readJsonObject(c));
  if (!result.success) throw invalid('The request is not valid.', fieldErrors(result.error));
  return result.data;
}

/**
 * Both doors count against the login limit per client address (the directory's `login`
 * door): asking for reset mails or trying tokens is no cheaper than guessing passwords.
 * Asking names the company by its slug, like login, and an unknown one answers the same.
 */
export function mountPasswordResetRoutes(app: Hono<AppEnv>, options: CallOptions) {
  const admit = (c: Context<AppEnv>) => callActor(c, options, directoryAddress, 'directory.admit', { door: 'login', address: clientAddress(c) }, system);

  app.post('/v1/auth/password-reset', async (c: Context<AppEnv>) => {
    const parsed = { data: await parse(c, resetRequestBody) };
    await admit(c);
    const tenant = (await callActor(c, options, directoryAddress, 'directory.resolveSlug', { slug: parsed.data.tenant }, system).catch((e) => {
      if (e instanceof AppError && e.status === 404) return undefined;
      throw e;
    })) as { id: string } | undefined;
    if (tenant) await callActor(c, options, { kind: 'tenant', id: tenant.id }, 'auth.requestPasswordReset', { email: parsed.data.email }, system);
    return c.json({ accepted: true }, 202);
  });

  app.post('/v1/auth/password-reset/confirm', async (c: Context<AppEnv>) => {
    const body = await parse(c, resetInput);
    await admit(c);
    const tenantId = tokenTenant(body.token);
    const known = tenantId && (await callActor(c, options, directoryAddress, 'directory.getTenant', { id: tenantId }, system).catch(() => undefined));
    if (!tenantId || !known) throw invalidToken();
    return c.json((await callActor(c, options, { kind: 'tenant', id: tenantId }, 'auth.resetPassword', body, system)) as object);
  });
}
