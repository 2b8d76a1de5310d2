import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { fieldErrors } from '../../../actors/core/errors';
import { AppError, invalid, unauthenticated } from '../../../actors/core/errors';
import type { Role } from '../../../actors/core/principal';
import { roles } from '../../../actors/core/principal';
import { idOf, text } from '../../../actors/core/text';
import { directoryAddress } from '../../../actors/directory/directory';
import { apiKeySchema, newApiKeyPrefix } from '../../../actors/identity/api-keys';
import { invalidCredentials, tokenTenant } from '../../../actors/identity/auth';
import { bootstrapTenant, profileSchema as tenantProfileSchema } from '../../../actors/identity/users';
import type { PasswordHasher } from '../../../actors/identity/passwords';
import type { AccessTokens } from '../../auth/access-tokens';
import { callActor, type CallOptions } from '../call';
import type { AppEnv } from '../env';
import { readJsonObject } from '../json-body';
import type { ExtraRoute } from '../openapi';
import { checkReply } from '../check-reply';
import { knownTenant } from '../tenant-gate';
import { clientAddress } from '../client-address';
import { linkBody, linkReply } from './links';
import { systemPrincipal as system } from '../../../actors/core/principal';

/**
 * The flows that span actors or mint tokens, so they cannot be a single message: sign-up
 * (directory, then the new tenant), login and refresh (tenant, then a signed JWT), API-key
 * creation (directory prefix, then the tenant's key).
 */

export const signUpBody = bootstrapTenant.input;
export const loginBody = z.strictObject({
  tenant: z.string().min(1).max(100),
  email: z.string().min(1).max(254),
  password: z.string().min(1).max(200),
});
export const refreshBody = z.strictObject({ refreshToken: z.string().min(1).max(200) });
export const apiKeyBody = z.strictObject({
  name: text(120),
  role: z.enum(roles),
  kiosk: z.boolean().optional().describe('A wall time clock: punches for anyone, role employee'),
  service: z.boolean().optional().describe("Owners only: a tenant-owned service key that outlives its maker's account"),
});

export const signUpReply = z.strictObject({
  tenant: tenantProfileSchema,
  user: z.strictObject({ id: idOf('usr'), email: z.string(), role: z.enum(roles) }),
});
export const tokenReplySchema = z.strictObject({
  accessToken: z.string().describe('A JWT; send it as `Authorization: Bearer …`').meta({ examples: ['eyJhbGciOiJIUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJ1c3JfMDEifQ.c2lnbmF0dXJl'] }),
  refreshToken: z.string().describe('Single use: rotate it with /v1/auth/refresh').meta({ examples: ['ten_01jd8x3f6k2m9q4r7t5v0w1y2z.4yT0k3n'] }),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().describe('Seconds until the access token expires'),
});
const apiKeyCreatedReply = apiKeySchema.extend({ key: z.string().describe('The whole key, shown this once').meta({ examples: ['rst_a1b2c3d4_Zx9…'] }) });

/** These routes in the API description (the message routes describe themselves). */
export const accountRoutes: ExtraRoute[] = [
  { method: 'post', path: '/v1/tenants', operationId: 'tenants.create', summary: 'Create a company and its owner', body: signUpBody, reply: signUpReply, status: 201, public: true, tag: 'tenants', problems: { 409: 'The slug is taken (`slug_taken`, on `slug`), or this company exists already (`tenant_exists`)', 429: 'Too many sign-ups from this address or for the service (`rate_limited`)' } },
  { method: 'post', path: '/v1/auth/login', operationId: 'auth.login', summary: 'Sign in: an access token and a refresh token', body: loginBody, reply: tokenReplySchema, status: 200, public: true, tag: 'auth', problems: { 401: 'The company, email or password is wrong (`invalid_credentials`, one answer for all three)', 429: 'Too many failed sign-ins from this address or for this account (`login_throttled`, `rate_limited`)' } },
  { method: 'post', path: '/v1/auth/refresh', operationId: 'auth.refresh', summary: 'Rotate a refresh token for a new pair', body: refreshBody, reply: tokenReplySchema, status: 200, public: true, tag: 'auth', problems: { 401: 'Unknown, expired or revoked (`invalid_refresh_token`), or spent already, which ends the whole session (`refresh_token_reused`)' } },
  { method: 'post', path: '/v1/api-keys', operationId: 'apiKeys.create', summary: 'Create an API key (shown once)', body: apiKeyBody, reply: apiKeyCreatedReply, status: 201, public: false, tag: 'apiKeys', problems: { 403: 'Only owners and admins make keys, only owners service keys, and no key above its maker (`forbidden`)' } },
  { method: 'post', path: '/v1/links', operationId: 'links.create', summary: 'Make a short link to a path of this site, with an expiry', body: linkBody, reply: linkReply, status: 201, public: false, tag: 'links', problems: { 422: 'The target is not a path of this site (`link_target_refused`, on `target`), or an Idempotency-Key was reused with another body (`idempotency_key_reused`)' } },
];

async function parse<S extends z.ZodType>(c: Context<AppEnv>, schema: S): Promise<z.output<S>> {
  const result = schema.safeParse(await readJsonObject(c));
  if (!result.success) throw invalid('The request is not valid.', fieldErrors(result.error));
  return result.data;
}

export function mountAccountRoutes(
  app: Hono<AppEnv>,
  options: CallOptions & {
    tokens: AccessTokens;
    passwords: PasswordHasher;
    checkReplies?: boolean;
    /** Asks the identity provider first when the session began through single sign-on (routes/sso.ts). */
    recheckSso?: (c: Context<AppEnv>, tenantId: string, refreshToken: string) => Promise<void>;
  },
) {
  const { tokens } = options;
  const tokenReply = async (tenantId: string, s: { user: { id: string; role: string }; refreshToken: string }) => ({
    accessToken: await tokens.issue({ tenantId, userId: s.user.id, role: s.user.role as Role }),
    refreshToken: s.refreshToken,
    tokenType: 'Bearer',
    expiresIn: tokens.ttlSeconds,
  });

  app.post('/v1/tenants', async (c) => {
    const body = await parse(c, signUpBody);
    // Each sign-up creates a database: limited per client address and for the whole service.
    await callActor(c, options, directoryAddress, 'directory.admit', { door: 'signup', address: clientAddress(c) }, system);
    const { id } = (await callActor(c, options, directoryAddress, 'directory.createTenant', {
      slug: body.slug,
      name: body.name,
      ownerEmail: body.owner.email,
    }, system)) as { id: string };
    const created = await callActor(c, options, { kind: 'tenant', id }, 'tenant.bootstrap', body, system);
    await callActor(c, options, directoryAddress, 'directory.activateTenant', { slug: body.slug }, system);
    if (options.checkReplies) checkReply(c, 'POST /v1/tenants', signUpReply, created);
    return c.json(created as object, 201);
  });

  app.post('/v1/auth/login', async (c) => {
    const body = await parse(c, loginBody);
    const address = clientAddress(c);
    await callActor(c, options, directoryAddress, 'directory.admit', { door: 'login', address }, system);
    const tenant = (await callActor(c, options, directoryAddress, 'directory.resolveSlug', { slug: body.tenant }, system).catch(
      (e) => {
        if (e instanceof AppError && e.status === 404) return undefined;
        throw e;
      },
    )) as { id: string } | undefined;
    if (!tenant) {
      // An unknown company answers like a wrong password, after as much work.
      await options.passwords.verify(body.password, options.passwords.decoy);
      throw invalidCredentials();
    }
    const session = (await callActor(c, options, { kind: 'tenant', id: tenant.id }, 'auth.login', {
      email: body.email,
      password: body.password,
      address,
    }, system)) as { user: { id: string; role: string }; refreshToken: string };
    const reply = await tokenReply(tenant.id, session);
    if (options.checkReplies) checkReply(c, 'POST /v1/auth/login', tokenReplySchema, reply);
    return c.json(reply);
  });

  app.post('/v1/auth/refresh', async (c) => {
    const body = await parse(c, refreshBody);
    const tenantId = await knownTenant(c, options, tokenTenant(body.refreshToken), () => new AppError(401, 'invalid_refresh_token', 'The refresh token is not valid.'));
    await options.recheckSso?.(c, tenantId, body.refreshToken);
    const session = (await callActor(c, options, { kind: 'tenant', id: tenantId }, 'auth.refresh', body, system)) as {
      user: { id: string; role: string };
      refreshToken: string;
    };
    const reply = await tokenReply(tenantId, session);
    if (options.checkReplies) checkReply(c, 'POST /v1/auth/refresh', tokenReplySchema, reply);
    return c.json(reply);
  });

  app.post('/v1/api-keys', async (c) => {
    const principal = c.get('principal');
    if (principal.kind !== 'user' && principal.kind !== 'apiKey') throw unauthenticated();
    const body = await parse(c, apiKeyBody);
    const tenant = { kind: 'tenant', id: principal.tenantId };
    // Refused before anything is written: the directory entry below is not undone by a 403.
    await callActor(c, options, tenant, 'apiKeys.authorizeCreate', body);
    // The prefix is registered first: if the key is then refused after all, it leads nowhere.
    const prefix = newApiKeyPrefix();
    await callActor(c, options, directoryAddress, 'directory.registerApiKeyPrefix', {
      prefix,
      tenantId: principal.tenantId,
    }, system);
    const key = await callActor(c, options, tenant, 'apiKeys.create', {
      ...body,
      prefix,
    });
    if (options.checkReplies) checkReply(c, 'POST /v1/api-keys', apiKeyCreatedReply, key);
    return c.json(key as object, 201);
  });
}
