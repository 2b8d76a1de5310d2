import { afterAll, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLibsqlStore } from '../../src/storage/libsql-store';
import { tenantMigrations } from '../../migrations/tenant';
import { migrate } from '../core/migrate';
import type { EmployeeRow } from '../people/people.sql.ts';
import type { TenantState } from '../tenant/context';
import { ledger } from '../timeoff/timeoff.sql.ts';
import type { ScheduleRow } from './attendance.sql.ts';
import { timesheet } from './timesheets';

/**
 * Leave comes from another context's table (the time-off ledger), which the HTTP suite
 * cannot fill with usage rows yet; this reads it through the real query on a real database.
 */
const dir = mkdtempSync(join(tmpdir(), 'attendance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the timesheet counts leave from the ledger’s usage rows, and a day on leave is not an absence', async () => {
  const store = await openLibsqlStore({ url: `file:${join(dir, 'tenant.db')}` });
  await migrate(store, tenantMigrations);
  const row = (id: string, kind: 'usage' | 'accrual', amount: number, effectiveOn: string, period: string | null = null) => ({
    id,
    employeeId: 'emp_1',
    leaveTypeId: 'ltp_1',
    kind,
    amount,
    effectiveOn,
    period,
    reason: null,
    createdAt: '2025-01-01T00:00:00Z',
  });
  await store.db.insert(ledger).values([
    row('led_1', 'usage', -1, '2025-03-11'),
    row('led_2', 'usage', -0.5, '2025-03-13'),
    row('led_3', 'accrual', 2, '2025-03-01', '2025-03'),
    { ...row('led_4', 'usage', -1, '2025-03-12'), employeeId: 'emp_2' },
  ]);
  const nine = { start: '09:00', end: '17:00' };
  const schedule = { id: 'wsc_1', days: { '1': nine, '2': nine, '3': nine, '4': nine, '5': nine }, graceMinutes: 0 } as unknown as ScheduleRow;
  const employee = { id: 'emp_1', hireDate: '2020-01-01', terminationDate: null, locationId: null, status: 'active' } as unknown as EmployeeRow;
  const state = {
    profile: { timeZone: 'UTC' },
    people: { employees: new Map([['emp_1', employee]]) },
    organisation: { locations: new Map(), holidays: new Map() },
    attendance: { schedules: new Map([['wsc_1', schedule]]), assignments: new Map([['emp_1', 'wsc_1']]) },
  } as unknown as TenantState;
  const ctx = { state, db: store.db, principal: { kind: 'system' as const }, meta: { requestId: 'r', principal: { kind: 'system' as const } }, services: undefined as never, now: new Date('2025-04-01T00:00:00Z') };
  const sheet = await timesheet.handler({ employeeId: 'emp_1', from: '2025-03-10', to: '2025-03-16' }, ctx);
  expect(sheet.days.map((d) => [d.date, d.leaveDays, d.absent])).toEqual([
    ['2025-03-10', 0, true],
    ['2025-03-11', 1, false],
    ['2025-03-12', 0, true],
    ['2025-03-13', 0.5, false],
    ['2025-03-14', 0, true],
    ['2025-03-15', 0, false],
    ['2025-03-16', 0, false],
  ]);
  expect(sheet.totals).toMatchObject({ leaveDays: 1.5, absences: 3, scheduledDays: 5 });
  await store.close();
});
