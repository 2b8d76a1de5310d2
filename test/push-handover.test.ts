import { describe, expect, test } from 'bun:test';
import type { PublishedEvent } from '../actors/core/event';
import { TenantFanout } from '../src/bus/tenant-feed';
import { Subscription, type ClientEvent } from '../src/push/subscription';

/**
 * The replay-to-live handover of a push subscription, with the tenant's log and its live
 * feed under the test's control: events committed while the replay is under way arrive live
 * in the middle of it. (Over HTTP that window is a fraction of a millisecond; here it is as
 * wide as the test makes it.)
 */
const event = (seq: number): PublishedEvent =>
  ({ seq, type: 'employee.created', subject: `e${seq}`, data: {}, audience: [], requestId: 'r', at: '2026-01-01T00:00:00.000Z' }) as never;
const asClient = (e: PublishedEvent): ClientEvent => ({ seq: e.seq, type: e.type, subject: e.subject, data: e.data, at: e.at });

async function subscriber(o: { log: PublishedEvent[]; after: number; duringReplay: (feed: TenantFanout) => void }) {
  const feed = new TenantFanout();
  const delivered: number[] = [];
  let replays = 0;
  const sub = new Subscription({
    streamId: 'str_test',
    listener: { all: true, keys: [], standing: [] },
    lastSent: o.after,
    page: async (after) => {
      // The log is read first (its snapshot), then more commits land before the page returns.
      const snapshot = o.log.filter((e) => e.seq > after).map(asClient);
      if (replays++ === 0) o.duringReplay(feed);
      await Bun.sleep(1);
      return snapshot;
    },
    review: async () => ({ all: true, keys: [], standing: [] }),
    deliver: (e) => {
      delivered.push(e.seq);
      return true;
    },
    overflow: () => {
      throw new Error('no overflow expected');
    },
    end: () => {
      throw new Error('no end expected');
    },
  });
  // As the SSE and WebSocket edges do: live events are offered from the start, then the replay runs.
  feed.subscribe('t', (events) => sub.offer(events));
  await sub.replay();
  return { feed, delivered, sub };
}

describe('push handover', () => {
  test('events committed during the replay are delivered after it: none lost, none twice, in order', async () => {
    const log = [1, 2, 3, 4].map(event);
    const { feed, delivered, sub } = await subscriber({
      log,
      after: 1,
      // 4 is in the replayed page and also arrives live; 5 and 6 only arrive live.
      duringReplay: (f) => f.deliver('t', [event(4), event(5), event(6)]),
    });
    expect(delivered).toEqual([2, 3, 4, 5, 6]);
    feed.deliver('t', [event(7)]);
    expect(delivered).toEqual([2, 3, 4, 5, 6, 7]);
    sub.stop();
  });

  test('a live event delivered again (a re-publish after a crash) is skipped', async () => {
    const { feed, delivered, sub } = await subscriber({ log: [event(1)], after: 0, duringReplay: () => undefined });
    feed.deliver('t', [event(2)]);
    feed.deliver('t', [event(1), event(2), event(3)]);
    expect(delivered).toEqual([1, 2, 3]);
    expect(sub.lastSent).toBe(3);
    sub.stop();
  });
});
