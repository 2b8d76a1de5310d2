/**
 * Headcount over the department tree. Each department gets its direct count (people whose
 * department it is) and its subtree count (itself and every department below it), so that
 * a parent's subtree count is its direct count plus its children's subtree counts, and the
 * roots' subtree counts plus the people without a department add up to the total.
 */
export interface DepartmentNode {
  id: string;
  name: string;
  parentId: string | null;
}

export interface HeadcountItem {
  id: string | null;
  name: string | null;
  parentId: string | null;
  /** People whose department (or location) this is. */
  count: number;
  /** People in this department or any below it; for locations, the same as `count`. */
  subtreeCount: number;
}

/** Direct counts by department id (null: no department), rolled up to every ancestor. */
export function rollUp(departments: ReadonlyMap<string, DepartmentNode>, direct: ReadonlyMap<string | null, number>): HeadcountItem[] {
  const items = new Map<string | null, HeadcountItem>();
  const slot = (id: string | null): HeadcountItem => {
    let item = items.get(id);
    if (!item) {
      const d = id === null ? undefined : departments.get(id);
      item = { id, name: d?.name ?? null, parentId: d?.parentId ?? null, count: 0, subtreeCount: 0 };
      items.set(id, item);
    }
    return item;
  };
  for (const [id, n] of direct) {
    if (n === 0) continue;
    slot(id).count += n;
    if (id === null) {
      slot(null).subtreeCount += n; // no department: no tree to climb
      continue;
    }
    // Up the tree, each ancestor once; the organisation refuses cycles, the set is a guard.
    const seen = new Set<string>();
    for (let at: string | null = id; at !== null && !seen.has(at); at = departments.get(at)?.parentId ?? null) {
      seen.add(at);
      slot(at).subtreeCount += n;
    }
  }
  return treeOrder([...items.values()]);
}

/** Larger groups first, then by name; the group of people without one last. */
export const bySize = (a: HeadcountItem, b: HeadcountItem) =>
  Number(a.id === null) - Number(b.id === null) || b.subtreeCount - a.subtreeCount || b.count - a.count || (a.name ?? '').localeCompare(b.name ?? '');

/** Depth first: each department followed by the departments below it, siblings by size. */
function treeOrder(items: HeadcountItem[]): HeadcountItem[] {
  const shown = new Set(items.map((i) => i.id));
  const children = new Map<string | null, HeadcountItem[]>();
  for (const i of items) {
    const parent = i.id !== null && i.parentId !== null && shown.has(i.parentId) ? i.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), i]);
  }
  const out: HeadcountItem[] = [];
  const placed = new Set<HeadcountItem>();
  const visit = (i: HeadcountItem) => {
    if (placed.has(i)) return;
    placed.add(i);
    out.push(i);
    if (i.id !== null) for (const c of (children.get(i.id) ?? []).sort(bySize)) visit(c);
  };
  for (const root of (children.get(null) ?? []).sort(bySize)) visit(root);
  for (const i of items) visit(i); // a cycle in the data: still listed, once
  return out;
}
