import { z } from 'zod';
import { roles } from '../core/principal';
import { instant } from '../core/reply';
import { idOf } from '../core/text';
import type { Db } from '../core/store';
import { apiKeys, users, type ApiKeyRow, type UserRow } from './identity.sql.ts';

export interface IdentityState {
  users: Map<string, UserRow>;
  userIdsByEmail: Map<string, string>;
  /** The user linked to each employee record (see `users.employee_id`). */
  userIdsByEmployee: Map<string, string>;
  apiKeys: Map<string, ApiKeyRow>;
  apiKeyIdsByPrefix: Map<string, string>;
}

export async function loadIdentity(db: Db): Promise<IdentityState> {
  const userRows = await db.select().from(users);
  const keyRows = await db.select().from(apiKeys);
  return {
    users: new Map(userRows.map((u) => [u.id, u])),
    userIdsByEmail: new Map(userRows.map((u) => [u.email, u.id])),
    userIdsByEmployee: new Map(userRows.flatMap((u) => (u.employeeId ? [[u.employeeId, u.id] as const] : []))),
    apiKeys: new Map(keyRows.map((k) => [k.id, k])),
    apiKeyIdsByPrefix: new Map(keyRows.map((k) => [k.prefix, k.id])),
  };
}

/** What a user looks like through the API: never the password hash. */
export const userSchema = z.strictObject({
  id: idOf('usr'),
  email: z.email(),
  name: z.string(),
  role: z.enum(roles),
  status: z.enum(['invited', 'active', 'deactivated']),
  employeeId: idOf('emp').nullable().describe('The employee record this user is, linked by HR; null: none'),
  createdAt: instant,
}).meta({ id: 'User' });

export function userView(u: UserRow) {
  return { id: u.id, email: u.email, name: u.name, role: u.role, status: u.status, employeeId: u.employeeId ?? null, createdAt: u.createdAt };
}
