import { describe, expect, test } from 'bun:test';
import { keyStop } from './api-keys';
import type { ApiKeyRow, UserRow } from './identity.sql.ts';
import type { IdentityState } from './state';

const user = (role: UserRow['role'], status: UserRow['status'] = 'active') => ({ id: 'usr_1', role, status }) as UserRow;
const key = (o: Partial<ApiKeyRow> = {}) => ({ id: 'key_1', role: 'hr', ownerUserId: 'usr_1', service: false, revokedAt: null, ...o }) as ApiKeyRow;
const identity = (u?: UserRow) => ({ users: new Map(u ? [[u.id, u]] : []) }) as unknown as IdentityState;

describe('whether a key works now', () => {
  test('while its owner is active and holds at least its role', () => {
    expect(keyStop(identity(user('hr')), key())).toBeUndefined();
    expect(keyStop(identity(user('owner')), key())).toBeUndefined();
    expect(keyStop(identity(user('manager')), key())).toBe('owner_demoted');
    expect(keyStop(identity(user('admin', 'deactivated')), key())).toBe('owner_deactivated');
    expect(keyStop(identity(), key())).toBe('owner_deactivated');
  });

  test('a key without an owner (made before owners, not by a user) works no more', () => {
    expect(keyStop(identity(user('owner')), key({ ownerUserId: null }))).toBe('owner_deactivated');
  });

  test('a service key answers to revocation only', () => {
    expect(keyStop(identity(user('employee', 'deactivated')), key({ service: true, role: 'admin' }))).toBeUndefined();
    expect(keyStop(identity(user('owner')), key({ service: true, revokedAt: '2026-01-01T00:00:00.000Z' }))).toBe('revoked');
  });
});
