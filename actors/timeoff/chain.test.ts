import { describe, expect, test } from 'bun:test';
import type { TenantState } from '../tenant/context';
import { applicableSteps, approversOf } from './chain';

describe('approval chain', () => {
  test('a step with minDays applies only above that many days; none applying means the manager', () => {
    const chain = [{ approver: 'manager' as const }, { approver: 'hr' as const, minDays: 5 }];
    expect(applicableSteps(chain, 5).map((s) => s.approver)).toEqual(['manager']);
    expect(applicableSteps(chain, 5.5).map((s) => s.approver)).toEqual(['manager', 'hr']);
    expect(applicableSteps([{ approver: 'hr', minDays: 10 }], 2)).toEqual([{ approver: 'manager' }]);
    expect(applicableSteps(undefined, 1)).toEqual([{ approver: 'manager' }]);
  });

  test('a missing approver falls to HR', () => {
    const user = (id: string, email: string, role: string, status = 'active') => [id, { id, email, role, status }] as const;
    const state = {
      identity: {
        users: new Map([user('usr_boss', 'boss@x', 'manager'), user('usr_hr', 'hr@x', 'hr'), user('usr_gone', 'gone@x', 'manager', 'deactivated')]),
        // Linked by id (HR's act), not by the matching emails.
        userIdsByEmployee: new Map([['emp_boss', 'usr_boss'], ['emp_gone', 'usr_gone']]),
      },
      people: {
        employees: new Map([
          ['emp_boss', { id: 'emp_boss', workEmail: 'boss@x', managerId: null }],
          ['emp_a', { id: 'emp_a', workEmail: 'a@x', managerId: 'emp_boss' }],
          ['emp_b', { id: 'emp_b', workEmail: 'b@x', managerId: 'emp_gone' }],
          ['emp_gone', { id: 'emp_gone', workEmail: 'gone@x', managerId: null }],
        ]),
      },
    } as unknown as TenantState;
    expect(approversOf(state, 'emp_a', { approver: 'manager' })).toEqual(['usr_boss']);
    // The manager has no manager; the manager of a deactivated user's report is nobody.
    expect(approversOf(state, 'emp_a', { approver: 'manager_of_manager' })).toEqual(['usr_hr']);
    expect(approversOf(state, 'emp_b', { approver: 'manager' })).toEqual(['usr_hr']);
    expect(approversOf(state, 'emp_boss', { approver: 'manager' })).toEqual(['usr_hr']);
    expect(approversOf(state, 'emp_a', { approver: { userId: 'usr_gone' } })).toEqual(['usr_hr']);
  });

  test('nobody is asked to decide their own request: HR asking falls to the other HR staff, then owners and admins', () => {
    const user = (id: string, role: string) => [id, { id, role, status: 'active' }] as const;
    const state = {
      identity: {
        users: new Map([user('usr_hr', 'hr'), user('usr_hr2', 'hr'), user('usr_own', 'owner')]),
        userIdsByEmployee: new Map([['emp_hr', 'usr_hr'], ['emp_hr2', 'usr_hr2']]),
      },
      people: { employees: new Map([['emp_hr', { id: 'emp_hr', managerId: null }], ['emp_hr2', { id: 'emp_hr2', managerId: null }]]) },
    } as unknown as TenantState;
    expect(approversOf(state, 'emp_hr', { approver: 'manager' })).toEqual(['usr_hr2']);
    expect(approversOf(state, 'emp_hr', { approver: { userId: 'usr_hr' } })).toEqual(['usr_hr2']);
    state.identity.users.delete('usr_hr2');
    expect(approversOf(state, 'emp_hr', { approver: 'hr' })).toEqual(['usr_own']);
  });
});
