import { expect, test } from 'bun:test';
import { Database } from 'bun:sqlite';
import { drizzle } from 'drizzle-orm/bun-sqlite';
import { tenantMigrations } from '../../migrations/tenant';
import type { Db } from '../core/store';
import { laterAppliedChangeQuery, scheduledChangesDue } from './lifecycle';

/**
 * A change that applies at once writes no page of employee_events_scheduled, because the index
 * holds only changes to come. That saving is only worth having while the timer's query still
 * finds them through the index, not by reading every change ever recorded.
 */
test('the query for scheduled changes that are due uses the partial index', () => {
  const sqlite = new Database(':memory:');
  for (const m of tenantMigrations) for (const statement of m.sql.split('--> statement-breakpoint')) if (statement.trim()) sqlite.exec(statement);
  const query = scheduledChangesDue(drizzle({ client: sqlite }) as unknown as Db, '2026-12-02').toSQL();
  const plan = sqlite.query(`EXPLAIN QUERY PLAN ${query.sql}`).all(...(query.params as string[])) as { detail: string }[];
  expect(plan.map((p) => p.detail)).toEqual([expect.stringContaining('USING INDEX employee_events_scheduled')]);
  sqlite.close();
});

/**
 * A value bound to `state` makes SQLite prepare the statement again on every run (to see
 * whether employee_events_scheduled applies to it), as a bound LIMIT does: both are written
 * into the SQL, and the PATCH's query binds only the employee and the date.
 */
test('no query of employee_events binds the state that the partial index names, nor a LIMIT', () => {
  const sqlite = new Database(':memory:');
  for (const m of tenantMigrations) for (const statement of m.sql.split('--> statement-breakpoint')) if (statement.trim()) sqlite.exec(statement);
  const db = drizzle({ client: sqlite }) as unknown as Db;
  for (const query of [scheduledChangesDue(db, '2026-12-02').toSQL(), laterAppliedChangeQuery(db).toSQL()]) {
    expect(query.sql).toMatch(/"state" = '(scheduled|applied)'/);
    expect(query.params).not.toContain('applied');
    expect(query.params).not.toContain('scheduled');
  }
  // And the PATCH's query still seeks by employee and date.
  const later = laterAppliedChangeQuery(db).toSQL();
  expect(later.sql).toEndWith(' limit 1');
  expect(later.params).toHaveLength(2);
  const plan = sqlite.query(`EXPLAIN QUERY PLAN ${later.sql}`).all('emp_x', '2026-12-02') as { detail: string }[];
  expect(plan.map((p) => p.detail)).toEqual([expect.stringContaining('USING INDEX employee_events_employee (employee_id=? AND effective_date>?)')]);
  sqlite.close();
});
