import { describe, expect, test } from 'bun:test';
import { rollUp, type DepartmentNode } from './headcount';

const tree = (...rows: [string, string | null][]) => new Map<string, DepartmentNode>(rows.map(([id, parentId]) => [id, { id, name: id, parentId }]));

describe('headcount roll-up', () => {
  test('a parent counts its own people and everyone below it', () => {
    // Engineering 1 direct; Backend 2 and Frontend 2 under it; Platform 1 under Backend.
    // Backend's subtree: 2 + 1 = 3; Engineering's: 1 + 3 + 2 = 6. Sales (1) stands alone.
    const departments = tree(['eng', null], ['backend', 'eng'], ['platform', 'backend'], ['frontend', 'eng'], ['sales', null], ['empty', 'eng']);
    const items = rollUp(departments, new Map<string | null, number>([['eng', 1], ['backend', 2], ['platform', 1], ['frontend', 2], ['sales', 1], [null, 1]]));
    // Depth first, siblings by size, the people without a department last.
    expect(items.map((i) => [i.id, i.count, i.subtreeCount])).toEqual([
      ['eng', 1, 6],
      ['backend', 2, 3],
      ['platform', 1, 1],
      ['frontend', 2, 2],
      ['sales', 1, 1],
      [null, 1, 1],
    ]);
  });

  test('a department with nobody of its own still appears when people sit below it', () => {
    const items = rollUp(tree(['eng', null], ['backend', 'eng']), new Map([['backend', 4]]));
    expect(items.map((i) => [i.id, i.parentId, i.count, i.subtreeCount])).toEqual([
      ['eng', null, 0, 4],
      ['backend', 'eng', 4, 4],
    ]);
  });

  test('the roots and the people without a department add up to everyone, whatever the tree', () => {
    const departments = tree(['a', null], ['b', 'a'], ['c', 'b'], ['d', null], ['e', 'd']);
    const direct = new Map<string | null, number>([['a', 3], ['b', 5], ['c', 7], ['e', 11], [null, 2]]);
    const items = rollUp(departments, direct);
    const roots = items.filter((i) => i.parentId === null);
    expect(roots.reduce((n, i) => n + i.subtreeCount, 0)).toBe(3 + 5 + 7 + 11 + 2);
    expect(items.reduce((n, i) => n + i.count, 0)).toBe(28);
  });

  test('a cycle in the data cannot loop forever', () => {
    const items = rollUp(tree(['a', 'b'], ['b', 'a']), new Map([['a', 1]]));
    expect(items.map((i) => [i.id, i.subtreeCount]).sort()).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
  });
});
