/**
 * Who sends a message. Authentication happens once, at the edge; the actor receives a
 * verified principal and decides what it may do.
 */
export const roles = ['owner', 'admin', 'hr', 'manager', 'employee'] as const;
export type Role = (typeof roles)[number];

export type Principal =
  | { kind: 'user'; tenantId: string; userId: string; role: Role }
  | { kind: 'apiKey'; tenantId: string; apiKeyId: string; role: Role }
  /** The edge itself (sign-up, login) or the actor's own timers: trusted, tenant-less. */
  | { kind: 'system' }
  | { kind: 'anonymous' };

/** The edge itself, or an actor's own timers: the one system principal every caller uses. */
export const systemPrincipal: Principal = Object.freeze({ kind: 'system' });

/** Roles that can administer a tenant; reused by message declarations. */
export const admins: readonly Role[] = ['owner', 'admin'];
export const peopleManagers: readonly Role[] = ['owner', 'admin', 'hr'];
export const everyone: readonly Role[] = roles;
/** Roles that see every employee and every event of their company. */
export const seesEverything: readonly Role[] = peopleManagers;

export function principalId(p: Principal): string {
  switch (p.kind) {
    case 'user':
      return p.userId;
    case 'apiKey':
      return p.apiKeyId;
    default:
      return p.kind;
  }
}
