import type { Principal, Role } from '../core/principal';
import type { IdentityState } from './state';

/**
 * Separation of duties is a rule over people, not credentials: a user acts as themself, an
 * API key as the user who made it (a tenant-owned service key too: its maker is remembered).
 * Rules that ask "is this the same person?" compare what these functions return.
 */
export function personOf(identity: IdentityState, principal: Principal): string | undefined {
  if (principal.kind === 'user') return principal.userId;
  if (principal.kind === 'apiKey') return identity.apiKeys.get(principal.apiKeyId)?.ownerUserId ?? undefined;
  return undefined;
}

/** The person behind an actor id recorded earlier (a `decidedBy`, an audit actor): a user id or a key id. */
export function personOfActorId(identity: IdentityState, actorId: string | null | undefined): string | undefined {
  if (!actorId) return undefined;
  if (actorId.startsWith('key_')) return identity.apiKeys.get(actorId)?.ownerUserId ?? undefined;
  return actorId.startsWith('usr_') ? actorId : undefined;
}

/** Roles ordered by power: a grant, a key or a link never reaches above its maker's. */
const rank: Record<Role, number> = { owner: 5, admin: 4, hr: 3, manager: 2, employee: 1 };
export const atLeast = (held: Role, needed: Role): boolean => rank[held] >= rank[needed];
