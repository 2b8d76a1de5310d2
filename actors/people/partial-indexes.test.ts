import { expect, test } from 'bun:test';
import { Database } from 'bun:sqlite';
import { drizzle } from 'drizzle-orm/bun-sqlite';
import { tenantMigrations } from '../../migrations/tenant';
import type { Db } from '../core/store';
import { scheduledChangesDue } from './lifecycle';

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
