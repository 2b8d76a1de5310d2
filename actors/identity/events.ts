import { z } from 'zod';
import { defineEvent } from '../core/event';
import { roles } from '../core/principal';

const user = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(roles),
  status: z.enum(['invited', 'active', 'deactivated']),
  createdAt: z.string(),
});
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

export const identityEvents = [tenantCreated, userInvited, userActivated, userRoleChanged, userDeactivated, apiKeyRevoked];
