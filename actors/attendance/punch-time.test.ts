import { describe, expect, test } from 'bun:test';
import { clockSkewMs, punchTime } from './punch-time';

const now = new Date('2026-12-01T09:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('punch time', () => {
  test('self-service: the server stamps the punch; a device time within the skew is kept for the record', () => {
    expect(punchTime({ trusted: false, clientAt: undefined, now })).toEqual({ at: now, clientAt: null });
    expect(punchTime({ trusted: false, clientAt: ago(90_000), now })).toEqual({ at: now, clientAt: '2026-12-01T08:58:30.000Z' });
    expect(punchTime({ trusted: false, clientAt: new Date(now.getTime() + 60_000), now })).toEqual({ at: now, clientAt: '2026-12-01T09:01:00.000Z' });
  });
  test('self-service: a device time further off is refused, not stored', () => {
    expect(punchTime({ trusted: false, clientAt: ago(clockSkewMs + 1000), now })).toMatchObject({ code: 'clock_skew' });
    expect(punchTime({ trusted: false, clientAt: ago(28 * 3_600_000), now })).toMatchObject({ code: 'clock_skew', message: expect.stringContaining('1680 minutes') });
    expect(punchTime({ trusted: false, clientAt: new Date(now.getTime() + clockSkewMs + 1000), now })).toMatchObject({ code: 'punch_in_future' });
  });
  test('HR for someone else, or a kiosk: the given time is the punch time, never in the future', () => {
    expect(punchTime({ trusted: true, clientAt: ago(86_400_000), now })).toEqual({ at: ago(86_400_000), clientAt: null });
    expect(punchTime({ trusted: true, clientAt: undefined, now })).toEqual({ at: now, clientAt: null });
    expect(punchTime({ trusted: true, clientAt: new Date(now.getTime() + 3_600_000), now })).toMatchObject({ code: 'punch_in_future' });
  });
  test('a kiosk replays its offline buffer up to 7 days back, no further', () => {
    expect(punchTime({ trusted: true, kiosk: true, clientAt: ago(6 * 86_400_000), now })).toEqual({ at: ago(6 * 86_400_000), clientAt: null });
    expect(punchTime({ trusted: true, kiosk: true, clientAt: ago(8 * 86_400_000), now })).toMatchObject({ code: 'kiosk_punch_too_old' });
    expect(punchTime({ trusted: true, clientAt: ago(8 * 86_400_000), now })).toEqual({ at: ago(8 * 86_400_000), clientAt: null });
  });
});
