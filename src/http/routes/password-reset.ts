import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { fieldErrors } from '../../../actors/core/actor';
import { AppError, invalid } from '../../../actors/core/errors';
import type { Principal } from '../../../actors/core/principal';
import { directoryAddress } from '../../../actors/directory/directory';
import { callActor, type CallOptions } from '../call';
import type { AppEnv } from '../env';
import { readJsonObject } from '../json-body';
import type { ExtraRoute } from '../openapi';

const system: Principal = { kind: 'system' };

export const resetRequestBody = z.strictObject({ tenant: z.string().min(1).max(100), email: z.string().min(1).max(254) });
const acceptedReply = z.strictObject({ accepted: z.literal(true).describe('Always true: the answer does not say whether the address has an account') });

export const passwordResetRoutes: ExtraRoute[] = [
  { method: 'post', path: '/v1/auth/password-reset', summary: 'Ask for a password-reset mail (the same answer whether the address exists or not)', body: resetRequestBody, reply: acceptedReply, status: 202, public: true, tag: 'auth' },
];

/** Asking for a reset mail: the company is named by its slug, like at login, and an unknown one answers the same. */
export function mountPasswordResetRoutes(app: Hono<AppEnv>, options: CallOptions) {
  app.post('/v1/auth/password-reset', async (c: Context<AppEnv>) => {
    const parsed = resetRequestBody.safeParse(await readJsonObject(c));
    if (!parsed.success) throw invalid('The request is not valid.', fieldErrors(parsed.error));
    const tenant = (await callActor(c, options, directoryAddress, 'directory.resolveSlug', { slug: parsed.data.tenant }, system).catch((e) => {
      if (e instanceof AppError && e.status === 404) return undefined;
      throw e;
    })) as { id: string } | undefined;
    if (tenant) await callActor(c, options, { kind: 'tenant', id: tenant.id }, 'auth.requestPasswordReset', { email: parsed.data.email }, system);
    return c.json({ accepted: true }, 202);
  });
}
