import { z } from 'zod';
import { defineEvent } from '../core/event';
import { roles } from '../core/principal';

const user = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(roles),
  status: z.enum(['invited', 'active', 'deactivated']),
  employeeId: z.string().nullable().optional(),
  createdAt: z.string(),
});
/** No name, prefix or secret: HR hears every event, and API keys are owners' and admins' business. */
const key = z.object({ id: z.string(), role: z.enum(roles), ownerUserId: z.string().nullable(), service: z.boolean() });
const tenant = z.object({ id: z.string(), slug: z.string(), name: z.string() });

export const tenantCreated = defineEvent({ type: 'tenant.created', summary: 'A company was created with its owner', data: z.object({ tenant }) });
export const userInvited = defineEvent({ type: 'user.invited', summary: 'A user was invited', data: z.object({ user }) });
export const userActivated = defineEvent({ type: 'user.activated', summary: 'An invited user accepted and set a password', data: z.object({ user }) });
export const userRoleChanged = defineEvent({
  type: 'user.role_changed',
  summary: "A user's role changed",
  data: z.object({ user, from: z.enum(roles) }),
});
export const userDeactivated = defineEvent({ type: 'user.deactivated', summary: 'A user was deactivated; their sessions ended', data: z.object({ user }) });

const apiKey = z.object({ id: z.string(), name: z.string(), role: z.enum(roles), prefix: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() });
export const apiKeyRevoked = defineEvent({ type: 'api_key.revoked', summary: 'An API key was revoked; it stopped working, and its open streams closed', data: z.object({ apiKey }) });

export const userReactivated = defineEvent({ type: 'user.reactivated', summary: 'A deactivated user may sign in again (a rehire)', data: z.object({ user }) });
/** Subject and audience: the user, so that streams of that user re-check what they may see. */
export const userEmployeeLinked = defineEvent({
  type: 'user.employee_linked',
  summary: 'The employee record a user is linked to changed (set, moved or removed)',
  data: z.object({ user, employeeId: z.string().nullable(), from: z.string().nullable() }),
});
/**
 * A key stopped working though nobody revoked it: its owner was deactivated (or left) or
 * demoted below its role. Subject: the key; audience: the key and its owner, so that their
 * streams and the edges' key caches re-check. (A revocation is `api_key.revoked`.)
 */
export const apiKeyStopped = defineEvent({
  type: 'api_key.stopped',
  summary: 'An API key stopped working because its owner left, was deactivated or was demoted below its role',
  data: z.object({ key, reason: z.enum(['owner_deactivated', 'owner_demoted']) }),
});

/**
 * A user's account was erased (actors/privacy/): the user, their own keys, sessions and stream
 * tickets are gone. Ids only. Subject: the user; audience: the user and the keys, so that their
 * open streams and the edges' key caches re-check, and find nothing.
 */
export const userErased = defineEvent({ type: 'user.erased', summary: 'A user account was erased with its sessions, keys and stream tickets', data: z.object({ userId: z.string(), apiKeyIds: z.array(z.string()) }) });

export const identityEvents = [tenantCreated, userInvited, userActivated, userRoleChanged, userDeactivated, apiKeyRevoked, userReactivated, userEmployeeLinked, apiKeyStopped, userErased];
