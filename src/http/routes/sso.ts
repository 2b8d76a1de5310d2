import type { Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import * as oidc from 'openid-client';
import { z } from 'zod';
import { AppError, fieldErrors, invalid, unauthenticated } from '../../../actors/core/errors';
import { sha256 } from '../../../actors/core/ids';
import type { Principal, Role } from '../../../actors/core/principal';
import { directoryAddress } from '../../../actors/directory/directory';
import { issuerRefusal } from '../../../actors/sso/issuer';
import { claimGroups } from '../../../actors/sso/rules';
import { ssoConfigBody, ssoConfigSchema } from '../../../actors/sso/settings';
import type { AccessTokens } from '../../auth/access-tokens';
import { callActor, type CallOptions } from '../call';
import { clientAddress } from '../client-address';
import type { AppEnv } from '../env';
import { readJsonObject } from '../json-body';
import type { ExtraRoute } from '../openapi';

/**
 * Single sign-on with OpenID Connect, the edge's half. Everything that talks to the
 * provider happens here, where the runtime has network (Bun; fetch in workerd), never in
 * the tenant's transaction: discovery, the token exchange and the ID token's verification
 * against the provider's keys (openid-client). The tenant actor keeps the configuration,
 * the pending sign-ins (state by hash, nonce, PKCE verifier) and the links, and receives
 * only verified claims.
 */
const system: Principal = { kind: 'system' };
const cookieName = 'roster_sso_state';
/** Discovery documents and keys change rarely; a failed discovery is never remembered. */
const discoveryTtlMs = 5 * 60_000;
const providerTimeoutSeconds = 5;
/** offline_access asks the provider for a refresh token, which re-checks the user at each Roster refresh. */
const scope = 'openid email profile offline_access';

export interface SsoOptions extends CallOptions {
  tokens: AccessTokens;
  publicUrl: string;
  /** ROSTER_SSO_ALLOW_LOOPBACK_HTTP: an http issuer on loopback (a provider beside the tests). */
  allowLoopbackHttp: boolean;
}

const tokenReply = z.strictObject({
  accessToken: z.string(),
  refreshToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int(),
});

/** A company by its slug, as in sign-up. */
const companySlug = z.string().regex(/^[a-z0-9-]{3,40}$/).describe("The company's slug");

/** In the API description. */
export const ssoRoutes: ExtraRoute[] = [
  { method: 'put', path: '/v1/settings/sso', operationId: 'sso.configure', summary: "Configure the company's OpenID Connect provider (owners; the discovery document must load)", body: ssoConfigBody, reply: ssoConfigSchema, status: 200, public: false, tag: 'sso', errors: [400, 401, 403, 404, 429, 503, 504] },
  {
    method: 'get',
    path: '/v1/sso/{tenant}/login',
    operationId: 'sso.login',
    summary: "Start single sign-on: the browser is sent to the company's identity provider",
    description: 'Open it in the browser (a link or a redirect), not with fetch: the answer is a 302 to the provider, with a short-lived cookie that the callback checks.',
    status: 302,
    public: true,
    tag: 'sso',
    pathParams: { tenant: companySlug },
    responses: { '302': { description: "To the identity provider's authorization endpoint", headers: { Location: { $ref: '#/components/headers/Location' }, 'Set-Cookie': { description: 'The sign-in state, for the callback', schema: { type: 'string' } } } } },
    errors: [404, 422, 429, 503, 504],
  },
  {
    method: 'get',
    path: '/v1/sso/{tenant}/callback',
    operationId: 'sso.callback',
    summary: 'The provider sends the browser back here: Roster tokens for the signed-in user',
    description: 'Reached by the redirect from the identity provider, in the browser that started the sign-in (its cookie must match `state`).',
    query: z.object({
      state: z.string().describe('The state of the sign-in this browser started'),
      code: z.string().optional().describe("The provider's authorization code"),
      error: z.string().optional().describe('Set by the provider when it ended the sign-in'),
    }),
    reply: tokenReply,
    status: 200,
    public: true,
    tag: 'sso',
    pathParams: { tenant: companySlug },
    errors: [400, 401, 403, 404, 409, 429, 503, 504],
  },
];

interface ProviderLogin {
  issuer: string;
  clientId: string;
  clientSecret: string;
  roleClaim: string | null;
}

function createProviderDirectory(allowLoopbackHttp: boolean) {
  const cache = new Map<string, { config: oidc.Configuration; until: number }>();
  return async function discover(p: Pick<ProviderLogin, 'issuer' | 'clientId' | 'clientSecret'>): Promise<oidc.Configuration> {
    const key = `${p.issuer}\n${p.clientId}\n${await sha256(p.clientSecret)}`;
    const hit = cache.get(key);
    if (hit && hit.until > Date.now()) return hit.config;
    const refusal = issuerRefusal(p.issuer, allowLoopbackHttp);
    if (refusal) throw new AppError(422, 'sso_issuer_refused', `The issuer is refused: ${refusal}`, [{ field: 'issuer', message: refusal }]);
    const insecure = new URL(p.issuer).protocol === 'http:';
    const config = await oidc
      .discovery(new URL(p.issuer), p.clientId, undefined, oidc.ClientSecretBasic(p.clientSecret), {
        timeout: providerTimeoutSeconds,
        ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
      })
      .catch((e: unknown) => {
        const reason = e instanceof Error ? e.message : String(e);
        throw new AppError(422, 'sso_discovery_failed', `The provider's discovery document did not load from ${p.issuer}: ${reason}`, [
          { field: 'issuer', message: `Discovery failed: ${reason}` },
        ]);
      });
    if (cache.size > 1000) cache.clear();
    cache.set(key, { config, until: Date.now() + discoveryTtlMs });
    return config;
  };
}

async function tenantOfSlug(c: Context<AppEnv>, o: CallOptions, slug: string): Promise<string> {
  if (!/^[a-z0-9-]{3,40}$/.test(slug)) throw new AppError(404, 'sso_not_configured', 'This company has not configured single sign-on.');
  const tenant = (await callActor(c, o, directoryAddress, 'directory.resolveSlug', { slug }, system).catch((e) => {
    if (e instanceof AppError && e.status === 404) throw new AppError(404, 'sso_not_configured', 'This company has not configured single sign-on.');
    throw e;
  })) as { id: string };
  return tenant.id;
}

/** What the provider said, as a problem the user can act on; its words are kept, they name the claim at fault. */
function rejected(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof oidc.ResponseBodyError) {
    return new AppError(401, 'sso_token_rejected', `The identity provider refused the sign-in: ${e.error}${e.error_description ? ` (${e.error_description})` : ''}.`);
  }
  if (e instanceof oidc.AuthorizationResponseError) {
    return new AppError(401, 'sso_provider_error', `The identity provider ended the sign-in: ${e.error}${e.error_description ? ` (${e.error_description})` : ''}.`);
  }
  // openid-client wraps oauth4webapi's error, whose message names the claim ("iss", "exp", "aud", "nonce").
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : undefined;
  const reason = e instanceof Error ? (cause && cause !== e.message ? `${e.message}: ${cause}` : e.message) : String(e);
  if (unreachable(e)) return new AppError(503, 'sso_provider_unavailable', `The identity provider could not be reached: ${reason}`, undefined, 5);
  return new AppError(401, 'sso_token_rejected', `The ID token was refused: ${reason}`);
}

/**
 * Whether the provider was not reached (or answered 5xx) rather than refusing: a passing
 * outage must not end anyone's session. Runtimes fail a fetch differently: Bun and Node throw
 * a TypeError, workerd a plain Error that openid-client wraps in a ClientError without a code.
 */
function unreachable(e: unknown): boolean {
  if (e instanceof TypeError) return true;
  if (!(e instanceof oidc.ClientError)) return e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
  if (e.code === undefined || e.code === 'OAUTH_TIMEOUT' || e.code === 'OAUTH_ABORT') return true;
  return e.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' && e.cause instanceof Response && e.cause.status >= 500;
}

export function mountSsoRoutes(app: Hono<AppEnv>, o: SsoOptions) {
  const discover = createProviderDirectory(o.allowLoopbackHttp);
  const redirectUri = (slug: string) => `${o.publicUrl}/v1/sso/${slug}/callback`;
  const cookiePath = (slug: string) => `/v1/sso/${slug}/`;
  const secure = o.publicUrl.startsWith('https:');

  app.put('/v1/settings/sso', async (c) => {
    const principal = c.get('principal');
    if (principal.kind !== 'user' && principal.kind !== 'apiKey') throw unauthenticated();
    const parsed = ssoConfigBody.safeParse(await readJsonObject(c));
    if (!parsed.success) throw invalid('The request is not valid.', fieldErrors(parsed.error));
    const body = parsed.data;
    const tenant = { kind: 'tenant', id: principal.tenantId };
    // Only an owner makes Roster fetch a URL: asked before the discovery document is loaded.
    await callActor(c, o, tenant, 'sso.authorizeConfigure', {});
    const secret = body.clientSecret ?? ((await callActor(c, o, tenant, 'sso.loginConfig', {}, system)) as ProviderLogin).clientSecret;
    await discover({ issuer: body.issuer, clientId: body.clientId, clientSecret: secret });
    return c.json((await callActor(c, o, tenant, 'sso.configure', body)) as object);
  });

  app.get('/v1/sso/:tenant/login', async (c) => {
    const slug = c.req.param('tenant');
    // A start writes a row: the same per-address limit as password sign-ins.
    await callActor(c, o, directoryAddress, 'directory.admit', { door: 'login', address: clientAddress(c) }, system);
    const tenantId = await tenantOfSlug(c, o, slug);
    const tenant = { kind: 'tenant', id: tenantId };
    const login = (await callActor(c, o, tenant, 'sso.loginConfig', {}, system)) as ProviderLogin;
    const config = await discover(login).catch((e) => {
      throw rejected(e);
    });
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    await callActor(c, o, tenant, 'sso.beginLogin', { stateHash: await sha256(state), nonce, codeVerifier }, system);
    // The state also travels in a cookie of this browser: a callback in another browser (a
    // login-CSRF link) has a state that matches no cookie there.
    setCookie(c, cookieName, state, { path: cookiePath(slug), httpOnly: true, sameSite: 'Lax', secure, maxAge: 600 });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri(slug),
      scope,
      // OIDC Core 11: a refresh token for offline access needs the consent prompt.
      prompt: 'consent',
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return c.redirect(url.href, 302);
  });

  app.get('/v1/sso/:tenant/callback', async (c) => {
    const slug = c.req.param('tenant');
    const state = c.req.query('state');
    const cookie = getCookie(c, cookieName);
    deleteCookie(c, cookieName, { path: cookiePath(slug), httpOnly: true, sameSite: 'Lax', secure });
    if (!state || !cookie || state !== cookie) {
      throw new AppError(400, 'sso_state_mismatch', 'The sign-in did not start in this browser, or its state was altered; start again.', [
        { field: 'state', message: 'Does not match the sign-in this browser started.' },
      ]);
    }
    const tenantId = await tenantOfSlug(c, o, slug);
    const tenant = { kind: 'tenant', id: tenantId };
    const { nonce, codeVerifier } = (await callActor(c, o, tenant, 'sso.consumeLogin', { stateHash: await sha256(state) }, system)) as {
      nonce: string;
      codeVerifier: string;
    };
    const login = (await callActor(c, o, tenant, 'sso.loginConfig', {}, system)) as ProviderLogin;
    const tokens = await (async () => {
      const config = await discover(login);
      const current = new URL(redirectUri(slug));
      current.search = new URL(c.req.url).search;
      return oidc.authorizationCodeGrant(
        config,
        current,
        { pkceCodeVerifier: codeVerifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true },
        { redirect_uri: redirectUri(slug) },
      );
    })().catch((e) => {
      throw rejected(e);
    });
    const idToken = tokens.claims()!;
    const claims = {
      sub: idToken.sub,
      ...(typeof idToken.email === 'string' ? { email: idToken.email } : {}),
      ...(typeof idToken.email_verified === 'boolean' ? { emailVerified: idToken.email_verified } : {}),
      ...(typeof idToken.name === 'string' ? { name: idToken.name.slice(0, 200) } : {}),
      groups: login.roleClaim ? claimGroups(idToken[login.roleClaim]).slice(0, 200) : [],
    };
    const session = (await callActor(c, o, tenant, 'sso.signIn', {
      claims,
      ...(tokens.refresh_token ? { providerRefreshToken: tokens.refresh_token } : {}),
    }, system)) as { user: { id: string; role: string }; refreshToken: string };
    return c.json({
      accessToken: await o.tokens.issue({ tenantId, userId: session.user.id, role: session.user.role as Role }),
      refreshToken: session.refreshToken,
      tokenType: 'Bearer',
      expiresIn: o.tokens.ttlSeconds,
    });
  });

  return { recheck: (c: Context<AppEnv>, tenantId: string, refreshToken: string) => recheckSsoSession(c, o, discover, tenantId, refreshToken) };
}

/**
 * Before a Roster refresh of a session begun through the provider, the provider is asked
 * too, with its own refresh token: a user deactivated there (or whose grant was revoked)
 * gets a refusal, and the Roster session ends with it. The provider is the authority on
 * who still works there; a refresh token is the one re-check every OpenID provider offers
 * without an admin API. When the provider cannot be reached the refresh fails (503) and
 * the session is kept, so an outage at the provider does not sign everyone out.
 */
async function recheckSsoSession(
  c: Context<AppEnv>,
  o: CallOptions,
  discover: ReturnType<typeof createProviderDirectory>,
  tenantId: string,
  refreshToken: string,
) {
  const tenant = { kind: 'tenant', id: tenantId };
  const found = (await callActor(c, o, tenant, 'sso.sessionOf', { refreshToken }, system)) as
    | { sso: false }
    | { sso: true; familyId: string; providerRefreshToken: string | null; configured: boolean };
  if (!found.sso) return;
  const end = async (reason: string) => {
    await callActor(c, o, tenant, 'sso.endSession', { familyId: found.familyId, reason: reason.slice(0, 200) }, system);
    return new AppError(401, 'sso_session_ended', `The identity provider no longer vouches for this session (${reason}); sign in again.`);
  };
  if (!found.configured || !found.providerRefreshToken) throw await end(found.configured ? 'no provider refresh token' : 'single sign-on removed');
  const login = (await callActor(c, o, tenant, 'sso.loginConfig', {}, system)) as ProviderLogin;
  try {
    const config = await discover(login);
    const refreshed = await oidc.refreshTokenGrant(config, found.providerRefreshToken);
    if (refreshed.refresh_token && refreshed.refresh_token !== found.providerRefreshToken) {
      await callActor(c, o, tenant, 'sso.rotateProviderToken', { familyId: found.familyId, providerRefreshToken: refreshed.refresh_token }, system);
    }
  } catch (e) {
    const problem = rejected(e);
    if (problem.status === 503 || problem.code === 'sso_discovery_failed') throw problem;
    throw await end(e instanceof oidc.ResponseBodyError ? e.error : problem.code);
  }
}
