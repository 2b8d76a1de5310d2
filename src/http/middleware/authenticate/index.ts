import type { Context, MiddlewareHandler } from 'hono';
import { directoryAddress } from '../../../../actors/directory/directory';
import { AppError, unauthenticated } from '../../../../actors/core/errors';
import { parseApiKey } from '../../../../actors/identity/api-keys';
import type { Principal } from '../../../../actors/core/principal';
import type { AccessTokens } from '../../../auth/access-tokens';
import type { ActorClient } from '../../../transport/actor-client';
import type { AppEnv } from '../../env';
import { systemPrincipal } from '../../../../actors/core/principal';
import { ApiKeyCache } from './api-key-cache';

export interface AuthenticateOptions {
  tokens: AccessTokens;
  client: ActorClient;
  /** Verified tokens are remembered until they expire, so a hot client pays the HMAC once. */
  cacheSize?: number;
  /** Verified API keys, dropped when their tenant's identity changes (see api-key-cache.ts). */
  apiKeys?: ApiKeyCache;
}

export interface Authenticate extends MiddlewareHandler<AppEnv> {
  known(header: string): Principal | undefined;
}

/**
 * Turns `Authorization: Bearer …` into a principal: an access token (JWT) or an API key
 * (`rst_…`). No header means an anonymous principal; routes that need more refuse it. A
 * header that does not verify is refused here, whatever the route.
 */
export function authenticate({ tokens, client, cacheSize = 10_000, apiKeys = new ApiKeyCache() }: AuthenticateOptions): Authenticate {
  const cache = new Map<string, { principal: Principal; until: number }>();

  // Both verifiers run only after `cached` missed, in the same turn: neither looks again.
  const verifyJwt = async (token: string): Promise<Principal> => {
    const principal = await tokens.verify(token);
    if (!principal) throw new AppError(401, 'invalid_token', 'The access token is expired, tampered with or not ours.');
    const [, payload] = token.split('.');
    const exp = JSON.parse(atob(payload!.replaceAll('-', '+').replaceAll('_', '/'))).exp as number;
    if (cache.size >= cacheSize) cache.delete(cache.keys().next().value!);
    cache.set(token, { principal, until: exp * 1000 });
    return principal;
  };

  const verifyApiKey = async (key: string, requestId: string): Promise<Principal> => {
    const parsed = parseApiKey(key);
    if (!parsed) throw new AppError(401, 'invalid_api_key', 'The API key is not valid.');
    const meta = { requestId, principal: systemPrincipal };
    const { tenantId } = (await client
      .call(directoryAddress, { type: 'directory.resolveApiKeyPrefix', payload: { prefix: parsed.prefix }, meta })
      .catch(() => {
        throw new AppError(401, 'invalid_api_key', 'The API key is not valid.');
      })) as { tenantId: string };
    return apiKeys.verify(key, tenantId, async () => {
      const { apiKeyId, role } = (await client.call(
        { kind: 'tenant', id: tenantId },
        { type: 'apiKeys.authenticate', payload: parsed, meta },
      )) as { apiKeyId: string; role: Extract<Principal, { kind: 'apiKey' }>['role'] };
      return { kind: 'apiKey', tenantId, apiKeyId, role };
    });
  };

  const admit = (c: Context<AppEnv>, principal: Principal) => {
    c.set('principal', principal);
    if (principal.kind === 'user' || principal.kind === 'apiKey') c.set('tenantId', principal.tenantId);
  };

  /**
   * The principal of an `Authorization` header verified before and still valid, at once:
   * the hot path, also taken by the lean read path. Undefined when the header needs
   * verifying, or refusing (the middleware does either).
   */
  const cached = (credential: string): Principal | undefined => {
    if (credential.startsWith('rst_')) return apiKeys.get(credential);
    const hit = cache.get(credential);
    return hit && hit.until > Date.now() ? hit.principal : undefined;
  };
  const known = (header: string): Principal | undefined => {
    const m = bearer.exec(header);
    return m ? cached(m[1]!) : undefined;
  };

  const middleware: MiddlewareHandler<AppEnv> = function authenticate(c, next) {
    // Every /v1 reply is about someone (personal data, tokens, CSV exports): no shared or
    // browser cache may keep it. Set before the handler so its response carries it.
    c.header('Cache-Control', 'no-store');
    const header = c.req.header('authorization');
    if (!header) {
      c.set('principal', { kind: 'anonymous' });
      return next();
    }
    const m = bearer.exec(header);
    if (!m) throw unauthenticated('Use Authorization: Bearer <access token or API key>.');
    const credential = m[1]!;
    const hit = cached(credential);
    if (hit) {
      admit(c, hit);
      return next();
    }
    return (async () => {
      admit(c, credential.startsWith('rst_') ? await verifyApiKey(credential, c.get('requestId')) : await verifyJwt(credential));
      return next();
    })();
  };
  return Object.assign(middleware, { known });
}

const bearer = /^Bearer\s+(\S+)\s*$/i;
