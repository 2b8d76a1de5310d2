import { z } from 'zod';
import { notFound } from '../core/errors';
import { everyone } from '../core/principal';
import { idOf } from '../core/text';
import { tenantMessage } from '../tenant/context';
import type { EmployeeRow } from './people.sql.ts';
import { directoryView } from './view';

type Node = ReturnType<typeof directoryView> & { reportCount: number; reports: Node[] };

/**
 * The reporting tree from one employee, or from the top (everyone without a manager), to a
 * depth. It shows current staff in the directory view, which everyone may see.
 */
export const orgChart = tenantMessage.query({
  type: 'people.orgChart',
  access: everyone,
  input: z.strictObject({ root: idOf('emp').optional(), depth: z.coerce.number().int().min(1).max(20).default(3) }),
  route: { method: 'GET', path: '/v1/org-chart', summary: 'The reporting tree from an employee or from the top' },
  handler: ({ root, depth }, { state }) => {
    const current = [...state.people.employees.values()].filter((e) => e.status !== 'terminated');
    const children = new Map<string | null, EmployeeRow[]>();
    for (const e of current) {
      const key = e.managerId && state.people.employees.get(e.managerId)?.status !== 'terminated' ? e.managerId : null;
      children.set(key, [...(children.get(key) ?? []), e]);
    }
    const byName = (a: EmployeeRow, b: EmployeeRow) => a.lastName.localeCompare(b.lastName) || a.id.localeCompare(b.id);
    const node = (e: EmployeeRow, left: number): Node => {
      const below = (children.get(e.id) ?? []).sort(byName);
      return { ...directoryView(state, e), reportCount: below.length, reports: left > 1 ? below.map((c) => node(c, left - 1)) : [] };
    };
    if (root) {
      const top = state.people.employees.get(root);
      if (!top || top.status === 'terminated') throw notFound('The employee');
      return { items: [node(top, depth)] };
    }
    return { items: (children.get(null) ?? []).sort(byName).map((e) => node(e, depth)) };
  },
});

