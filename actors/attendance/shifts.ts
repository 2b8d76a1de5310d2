/**
 * Punches pair into shifts: an `in`, then the `out` that closes it. Kept pure (no database,
 * no clock) so the night-shift and DST cases are unit-tested directly.
 */
export interface PunchLike {
  id: string;
  kind: 'in' | 'out';
  /** UTC ISO instant. */
  at: string;
  workDate: string;
}

export interface Shift {
  inId: string;
  in: string;
  outId: string | null;
  out: string | null;
  /** Real elapsed minutes (instants, not wall clocks: a DST night is 7 or 9 hours); null while open. */
  minutes: number | null;
}

const byInstant = (a: PunchLike, b: PunchLike) => Date.parse(a.at) - Date.parse(b.at);

export const minutesBetween = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / 60_000);

/** The shifts of a list of punches (any order). A valid sequence alternates in, out, in, …; see `sequenceError`. */
export function shiftsOf(punches: readonly PunchLike[]): Shift[] {
  const shifts: Shift[] = [];
  let open: PunchLike | undefined;
  for (const p of [...punches].sort(byInstant)) {
    if (p.kind === 'in') {
      open = p;
      shifts.push({ inId: p.id, in: p.at, outId: null, out: null, minutes: null });
    } else if (open) {
      const shift = shifts[shifts.length - 1]!;
      shift.outId = p.id;
      shift.out = p.at;
      shift.minutes = minutesBetween(open.at, p.at);
      open = undefined;
    }
  }
  return shifts;
}

/**
 * Why a day's punches (after a correction) cannot stand, or null when they can. The day's
 * block must alternate in/out starting with an in, strictly in time order, and sit between
 * the employee's other punches without interleaving: the punch before it closes a shift,
 * and if anything follows, the block ends closed and before it.
 */
export function sequenceError(block: readonly PunchLike[], before: PunchLike | undefined, after: PunchLike | undefined): string | null {
  const sorted = [...block].sort(byInstant);
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i]!.kind !== (i % 2 === 0 ? 'in' : 'out')) return 'invalid_punch_sequence';
    if (i > 0 && sorted[i]!.at === sorted[i - 1]!.at) return 'invalid_punch_sequence';
  }
  if (sorted.length === 0) return null;
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  if (before && (before.kind !== 'out' || Date.parse(before.at) >= Date.parse(first.at))) return 'overlaps_other_shift';
  if (after && (last.kind !== 'out' || Date.parse(after.at) <= Date.parse(last.at))) return 'overlaps_other_shift';
  return null;
}
