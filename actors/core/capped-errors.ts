/** A field error as errors.ts declares it (named structurally here: errors.ts imports this file). */
type FieldError = { field: string; message: string };

/** At most this many fields are reported, each name and message at most `maxText` characters. */
export const maxReportedErrors = 20;
const maxText = 300;

/**
 * A body of a hundred thousand unknown keys would otherwise get an answer larger than the
 * request (and, between a worker and a gateway, larger than a bus message): the first
 * fields are enough to fix a request, and a last entry says how many more there were.
 */
export function capFieldErrors(errors: readonly FieldError[]): FieldError[] {
  const clip = (s: string) => (s.length > maxText ? `${s.slice(0, maxText - 1)}…` : s);
  const shown = errors.slice(0, maxReportedErrors).map((x) => ({ field: clip(x.field), message: clip(x.message) }));
  if (errors.length > maxReportedErrors) {
    shown.push({ field: '(more)', message: `${errors.length - maxReportedErrors} more fields are not valid.` });
  }
  return shown;
}
