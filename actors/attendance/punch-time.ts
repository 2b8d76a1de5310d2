/**
 * When a punch happened. A self-service punch (an employee clocking themself, HR included)
 * is stamped with the server's time: the device's clock is what the employee controls, so
 * it is only evidence. A device time within `clockSkewMs` of the server's (a phone whose
 * clock drifts, a request that sat in a queue) is accepted and kept beside the punch as
 * `clientAt`; further off, the punch is refused naming `at`, so a wrong clock or a replayed
 * "yesterday 05:00" never becomes a record. Only a trusted recorder (HR for someone else, a
 * kiosk key) sets another time: the time it gives is the punch's, never in the future. A
 * kiosk replays what it buffered while offline, at most `kioskBufferMs` back (a long weekend):
 * a stolen kiosk key cannot write last year's attendance; HR corrects older days.
 */
export const clockSkewMs = 2 * 60_000;
export const kioskBufferMs = 7 * 86_400_000;

export interface PunchTimeInput {
  /** HR punching for someone else, or a kiosk key. */
  trusted: boolean;
  kiosk?: boolean;
  /** The time the client sent, if any. */
  clientAt: Date | undefined;
  now: Date;
}

export type PunchTime = { at: Date; clientAt: string | null } | { code: 'punch_in_future' | 'clock_skew' | 'kiosk_punch_too_old'; message: string };

export function punchTime({ trusted, kiosk, clientAt, now }: PunchTimeInput): PunchTime {
  if (clientAt && clientAt.getTime() > now.getTime() + clockSkewMs) return { code: 'punch_in_future', message: 'A punch cannot be in the future.' };
  if (kiosk && clientAt && now.getTime() - clientAt.getTime() > kioskBufferMs) {
    return { code: 'kiosk_punch_too_old', message: `A kiosk records punches at most ${kioskBufferMs / 86_400_000} days back; HR corrects older days.` };
  }
  if (trusted) return { at: clientAt ?? now, clientAt: null };
  if (clientAt && now.getTime() - clientAt.getTime() > clockSkewMs) {
    const minutes = Math.round((now.getTime() - clientAt.getTime()) / 60_000);
    return {
      code: 'clock_skew',
      message: `The punch time is ${minutes} minutes behind the server's; a punch is stamped with the server's time (a device may be off by up to ${clockSkewMs / 60_000} minutes). Ask HR to record a punch at another time.`,
    };
  }
  return { at: now, clientAt: clientAt ? clientAt.toISOString() : null };
}
