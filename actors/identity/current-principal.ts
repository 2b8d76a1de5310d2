import { AppError } from '../core/errors';
import type { Principal } from '../core/principal';
import type { TenantState } from '../tenant/context';
import { keyStop } from './api-keys';

/**
 * The principal as the tenant's facts say it is now, asked by the actor on every message:
 * the edge verified a token or key once, minutes ago perhaps. A user who was deactivated
 * (or offboarded) is refused; a changed role applies at once. A key is refused once revoked
 * or once its owner is deactivated or demoted below the key's role (service keys excepted).
 */
export function currentPrincipal(state: TenantState, principal: Principal): Principal | AppError {
  if (!state.profile) return new AppError(401, 'unauthenticated', 'Unknown tenant.');
  if (principal.kind === 'user') {
    const user = state.identity.users.get(principal.userId);
    if (!user || user.status !== 'active') return new AppError(401, 'session_revoked', 'This user is no longer active.');
    return user.role === principal.role ? principal : { ...principal, role: user.role };
  }
  if (principal.kind === 'apiKey') {
    const key = state.identity.apiKeys.get(principal.apiKeyId);
    if (!key || keyStop(state.identity, key)) return new AppError(401, 'invalid_api_key', 'The API key is not valid.');
    return key.role === principal.role ? principal : { ...principal, role: key.role };
  }
  return principal;
}
