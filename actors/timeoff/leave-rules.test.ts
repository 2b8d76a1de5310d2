import { describe, expect, test } from 'bun:test';
import { blackoutApplies, leaveRuleViolation, spanDays, type Blackout, type RuleInput } from './leave-rules';

const open = { id: 'ltp_a', tracked: true, applicableAfterDays: null, maxConsecutiveDays: null, maxBackdateDays: null };
const base: RuleInput = {
  type: open,
  startDate: '2026-12-07',
  endDate: '2026-12-11',
  hireDate: '2024-01-15',
  departmentAndAbove: new Set(['dep_child', 'dep_parent']),
  today: '2026-12-01',
  byHr: false,
  blackouts: [],
};
const release: Blackout = { id: 'blk_1', name: 'Release week', startDate: '2026-12-10', endDate: '2026-12-12', appliesTo: { scope: 'department', departmentId: 'dep_parent' }, leaveTypeIds: null };

describe('leave rules', () => {
  test('with no rules set, nothing is refused', () => {
    expect(leaveRuleViolation(base)).toBeNull();
  });

  test('waiting period: from hire date + N days, not a day earlier', () => {
    // Hired 2026-11-20 with a 30-day wait: the first day is 2026-12-20.
    const rule = { ...base, type: { ...open, applicableAfterDays: 30 }, hireDate: '2026-11-20' };
    expect(leaveRuleViolation({ ...rule, startDate: '2026-12-19', endDate: '2026-12-21' })).toMatchObject({ code: 'waiting_period', field: 'startDate', message: expect.stringContaining('2026-12-20') });
    expect(leaveRuleViolation({ ...rule, startDate: '2026-12-20', endDate: '2026-12-21' })).toBeNull();
    // HR is bound too: the waiting period is the contract's, not a planning rule.
    expect(leaveRuleViolation({ ...rule, startDate: '2026-12-19', endDate: '2026-12-21', byHr: true })?.code).toBe('waiting_period');
  });

  test('back-dating: an employee goes back at most N days; HR further', () => {
    const rule = { ...base, type: { ...open, maxBackdateDays: 7 } };
    expect(leaveRuleViolation({ ...rule, startDate: '2026-11-24', endDate: '2026-11-24' })).toBeNull();
    expect(leaveRuleViolation({ ...rule, startDate: '2026-11-23', endDate: '2026-11-24' })).toMatchObject({ code: 'backdated_too_far', field: 'startDate' });
    expect(leaveRuleViolation({ ...rule, startDate: '2026-11-23', endDate: '2026-11-24', byHr: true })).toBeNull();
  });

  test('consecutive days: calendar days from first to last, weekends included', () => {
    expect(spanDays('2026-12-07', '2026-12-11')).toBe(5);
    expect(spanDays('2026-12-07', '2026-12-07')).toBe(1);
    const rule = { ...base, type: { ...open, maxConsecutiveDays: 5 } };
    expect(leaveRuleViolation(rule)).toBeNull();
    expect(leaveRuleViolation({ ...rule, endDate: '2026-12-12' })).toMatchObject({ code: 'too_many_consecutive_days', field: 'endDate', message: expect.stringContaining('spans 6') });
  });

  test('blackouts: a parent department closes its sub-departments; sharing one day is enough; HR may still record', () => {
    expect(leaveRuleViolation({ ...base, blackouts: [release] })).toMatchObject({ code: 'blackout_period', message: expect.stringContaining('Release week') });
    expect(leaveRuleViolation({ ...base, endDate: '2026-12-09', blackouts: [release] })).toBeNull();
    expect(leaveRuleViolation({ ...base, departmentAndAbove: new Set(['dep_other']), blackouts: [release] })).toBeNull();
    expect(leaveRuleViolation({ ...base, departmentAndAbove: new Set(), blackouts: [{ ...release, appliesTo: { scope: 'company' } }] })?.code).toBe('blackout_period');
    expect(leaveRuleViolation({ ...base, blackouts: [release], byHr: true })).toBeNull();
  });

  test('blackouts close every tracked type unless they name types; untracked (sick) leave is never planned around them', () => {
    const sick = { ...open, id: 'ltp_sick', tracked: false };
    expect(blackoutApplies(release, { ...base, type: sick })).toBe(false);
    expect(blackoutApplies({ ...release, leaveTypeIds: ['ltp_other'] }, base)).toBe(false);
    expect(blackoutApplies({ ...release, leaveTypeIds: ['ltp_a'] }, base)).toBe(true);
  });
});
