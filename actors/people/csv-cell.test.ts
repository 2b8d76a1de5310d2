import { describe, expect, test } from 'bun:test';
import fc from 'fast-check';
import { safeCell, unquoteCell } from './csv-cell';

describe('CSV cells', () => {
  test('a cell that starts like a formula is quoted', () => {
    expect(['=SUM(A1)', '+49 30 1234567', '-lead-', '@me', '\tx', 'Ann', "'=x"].map(safeCell)).toEqual(["'=SUM(A1)", "'+49 30 1234567", "'-lead-", "'@me", "'\tx", 'Ann', "''=x"]);
    expect([null, undefined, 3].map(safeCell)).toEqual(['', '', '3']);
  });

  test('the import undoes exactly what the export did, for any text (fixed seed)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('=', '+', '-', '@', "'", '\t', 'a', ' ', '1') }), (s) => {
        expect(unquoteCell(safeCell(s))).toBe(s);
      }),
      { seed: 20261201, numRuns: 500 },
    );
  });

  test('a quote typed by hand before ordinary text is kept', () => {
    expect(unquoteCell("'abc")).toBe("'abc");
  });
});
