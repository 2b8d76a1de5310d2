/**
 * Spreadsheet-safe CSV cells. A cell that starts like a formula is written with a quote in
 * front, so that a name such as `=HYPERLINK(...)` (or a phone number `+49 30 …`) is shown as
 * text, not run, when the file is opened in a spreadsheet; the import takes the quote off
 * again, so that an exported file imports back unchanged. A value that itself starts with a
 * quote gets one more, so the two are exact inverses.
 */
const formulaStart = /^[=+\-@\t\r']/;

export const safeCell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return formulaStart.test(s) ? `'${s}` : s;
};

export const unquoteCell = (v: unknown): unknown => (typeof v === 'string' && v.startsWith("'") && formulaStart.test(v.slice(1)) ? v.slice(1) : v);
