import { eq, lt } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from '../core/errors';
import { sha256 } from '../core/ids';
import { tenantMessage } from '../tenant/context';
import { issueRefreshToken, session } from '../identity/auth';
import { refreshTokens } from '../identity/identity.sql.ts';
import { userActivated, userRoleChanged } from '../identity/events';
import { userView } from '../identity/state';
import { insertUser, updateUser } from '../identity/users';
import { jitRole, mappedRole, resolveAccount, type RefusalCode } from './rules';
import { ssoConfig, ssoLinks, ssoLogins, ssoSessions } from './sso.sql.ts';

/** Long enough to type a password at the provider, short enough that a leaked state is soon worthless. */
const loginTtlMs = 10 * 60_000;

const refusals: Record<RefusalCode, [number, string]> = {
  sso_email_missing: [403, 'The identity provider sent no email address.'],
  sso_email_unverified: [403, 'The identity provider has not verified this email address, so it cannot be linked to an account.'],
  sso_domain_not_allowed: [403, "This email domain may not sign in to this company."],
  sso_no_account: [403, 'No account in this company has this email address; ask an administrator to invite you.'],
  sso_account_linked: [409, 'The account with this email is already linked to another identity at the provider.'],
  sso_user_inactive: [403, 'This account is not active.'],
};

/** The edge made state, nonce and PKCE verifier; the actor keeps them (state by hash) until the callback. */
export const beginSsoLogin = tenantMessage.command({
  type: 'sso.beginLogin',
  access: 'system',
  idempotency: 'none',
  input: z.strictObject({ stateHash: z.string().length(64), nonce: z.string().min(32).max(128), codeVerifier: z.string().min(43).max(128) }),
  handler: async (input, ctx) => {
    const now = ctx.now.toISOString();
    // Abandoned sign-ins are swept here rather than by a timer: each start cleans up after the old ones.
    await ctx.db.delete(ssoLogins).where(lt(ssoLogins.expiresAt, now));
    await ctx.db.insert(ssoLogins).values({ ...input, expiresAt: new Date(ctx.now.getTime() + loginTtlMs).toISOString() });
    return { started: true };
  },
});

/** Single use: the row goes whether or not the token exchange then succeeds, so a state (and its code) works once. */
export const consumeSsoLogin = tenantMessage.command({
  type: 'sso.consumeLogin',
  access: 'system',
  // Credentials and single-use secrets: never stored for an Idempotency-Key, never replayed.
  idempotency: 'none',
  input: z.strictObject({ stateHash: z.string().length(64) }),
  handler: async ({ stateHash }, ctx) => {
    const [row] = await ctx.db.select().from(ssoLogins).where(eq(ssoLogins.stateHash, stateHash));
    if (!row || row.expiresAt <= ctx.now.toISOString()) {
      throw new AppError(400, 'sso_state_invalid', 'This sign-in is unknown, already used or expired; start again.', [{ field: 'state', message: 'Unknown, used or expired.' }]);
    }
    await ctx.db.delete(ssoLogins).where(eq(ssoLogins.stateHash, stateHash));
    return { nonce: row.nonce, codeVerifier: row.codeVerifier };
  },
});

const claimsInput = z.strictObject({
  sub: z.string().min(1).max(255),
  email: z.string().max(254).optional(),
  emailVerified: z.boolean().optional(),
  name: z.string().max(200).optional(),
  groups: z.array(z.string().max(200)).max(200),
});

/**
 * The edge verified the ID token (signature, issuer, audience, expiry, nonce) and sends its
 * claims: the actor finds the account, links it once, applies the role mapping, and starts a
 * Roster session.
 */
export const ssoSignIn = tenantMessage.command({
  type: 'sso.signIn',
  access: 'system',
  // Credentials and single-use secrets: never stored for an Idempotency-Key, never replayed.
  idempotency: 'none',
  input: z.strictObject({ claims: claimsInput, providerRefreshToken: z.string().max(4096).optional() }),
  handler: async ({ claims, providerRefreshToken }, ctx) => {
    const [config] = await ctx.db.select().from(ssoConfig);
    if (!config) throw new AppError(404, 'sso_not_configured', 'This company has not configured single sign-on.');
    const links = await ctx.db.select().from(ssoLinks);
    const { users, userIdsByEmail } = ctx.state.identity;
    const resolution = resolveAccount(claims, {
      userIdOfSubject: (sub) => links.find((l) => l.subject === sub)?.userId,
      subjectOfUser: (userId) => links.find((l) => l.userId === userId)?.subject,
      userByEmail: (email) => users.get(userIdsByEmail.get(email) ?? ''),
      userById: (id) => users.get(id),
      allowedDomains: config.allowedDomains,
      jitUsers: config.jitUsers,
    });
    if (resolution.kind === 'refused') {
      const [status, message] = refusals[resolution.code];
      throw new AppError(status, resolution.code, message);
    }
    const now = ctx.now.toISOString();
    let user =
      resolution.kind === 'create'
        ? await insertUser(ctx, { email: resolution.email, name: resolution.name, role: jitRole, status: 'active', passwordHash: null })
        : users.get(resolution.userId)!;
    if (resolution.kind !== 'linked') {
      await ctx.db.insert(ssoLinks).values({ subject: claims.sub, userId: user.id, linkedAt: now });
      ctx.audit({ entity: 'sso_link', id: user.id, after: { linked: true } });
    }
    if (user.status === 'invited') {
      // An invitee who signs in through the company's provider needs no password.
      user = await updateUser(ctx, user, { status: 'active' });
      ctx.emit(userActivated.create(user.id, { user: userView(user) }, [user.id]));
    } else if (resolution.kind === 'create') {
      ctx.emit(userActivated.create(user.id, { user: userView(user) }, [user.id]));
    }
    // The provider's groups set the role of an existing account at each sign-in; owners stay owners.
    const role = resolution.kind === 'create' ? undefined : mappedRole(claims.groups, config.roleMap);
    if (role && user.role !== 'owner' && user.role !== role) {
      const from = user.role;
      user = await updateUser(ctx, user, { role });
      ctx.emit(userRoleChanged.create(user.id, { user: userView(user), from }, [user.id]));
    }
    const familyId = ctx.ids.next('fam');
    const refreshToken = await issueRefreshToken(ctx, user.id, familyId, now);
    await ctx.db.insert(ssoSessions).values({ familyId, userId: user.id, providerRefreshToken: providerRefreshToken ?? null, updatedAt: now });
    ctx.audit({ entity: 'user', id: user.id, after: { signedIn: 'sso' } });
    return session(user, refreshToken);
  },
});

/** Whether a Roster refresh token belongs to a session begun through the provider, and the provider's token for it. */
export const ssoSessionOf = tenantMessage.query({
  type: 'sso.sessionOf',
  access: 'system',
  input: z.strictObject({ refreshToken: z.string().min(1).max(200) }),
  handler: async ({ refreshToken }, { db }) => {
    const [token] = await db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, await sha256(refreshToken)));
    // A spent or revoked token is auth.refresh's to judge (reuse revokes the family); the provider is not asked.
    if (!token || token.status !== 'active') return { sso: false as const };
    const [row] = await db.select().from(ssoSessions).where(eq(ssoSessions.familyId, token.familyId));
    if (!row) return { sso: false as const };
    const [config] = await db.select().from(ssoConfig);
    return { sso: true as const, familyId: row.familyId, providerRefreshToken: row.providerRefreshToken, configured: !!config };
  },
});

/** The provider refused to refresh: the user was deactivated or their grant revoked there. The Roster session ends. */
export const endSsoSession = tenantMessage.command({
  type: 'sso.endSession',
  access: 'system',
  idempotency: 'none',
  input: z.strictObject({ familyId: z.string().min(1).max(64), reason: z.string().max(200) }),
  handler: async ({ familyId, reason }, ctx) => {
    await ctx.db.update(refreshTokens).set({ status: 'revoked' }).where(eq(refreshTokens.familyId, familyId));
    await ctx.db.delete(ssoSessions).where(eq(ssoSessions.familyId, familyId));
    ctx.audit({ entity: 'session', id: familyId, after: { revoked: 'sso_provider_refused', reason } });
    return { ended: true };
  },
});

/** The provider rotated its refresh token; the next Roster refresh presents the new one. */
export const rotateSsoProviderToken = tenantMessage.command({
  type: 'sso.rotateProviderToken',
  access: 'system',
  idempotency: 'none',
  input: z.strictObject({ familyId: z.string().min(1).max(64), providerRefreshToken: z.string().max(4096) }),
  handler: async ({ familyId, providerRefreshToken }, ctx) => {
    await ctx.db
      .update(ssoSessions)
      .set({ providerRefreshToken, updatedAt: ctx.now.toISOString() })
      .where(eq(ssoSessions.familyId, familyId));
    return { rotated: true };
  },
});
