import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { AppError, conflict, forbidden, notFound } from '../core/errors';
import { randomToken, sha256 } from '../core/ids';
import type { CommandCtx } from '../core/message';
import { admins, everyone, roles, type Principal, type Role } from '../core/principal';
import { assertIfMatchContent, contentEtag } from '../core/versioned';
import { email, idOf, text } from '../core/text';
import { tenantMessage, type TenantServices, type TenantState } from '../tenant/context';
import { tokenTenant } from './auth';
import { announceStoppedKeys, workingKeysOf } from './api-keys';
import { assertLinkableEmployee } from './links';
import { deactivate, reactivate } from './offboarding';
import { invites, tenantProfile, users, type UserRow } from './identity.sql.ts';
import { assertInviteOpen, inviteInvalid } from './invite-check';
import { tenantCreated, userActivated, userInvited, userRoleChanged } from './events';
import { password } from './passwords';
import { mailInvite } from '../mail/invite';
import { userSchema, userView } from './state';
import { instant, listOf } from '../core/reply';

const inviteTtlMs = 7 * 24 * 3600_000;
const role = z.enum(roles);
type Ctx = CommandCtx<TenantState, TenantServices>;

export const slug = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/, 'Must be 3-40 lowercase letters, digits or inner hyphens.')
  .meta({ examples: ['acme'] });

export const bootstrapTenant = tenantMessage.command({
  type: 'tenant.bootstrap',
  access: 'system',
  input: z.strictObject({
    slug,
    name: text(120),
    owner: z.strictObject({ name: text(120), email, password }),
  }),
  prepare: (input, { services }) => services.passwords.hash(input.owner.password),
  handler: async (input, ctx, passwordHash) => {
    const { state } = ctx;
    if (state.profile) {
      // A retried sign-up: answer as the first time did.
      const ownerId = state.identity.userIdsByEmail.get(input.owner.email);
      const owner = ownerId ? state.identity.users.get(ownerId) : undefined;
      if (state.profile.slug !== input.slug || !owner) throw conflict('tenant_exists', 'This tenant already exists.');
      return { tenant: profileView(state.profile), user: { id: owner.id, email: owner.email, role: owner.role } };
    }
    const at = ctx.now.toISOString();
    const profile = { id: state.tenantId, slug: input.slug, name: input.name, plan: 'standard', corsOrigins: null, timeZone: 'UTC', approvalReminderDays: 3, createdAt: at };
    await ctx.db.insert(tenantProfile).values(profile);
    state.profile = profile;
    ctx.onUndo(() => (state.profile = undefined));
    const owner = await insertUser(ctx, {
      email: input.owner.email,
      name: input.owner.name,
      role: 'owner',
      status: 'active',
      passwordHash,
    });
    ctx.emit(tenantCreated.create(profile.id, { tenant: profileView(profile) }));
    return { tenant: profileView(profile), user: { id: owner.id, email: owner.email, role: owner.role } };
  },
});

export const profileSchema = z.strictObject({ id: idOf('ten'), slug: z.string(), name: z.string() }).meta({ id: 'TenantProfile' });

const meSchema = z.strictObject({
  user: z.strictObject({
    id: z.string().describe('A user id (usr_…), or an API key id (key_…) for a key'),
    email: z.email().nullable().describe('Null for an API key'),
    name: z.string(),
    role: z.enum(roles),
    employeeId: z.string().nullable().optional().describe('The employee record linked to the user (by HR); null: none. Absent for an API key'),
  }),
  tenant: profileSchema,
}).meta({ id: 'Me' });

const inviteSchema = z.strictObject({
  user: userSchema,
  inviteToken: z.string().describe('Shown once; pass it to /v1/invites/accept'),
  inviteUrl: z.url(),
  expiresAt: instant,
}).meta({ id: 'Invite' });

const profileView = (p: NonNullable<TenantState['profile']>) => ({ id: p.id, slug: p.slug, name: p.name });

export const me = tenantMessage.query({
  type: 'me.get',
  access: everyone,
  input: z.strictObject({}),
  output: meSchema,
  route: { method: 'GET', path: '/v1/me', summary: 'The signed-in user (or API key) and its tenant' },
  handler: (_input, { state, principal }) => {
    const tenant = profileView(state.profile!);
    if (principal.kind === 'apiKey') {
      const key = state.identity.apiKeys.get(principal.apiKeyId)!;
      return { user: { id: key.id, email: null, name: key.name, role: key.role }, tenant };
    }
    const user = state.identity.users.get((principal as Extract<Principal, { kind: 'user' }>).userId)!;
    return { user: { id: user.id, email: user.email, name: user.name, role: user.role, employeeId: user.employeeId ?? null }, tenant };
  },
});

export const listUsers = tenantMessage.query({
  type: 'users.list',
  access: admins,
  input: z.strictObject({ status: z.enum(['invited', 'active', 'deactivated']).optional() }),
  output: listOf(userSchema),
  route: { method: 'GET', path: '/v1/users', summary: 'List the users of the tenant' },
  handler: ({ status }, { state }) => ({
    items: [...state.identity.users.values()]
      .filter((u) => !status || u.status === status)
      .sort((a, b) => a.email.localeCompare(b.email))
      .map(userView),
  }),
});

export const getUser = tenantMessage.query({
  type: 'users.get',
  access: admins,
  input: z.strictObject({ id: idOf('usr') }),
  output: userSchema,
  route: { method: 'GET', path: '/v1/users/:id', summary: 'Read a user (its ETag guards a role change)', etag: contentEtag },
  handler: ({ id }, { state }) => {
    const user = state.identity.users.get(id);
    if (!user) throw notFound('The user');
    return userView(user);
  },
});

export const inviteUser = tenantMessage.command({
  type: 'users.invite',
  idempotency: { redact: ['inviteToken', 'inviteUrl'] },
  access: admins,
  input: z.strictObject({
    email,
    name: text(120),
    role,
    employeeId: idOf('emp').optional().describe('Invite from an employee record: the account is linked to it'),
  }),
  output: inviteSchema,
  route: {
    method: 'POST',
    path: '/v1/invites',
    status: 201,
    summary: 'Invite a user (from an employee record, to link them); the reply carries the invite link',
    problems: {
      403: 'The role may not invite, or not grant this role (`forbidden`)',
      409: 'A user has this email (`email_taken`), or another user is linked to the employee (`employee_linked`)',
      422: 'No such employee (`unknown_employee`), one who has left (`employee_terminated`), or an Idempotency-Key reused with another body (`idempotency_key_reused`)',
    },
  },
  handler: async ({ employeeId, ...input }, ctx) => {
    assertMayGrant(ctx, input.role);
    if (employeeId) assertLinkableEmployee(ctx.state, employeeId);
    const user = await insertUser(ctx, { ...input, status: 'invited', passwordHash: null, employeeId: employeeId ?? null });
    if (employeeId) ctx.set(ctx.state.identity.userIdsByEmployee, employeeId, user.id);
    const token = `${ctx.state.tenantId}.${randomToken()}`;
    const expiresAt = new Date(ctx.now.getTime() + inviteTtlMs).toISOString();
    await ctx.db.insert(invites).values({ tokenHash: await sha256(token), userId: user.id, expiresAt });
    ctx.emit(userInvited.create(user.id, { user: userView(user) }, [user.id]));
    const inviteUrl = `${ctx.services.publicUrl}/invite#token=${encodeURIComponent(token)}`;
    await mailInvite(ctx, user, inviteUrl);
    return { user: userView(user), inviteToken: token, inviteUrl, expiresAt };
  },
});

export const acceptInvite = tenantMessage.command({
  type: 'users.acceptInvite',
  idempotency: 'none',
  access: 'public',
  input: z.strictObject({ token: z.string().min(1).max(200), password, name: text(120).optional() }),
  output: z.strictObject({ user: userSchema }),
  route: {
    method: 'POST',
    path: '/v1/invites/accept',
    summary: 'Accept an invite and set a password',
    description: 'The body is checked first (400), then the token.',
    problems: { 410: 'The invite is unknown, used or expired (`token_invalid`)' },
    tenantOf: (input) => tokenTenant((input as { token?: string }).token),
  },
  prepare: async (input, ctx) => (await assertInviteOpen(ctx, input.token), ctx.services.passwords.hash(input.password)),
  handler: async (input, ctx, passwordHash) => {
    const tokenHash = await sha256(input.token);
    const [invite] = await ctx.db.select().from(invites).where(eq(invites.tokenHash, tokenHash));
    const user = invite && ctx.state.identity.users.get(invite.userId);
    if (!invite || !user || invite.acceptedAt || invite.expiresAt <= ctx.now.toISOString() || user.status !== 'invited') {
      throw inviteInvalid();
    }
    await ctx.db.update(invites).set({ acceptedAt: ctx.now.toISOString() }).where(eq(invites.tokenHash, tokenHash));
    const updated = await updateUser(ctx, user, { status: 'active', passwordHash, name: input.name ?? user.name });
    ctx.emit(userActivated.create(user.id, { user: userView(updated) }, [user.id]));
    return { user: userView(updated) };
  },
});

export const changeRole = tenantMessage.command({
  type: 'users.changeRole',
  access: admins,
  input: z.strictObject({ id: idOf('usr'), role }),
  output: userSchema,
  route: { method: 'PATCH', path: '/v1/users/:id', summary: "Change a user's role (If-Match optional)", etag: contentEtag, ifMatch: 'optional' },
  handler: async ({ id, role }, ctx) => {
    const user = ctx.state.identity.users.get(id);
    if (!user) throw notFound('The user');
    assertIfMatchContent(ctx.meta.ifMatch, userView(user));
    assertMayGrant(ctx, role);
    if (user.role === 'owner') assertMayGrant(ctx, 'owner');
    if (user.role === 'owner' && role !== 'owner') assertNotLastOwner(ctx.state, user);
    const keysThatWorked = workingKeysOf(ctx.state.identity, id);
    const updated = await updateUser(ctx, user, { role });
    ctx.emit(userRoleChanged.create(id, { user: userView(updated), from: user.role }, [id]));
    // A demotion below a key's role stops that key at once; its streams are told.
    announceStoppedKeys(ctx, id, keysThatWorked);
    return userView(updated);
  },
});

export const deactivateUser = tenantMessage.command({
  type: 'users.deactivate',
  access: admins,
  input: z.strictObject({ id: idOf('usr') }),
  output: userSchema,
  route: { method: 'POST', path: '/v1/users/:id/deactivate', summary: 'Deactivate a user and end their sessions' },
  handler: async ({ id }, ctx) => {
    const user = ctx.state.identity.users.get(id);
    if (!user) throw notFound('The user');
    if (user.role === 'owner') {
      assertMayGrant(ctx, 'owner');
      assertNotLastOwner(ctx.state, user);
    }
    return userView(await deactivate(ctx, user, 'admin'));
  },
});

export const reactivateUser = tenantMessage.command({
  type: 'users.reactivate',
  access: admins,
  input: z.strictObject({ id: idOf('usr') }),
  output: userSchema,
  route: { method: 'POST', path: '/v1/users/:id/reactivate', summary: 'Let a deactivated user sign in again (not while their employee record says they left)' },
  handler: async ({ id }, ctx) => {
    const user = ctx.state.identity.users.get(id);
    if (!user) throw notFound('The user');
    if (user.role === 'owner') assertMayGrant(ctx, 'owner');
    const employee = user.employeeId ? ctx.state.people.employees.get(user.employeeId) : undefined;
    if (employee?.status === 'terminated') throw conflict('employee_terminated', 'This user’s employee record says they left; rehire them first.');
    return userView(await reactivate(ctx, user));
  },
});

/** Nobody hands out more power than they hold; only an owner makes owners. */
function assertMayGrant(ctx: Ctx, granted: Role) {
  const p = ctx.principal;
  const mine = p.kind === 'user' || p.kind === 'apiKey' ? p.role : 'owner';
  if (granted === 'owner' && mine !== 'owner') throw forbidden('Only an owner can grant or take the owner role.');
}

function assertNotLastOwner(state: TenantState, user: UserRow) {
  const owners = [...state.identity.users.values()].filter((u) => u.role === 'owner' && u.status === 'active');
  if (owners.length === 1 && owners[0]!.id === user.id) {
    throw new AppError(409, 'last_owner', 'A tenant keeps at least one active owner.');
  }
}

export async function insertUser(
  ctx: Ctx,
  fields: Pick<UserRow, 'email' | 'name' | 'role' | 'status' | 'passwordHash'> & { employeeId?: string | null },
): Promise<UserRow> {
  const { identity } = ctx.state;
  if (identity.userIdsByEmail.has(fields.email)) throw conflict('email_taken', 'A user with this email exists.', 'email');
  const at = ctx.now.toISOString();
  const user: UserRow = { id: ctx.ids.next('usr'), ...fields, employeeId: fields.employeeId ?? null, deactivatedBy: null, createdAt: at, updatedAt: at };
  await ctx.db.insert(users).values(user);
  ctx.set(identity.users, user.id, user);
  ctx.set(identity.userIdsByEmail, user.email, user.id);
  ctx.audit({ entity: 'user', id: user.id, after: userView(user) });
  return user;
}

export async function updateUser(ctx: Ctx, user: UserRow, patch: Partial<UserRow>): Promise<UserRow> {
  const updated: UserRow = { ...user, ...patch, updatedAt: ctx.now.toISOString() };
  await ctx.db.update(users).set({ ...patch, updatedAt: updated.updatedAt }).where(eq(users.id, user.id));
  ctx.set(ctx.state.identity.users, user.id, updated);
  ctx.audit({ entity: 'user', id: user.id, before: userView(user), after: userView(updated) });
  return updated;
}
