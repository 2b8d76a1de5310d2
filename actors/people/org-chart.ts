import { z } from 'zod';
import { notFound } from '../core/errors';
import { everyone } from '../core/principal';
import { idOf } from '../core/text';
import { tenantMessage } from '../tenant/context';
import type { EmployeeRow } from './people.sql.ts';
import { listOf } from '../core/reply';
import { directoryView, directoryViewSchema } from './view';

type Node = ReturnType<typeof directoryView> & { reportCount: number; reports: Node[] };

/*
 * A node of the tree. Its reports are nodes of the same shape; they are described one level
 * deep (a recursive schema would need a $ref the inline OpenAPI schemas cannot carry).
 */
const nodeShape = { ...directoryViewSchema.shape, reportCount: z.number().int().min(0).describe('Direct reports, whether or not shown') };
const nodeSchema = z.strictObject({
  ...nodeShape,
  reports: z.array(z.looseObject(nodeShape).describe('A direct report: a node like this one, with its own `reports`')).describe('Empty below the depth asked'),
}).meta({ id: 'OrgChartNode' });

/**
 * The reporting tree from one employee, or from the top (everyone without a manager), to a
 * depth. It shows current staff in the directory view, which everyone may see.
 */
export const orgChart = tenantMessage.query({
  type: 'people.orgChart',
  access: everyone,
  input: z.strictObject({ root: idOf('emp').optional(), depth: z.coerce.number().int().min(1).max(20).default(3) }),
  output: listOf(nodeSchema),
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

