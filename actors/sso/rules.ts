import type { Role } from '../core/principal';

/**
 * Who a provider's sign-in is, in Roster's terms. The provider vouches for a subject
 * (`sub`, stable for the life of the account at the provider) and, less reliably, an
 * email. So:
 * - a subject already linked to a user is that user, whatever email it brings now;
 * - an unlinked subject is linked once to the user with its email, and only when the
 *   provider says the email is verified and that user is not linked to another subject;
 * - a stranger (no user has the email) is created only when just-in-time creation is on;
 * - every sign-in must come from an allowed email domain.
 */

/** The roles a group may map to, lowest first. Owners are made in Roster, never by a provider's group. */
export const mappableRoles = ['employee', 'manager', 'hr', 'admin'] as const satisfies readonly Role[];
export type MappableRole = (typeof mappableRoles)[number];

/** A just-in-time user starts with the lowest role; an admin (or a later sign-in's mapping) raises it. */
export const jitRole: Role = mappableRoles[0];

export interface VerifiedClaims {
  sub: string;
  email?: string;
  emailVerified?: boolean;
  name?: string;
  /** The values of the configured role claim: a string or a list of strings at the provider. */
  groups: string[];
}

export interface AccountCandidate {
  id: string;
  email: string;
  role: Role;
  status: 'invited' | 'active' | 'deactivated';
}

export type Resolution =
  | { kind: 'linked'; userId: string }
  | { kind: 'link'; userId: string }
  | { kind: 'create'; email: string; name: string }
  | { kind: 'refused'; code: RefusalCode };

export type RefusalCode =
  | 'sso_email_missing'
  | 'sso_email_unverified'
  | 'sso_domain_not_allowed'
  | 'sso_no_account'
  | 'sso_account_linked'
  | 'sso_user_inactive';

/** The domain of an address, lowercased; an address without one has none. */
export function emailDomain(email: string): string | undefined {
  const at = email.lastIndexOf('@');
  return at > 0 && at < email.length - 1 ? email.slice(at + 1).toLowerCase() : undefined;
}

/** Exact domains only: `acme.com` does not admit `evil-acme.com` or `mail.acme.com`. */
export function domainAllowed(email: string, allowed: readonly string[]): boolean {
  const domain = emailDomain(email);
  return domain !== undefined && allowed.some((d) => d.toLowerCase() === domain);
}

/**
 * The role the provider's groups give: the highest mapped one. Undefined when no group maps
 * (the user keeps the role Roster has). Unknown groups are ignored.
 */
export function mappedRole(groups: readonly string[], roleMap: Readonly<Record<string, string>>): MappableRole | undefined {
  let best = -1;
  for (const group of groups) {
    const rank = mappableRoles.indexOf(roleMap[group] as MappableRole);
    if (rank > best) best = rank;
  }
  return best >= 0 ? mappableRoles[best] : undefined;
}

/** A claim's value as a list of groups: a string is one group, a list keeps its strings. */
export function claimGroups(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

export function resolveAccount(
  claims: VerifiedClaims,
  o: {
    userIdOfSubject: (sub: string) => string | undefined;
    subjectOfUser: (userId: string) => string | undefined;
    userByEmail: (email: string) => AccountCandidate | undefined;
    userById: (id: string) => AccountCandidate | undefined;
    allowedDomains: readonly string[];
    jitUsers: boolean;
  },
): Resolution {
  const refused = (code: RefusalCode): Resolution => ({ kind: 'refused', code });
  if (!claims.email) return refused('sso_email_missing');
  const email = claims.email.trim().toLowerCase();
  if (!domainAllowed(email, o.allowedDomains)) return refused('sso_domain_not_allowed');
  const linkedId = o.userIdOfSubject(claims.sub);
  if (linkedId) {
    const user = o.userById(linkedId);
    return user && user.status === 'active' ? { kind: 'linked', userId: linkedId } : refused('sso_user_inactive');
  }
  // Not linked yet: the email decides once, and only a verified one.
  if (claims.emailVerified !== true) return refused('sso_email_unverified');
  const user = o.userByEmail(email);
  if (!user) return o.jitUsers ? { kind: 'create', email, name: claims.name?.trim() || email } : refused('sso_no_account');
  if (o.subjectOfUser(user.id) !== undefined) return refused('sso_account_linked');
  if (user.status === 'deactivated') return refused('sso_user_inactive');
  return { kind: 'link', userId: user.id };
}
