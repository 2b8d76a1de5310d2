import { describe, expect, test } from 'bun:test';
import { actingFor, appliesTo, dueDateOf, isAssignee, isOverdue, reminderDates, resolveAssignee } from './rules';

const placed = { locationId: 'loc_a', departmentId: 'dep_x', employmentType: 'full_time' };

describe('checklist rules', () => {
  test('due dates count calendar days from the anchor, before or after it', () => {
    expect(dueDateOf('2026-03-02', -7)).toBe('2026-02-23');
    expect(dueDateOf('2026-02-28', 1)).toBe('2026-03-01');
    expect(dueDateOf('2028-02-28', 1)).toBe('2028-02-29');
    expect(dueDateOf('2026-12-31', 0)).toBe('2026-12-31');
  });

  test('a condition narrows only by the dimensions it lists', () => {
    expect(appliesTo(undefined, placed)).toBe(true);
    expect(appliesTo({}, placed)).toBe(true);
    expect(appliesTo({ locationIds: ['loc_a', 'loc_b'] }, placed)).toBe(true);
    expect(appliesTo({ locationIds: ['loc_b'] }, placed)).toBe(false);
    expect(appliesTo({ locationIds: ['loc_a'], employmentTypes: ['contractor'] }, placed)).toBe(false);
    expect(appliesTo({ departmentIds: ['dep_x'] }, { ...placed, departmentId: null })).toBe(false);
  });

  test("a person's task is theirs while an account is linked to them, HR's while none is", () => {
    const employee = { id: 'emp_e', managerId: 'emp_m' };
    expect(resolveAssignee({ type: 'employee' }, employee)).toEqual({ employeeId: 'emp_e', userId: null, role: null });
    expect(resolveAssignee({ type: 'manager' }, employee)).toEqual({ employeeId: 'emp_m', userId: null, role: null });
    expect(resolveAssignee({ type: 'manager' }, { id: 'emp_e', managerId: null })).toEqual({ employeeId: null, userId: null, role: 'hr' });
    expect(resolveAssignee({ type: 'role', role: 'admin' }, employee)).toEqual({ employeeId: null, userId: null, role: 'admin' });
    expect(resolveAssignee({ type: 'user', userId: 'usr_it' }, employee)).toEqual({ employeeId: null, userId: 'usr_it', role: null });
    const accounts = (id: string) => (id === 'emp_e' ? 'usr_e' : undefined);
    expect(actingFor(resolveAssignee({ type: 'employee' }, employee), accounts)).toEqual({ userId: 'usr_e', role: null });
    expect(actingFor(resolveAssignee({ type: 'manager' }, employee), accounts)).toEqual({ userId: null, role: 'hr' });
    expect(actingFor(resolveAssignee({ type: 'user', userId: 'usr_it' }, employee), accounts)).toEqual({ userId: 'usr_it', role: null });
  });

  test('only the assignee may close a task: a named user, or a holder of the role', () => {
    expect(isAssignee({ userId: 'usr_a', role: null }, { userId: 'usr_a', role: 'employee' })).toBe(true);
    expect(isAssignee({ userId: 'usr_a', role: null }, { userId: 'usr_b', role: 'hr' })).toBe(false);
    expect(isAssignee({ userId: null, role: 'hr' }, { userId: 'usr_b', role: 'hr' })).toBe(true);
    expect(isAssignee({ userId: null, role: 'hr' }, { userId: 'usr_b', role: 'owner' })).toBe(false);
  });

  test('overdue starts the day after the due date, for open tasks only; reminders follow', () => {
    expect(isOverdue({ status: 'open', dueDate: '2026-03-01' }, '2026-03-01')).toBe(false);
    expect(isOverdue({ status: 'open', dueDate: '2026-03-01' }, '2026-03-02')).toBe(true);
    expect(isOverdue({ status: 'done', dueDate: '2026-03-01' }, '2026-03-09')).toBe(false);
    expect(reminderDates.first('2026-03-01')).toBe('2026-03-02');
    expect(reminderDates.next('2026-03-02')).toBe('2026-03-09');
  });
});
