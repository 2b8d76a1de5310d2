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
        userIdsByEmail: new Map([['boss@x', 'usr_boss'], ['hr@x', 'usr_hr'], ['gone@x', 'usr_gone']]),
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
});
