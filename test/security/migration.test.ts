import { afterAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../../actors/core/migrate';
import { tenantMigrations } from '../../migrations/tenant';
import { openBunSqliteStore } from '../../src/storage/bun-sqlite-store';

const dir = mkdtempSync(join(tmpdir(), 'roster-link-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Existing tenants knew who was who only by a matching email. The migration that adds the
 * link takes today's match once, so nobody loses their own record on upgrade; from then on
 * the link is by id, and an email edit changes nothing. It also gives each key the user who
 * made it, and each refresh family its start.
 */
test('the migration backfills links, key owners and family starts from what an existing tenant holds', async () => {
  const store = openBunSqliteStore(join(dir, 'tenant.db'));
  const mine = tenantMigrations.findIndex((m) => m.sql.includes('`users_employee`'));
  expect(mine).toBeGreaterThan(0);
  await migrate(store, tenantMigrations.slice(0, mine));
  const at = '2026-01-01T00:00:00.000Z';
  await store.run("INSERT INTO users (id, email, name, role, status, password_hash, created_at, updated_at) VALUES ('usr_a', 'ann@x.test', 'Ann', 'admin', 'active', NULL, ?, ?), ('usr_b', 'bob@x.test', 'Bob', 'employee', 'active', NULL, ?, ?)", [at, at, at, at]);
  await store.run(
    "INSERT INTO employees (id, first_name, last_name, work_email, employment_type, hire_date, status, version, created_at, updated_at) VALUES ('emp_a', 'Ann', 'A', 'ann@x.test', 'full_time', '2020-01-01', 'active', 1, ?, ?), ('emp_c', 'Cy', 'C', 'cy@x.test', 'full_time', '2020-01-01', 'active', 1, ?, ?)",
    [at, at, at, at],
  );
  await store.run("INSERT INTO api_keys (id, name, prefix, secret_hash, role, created_by, created_at) VALUES ('key_1', 'K1', 'aaaaaaaaaaaa', 'h', 'admin', 'usr_a', ?), ('key_2', 'K2', 'bbbbbbbbbbbb', 'h', 'hr', 'key_1', ?), ('key_3', 'K3', 'cccccccccccc', 'h', 'hr', 'system', ?)", [at, at, at]);
  await store.run("INSERT INTO refresh_tokens (token_hash, family_id, user_id, status, expires_at, created_at) VALUES ('t1', 'fam_1', 'usr_a', 'used', '2026-02-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'), ('t2', 'fam_1', 'usr_a', 'active', '2026-02-05T00:00:00.000Z', '2026-01-05T00:00:00.000Z')", []);

  await migrate(store, tenantMigrations);
  expect(await store.all('SELECT id, employee_id FROM users ORDER BY id', [])).toEqual([
    { id: 'usr_a', employee_id: 'emp_a' },
    { id: 'usr_b', employee_id: null },
  ]);
  expect(await store.all('SELECT id, owner_user_id FROM api_keys ORDER BY id', [])).toEqual([
    { id: 'key_1', owner_user_id: 'usr_a' },
    { id: 'key_2', owner_user_id: 'usr_a' },
    // Made by no user: it has no owner and works no more (listed, so an admin can replace it).
    { id: 'key_3', owner_user_id: null },
  ]);
  expect(await store.all('SELECT DISTINCT family_started_at FROM refresh_tokens', [])).toEqual([{ family_started_at: '2026-01-01T00:00:00.000Z' }]);
  await store.close?.();
});

/**
 * The audit log loses AUTOINCREMENT (a page of sqlite_sequence in every commit). The rows an
 * existing tenant holds keep their ids, and the next row's id follows the largest: the ids
 * audit pages are cursors over never go back.
 */
test('the audit log keeps its ids and goes on from the largest after the migration that drops AUTOINCREMENT', async () => {
  const store = openBunSqliteStore(join(dir, 'audit.db'));
  const rebuild = tenantMigrations.findIndex((m) => m.sql.includes('`__new_audit_log`'));
  expect(rebuild).toBeGreaterThan(0);
  await migrate(store, tenantMigrations.slice(0, rebuild));
  const row = (id: number) => [id, '2026-01-01T00:00:00.000Z', 'req', 'user', 'usr_a', 'employees.update', 'emp_a', '{}'];
  for (const id of [1, 2, 7]) await store.run('INSERT INTO audit_log (id, at, request_id, actor_kind, actor_id, action, subject, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', row(id));
  await migrate(store, tenantMigrations);
  expect(await store.all("SELECT sql FROM sqlite_schema WHERE name = 'audit_log'", [])).toEqual([{ sql: expect.not.stringContaining('AUTOINCREMENT') }]);
  await store.run("INSERT INTO audit_log (at, request_id, actor_kind, actor_id, action, subject, changes) VALUES ('2026-01-02T00:00:00.000Z', 'req', 'user', 'usr_a', 'employees.update', 'emp_a', '{}')", []);
  expect(await store.all('SELECT id FROM audit_log ORDER BY id', [])).toEqual([{ id: 1 }, { id: 2 }, { id: 7 }, { id: 8 }]);
  expect(await store.all("SELECT name FROM sqlite_schema WHERE tbl_name = 'audit_log' AND type = 'index' ORDER BY name", [])).toEqual([{ name: 'audit_log_actor' }, { name: 'audit_log_subject' }]);
  await store.close?.();
});
