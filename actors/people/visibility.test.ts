import { describe, expect, test } from 'bun:test';
import type { TenantState } from '../tenant/context';
import type { EmployeeRow } from './people.sql.ts';
import { historyAt } from './view';
import { reportsOf, seesEmployment, visibilityOf, type Viewer } from './visibility';

const person = (id: string, managerId: string | null, status: EmployeeRow['status'] = 'active') => ({ id, managerId, status }) as EmployeeRow;
const stateOf = (...people: EmployeeRow[]) => ({ people: { employees: new Map(people.map((p) => [p.id, p])) } }) as unknown as TenantState;

// boss ← mid ← low; boss ← gone (left) ← stranded; other stands apart.
const people = [person('boss', null), person('mid', 'boss'), person('low', 'mid'), person('gone', 'boss', 'terminated'), person('stranded', 'gone'), person('other', null)];
const state = stateOf(...people);
const byId = new Map(people.map((p) => [p.id, p]));
const viewer = (o: Partial<Viewer>): Viewer => ({ all: false, self: undefined, reports: new Set(), ...o });

describe('visibility', () => {
  test('reports are the current staff below, walked through current staff only', () => {
    expect([...reportsOf(state, 'boss')].sort()).toEqual(['low', 'mid']);
    expect([...reportsOf(state, 'mid')]).toEqual(['low']);
    expect([...reportsOf(state, 'low')]).toEqual([]);
  });

  test('each viewer gets one level per person', () => {
    const manager = viewer({ self: 'boss', reports: reportsOf(state, 'boss') });
    const levels = (v: Viewer) => Object.fromEntries(people.map((p) => [p.id, visibilityOf(v, p)]));
    expect(levels(manager)).toEqual({ boss: 'full', mid: 'employment', low: 'employment', gone: 'none', stranded: 'directory', other: 'directory' });
    expect(levels(viewer({ all: true }))).toEqual({ boss: 'full', mid: 'full', low: 'full', gone: 'full', stranded: 'full', other: 'full' });
    expect(levels(viewer({ self: 'gone' }))).toEqual({ boss: 'directory', mid: 'directory', low: 'directory', gone: 'full', stranded: 'directory', other: 'directory' });
    expect(levels(viewer({}))).toEqual({ boss: 'directory', mid: 'directory', low: 'directory', gone: 'none', stranded: 'directory', other: 'directory' });
  });

  test('employment data (balances, requests, attendance) follows the same rule', () => {
    const manager = viewer({ self: 'boss', reports: reportsOf(state, 'boss') });
    expect(people.filter((p) => seesEmployment(manager, p)).map((p) => p.id)).toEqual(['boss', 'mid', 'low']);
    expect(seesEmployment(viewer({ all: true }), byId.get('gone'))).toBe(true);
    expect(seesEmployment(viewer({ all: true }), undefined)).toBe(false);
  });

  test('below the full view a history row loses the termination reason, in its changes and its own reason', () => {
    const termination = { type: 'termination', reason: 'Confidential' as string | null, changes: { status: 'terminated' as const, terminationDate: '2026-01-31', terminationReason: 'Confidential' } };
    expect(historyAt(termination, 'full')).toEqual(termination);
    expect(historyAt(termination, 'employment')).toEqual({ type: 'termination', reason: null, changes: { status: 'terminated', terminationDate: '2026-01-31' } });
    const transfer = { type: 'transfer', reason: 'Reorganisation', changes: { departmentId: 'dep_1' } };
    expect(historyAt(transfer, 'employment')).toEqual(transfer);
  });
});
