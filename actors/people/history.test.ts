import { describe, expect, test } from 'bun:test';
import { employeeAsOf } from './history';
import type { RecordedEvent } from './history';
import type { EmployeeEventRow, EmployeeRow } from './people.sql.ts';

const current = { id: 'emp_1', jobTitle: 'Senior', departmentId: 'dep_b', status: 'active', hireDate: '2020-01-01' } as EmployeeRow;
let n = 0;
const event = (type: EmployeeEventRow['type'], effectiveDate: string, changes: EmployeeEventRow['changes'], state: EmployeeEventRow['state'] = 'applied'): RecordedEvent => ({
  id: `eev_${1000 - ++n}`, // ids sort against the order of recording, as random ids may
  employeeId: 'emp_1',
  type,
  effectiveDate,
  changes,
  reason: null,
  state,
  // All in one millisecond: only the order of recording (seq) tells them apart.
  recordedAt: '2026-01-01T00:00:00.000Z',
  seq: n,
  recordedBy: 'usr_1',
});

describe('an employee as of a date', () => {
  const history = [
    event('hire', '2020-01-01', { jobTitle: 'Junior', departmentId: 'dep_a', status: 'active', hireDate: '2020-01-01' }),
    // Recorded last, effective in between: it lands in its place.
    event('title_change', '2024-01-01', { jobTitle: 'Senior' }),
    event('transfer', '2023-06-01', { departmentId: 'dep_b' }),
    event('title_change', '2022-01-01', { jobTitle: 'Mid' }),
    event('termination', '2030-01-01', { status: 'terminated', terminationDate: '2030-01-01' }, 'scheduled'),
    event('title_change', '2025-01-01', { jobTitle: 'Withdrawn' }, 'cancelled'),
  ];

  test('folds the changes in effective-date order, whatever order they were recorded in', () => {
    expect(employeeAsOf(current, history, '2021-06-01')).toMatchObject({ jobTitle: 'Junior', departmentId: 'dep_a' });
    expect(employeeAsOf(current, history, '2023-01-01')).toMatchObject({ jobTitle: 'Mid', departmentId: 'dep_a' });
    expect(employeeAsOf(current, history, '2023-06-01')).toMatchObject({ jobTitle: 'Mid', departmentId: 'dep_b' });
    expect(employeeAsOf(current, history, '2026-01-01')).toMatchObject({ jobTitle: 'Senior', status: 'active' });
  });

  test('two changes on the same day in the same millisecond apply in the order recorded', () => {
    const sameDay = [...history, event('title_change', '2024-01-01', { jobTitle: 'Staff' }), event('title_change', '2024-01-01', { jobTitle: 'Principal' })];
    expect(employeeAsOf(current, sameDay, '2024-06-01')?.jobTitle).toBe('Principal');
    expect(employeeAsOf(current, sameDay.toReversed(), '2024-06-01')?.jobTitle).toBe('Principal');
  });

  test('scheduled changes show on their day; withdrawn ones never', () => {
    expect(employeeAsOf(current, history, '2030-01-01')).toMatchObject({ status: 'terminated', terminationDate: '2030-01-01' });
    expect(employeeAsOf(current, history, '2025-06-01')?.jobTitle).toBe('Senior');
  });

  test('there is no record before the hire', () => {
    expect(employeeAsOf(current, history, '2019-12-31')).toBeUndefined();
  });
});
