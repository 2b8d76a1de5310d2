import { describe, expect, test } from 'bun:test';
import { maySee, tierOf } from './categories';

const hr = { all: true, self: 'emp_hr', reports: new Set<string>() };
const self = { all: false, self: 'emp_ann', reports: new Set<string>() };
const manager = { all: false, self: 'emp_boss', reports: new Set(['emp_ann']) };
const colleague = { all: false, self: 'emp_bob', reports: new Set<string>() };

describe('who sees a document', () => {
  test('an ID document is personal: HR and the employee, not the manager or a colleague', () => {
    expect(tierOf.id_document).toBe('personal');
    expect(maySee(hr, 'emp_ann', 'personal')).toBe(true);
    expect(maySee(self, 'emp_ann', 'personal')).toBe(true);
    expect(maySee(manager, 'emp_ann', 'personal')).toBe(false);
    expect(maySee(colleague, 'emp_ann', 'personal')).toBe(false);
  });

  test('a signed contract is employment: the manager too, still no colleague', () => {
    expect(tierOf.contract).toBe('employment');
    expect(maySee(manager, 'emp_ann', 'employment')).toBe(true);
    expect(maySee(colleague, 'emp_ann', 'employment')).toBe(false);
    expect(maySee(manager, 'emp_bob', 'employment')).toBe(false);
  });

  test('a sick note and a work permit are personal', () => {
    expect(tierOf.sick_note).toBe('personal');
    expect(tierOf.work_permit).toBe('personal');
  });
});
