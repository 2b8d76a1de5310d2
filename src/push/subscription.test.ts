import { describe, expect, test } from 'bun:test';
import type { PublishedEvent } from '../../actors/core/event';
import { AppError } from '../../actors/core/errors';
import type { Listener } from '../../actors/push/listener';
import { Subscription, clientEvent, type ClientEvent, type StreamEnd } from './subscription';

const hr: Listener = { all: true, keys: ['usr_hr', 'emp_hr'], standing: ['usr_hr', 'emp_hr'] };
const employee: Listener = { all: false, keys: ['usr_hr', 'emp_hr'], standing: ['usr_hr', 'emp_hr'] };

let seq = 0;
const event = (type: string, subject: string, audience?: string[], data: unknown = {}): PublishedEvent => ({
  seq: ++seq,
  type,
  subject,
  data,
  at: '2026-12-01T00:00:00.000Z',
  requestId: 'r',
  ...(audience ? { audience } : {}),
});

/** A subscription over a fixed log, recording what the client received and how it ended. */
function harness(o: { log?: PublishedEvent[]; listener?: Listener; review?: () => Promise<Listener> } = {}) {
  const sent: ClientEvent[] = [];
  const ended: StreamEnd[] = [];
  let reviews = 0;
  const sub = new Subscription({
    streamId: 'stm_1',
    listener: o.listener ?? hr,
    lastSent: 0,
    page: async (after) => (o.log ?? []).filter((e) => e.seq > after).map(clientEvent),
    review: async () => {
      reviews++;
      return (o.review ?? (async () => o.listener ?? hr))();
    },
    deliver: (e) => (sent.push(e), true),
    overflow: () => {},
    end: (e) => ended.push(e),
  });
  return { sub, sent, ended, reviews: () => reviews };
}

const settle = () => Bun.sleep(5);

describe('push subscription', () => {
  test('replays the log, then the live events held meanwhile, each once and in order', async () => {
    const log = [event('employee.created', 'emp_1'), event('employee.created', 'emp_2')];
    const h = harness({ log });
    const live = event('employee.created', 'emp_3');
    h.sub.offer([live, log[1]!]);
    await h.sub.replay();
    h.sub.offer([live]);
    await settle();
    expect(h.sent.map((e) => e.subject)).toEqual(['emp_1', 'emp_2', 'emp_3']);
  });

  test('a fact naming the principal holds everything after it until the tenant has answered, then filters with the answer', async () => {
    let answer!: (l: Listener) => void;
    const h = harness({ review: () => new Promise((resolve) => (answer = resolve)) });
    await h.sub.replay();
    const demoted = event('user.role_changed', 'usr_hr', ['usr_hr']);
    const colleague = event('employee.created', 'emp_other', ['emp_other']);
    const own = event('employee.updated', 'emp_hr', ['emp_hr', 'usr_hr']);
    h.sub.offer([demoted, colleague, own]);
    await settle();
    // The change itself went out under the old standing; nothing after it yet.
    expect(h.sent.map((e) => e.subject)).toEqual(['usr_hr']);
    answer(employee);
    await settle();
    expect(h.sent.map((e) => e.subject)).toEqual(['usr_hr', 'emp_hr']);
    expect(h.ended).toEqual([]);
  });

  test('facts about someone else, or of other contexts, are not reviewed', async () => {
    const h = harness();
    await h.sub.replay();
    h.sub.offer([event('user.role_changed', 'usr_other', ['usr_other']), event('timeoff.request_submitted', 'usr_hr', ['usr_hr'])]);
    await settle();
    expect(h.reviews()).toBe(0);
    expect(h.sent).toHaveLength(2);
  });

  test('a principal the tenant refuses ends the stream with the reason, and hears nothing more', async () => {
    const h = harness({ review: async () => Promise.reject(new AppError(401, 'session_revoked', 'This user is no longer active.')) });
    await h.sub.replay();
    h.sub.offer([event('user.deactivated', 'usr_hr'), event('employee.created', 'emp_9')]);
    await settle();
    expect(h.ended).toEqual([{ code: 'session_revoked', detail: 'This user is no longer active.', status: 401 }]);
    expect(h.sent.map((e) => e.type)).toEqual(['user.deactivated']);
    h.sub.offer([event('employee.created', 'emp_10')]);
    await settle();
    expect(h.sent).toHaveLength(1);
  });

  test('a principal refused while the log is replayed (a socket woken after it was revoked) ends the same way', async () => {
    const ended: StreamEnd[] = [];
    const sub = new Subscription({
      streamId: 'stm_1',
      listener: hr,
      lastSent: 0,
      page: async () => Promise.reject(new AppError(401, 'invalid_api_key', 'The API key is not valid.')),
      review: async () => hr,
      deliver: () => true,
      overflow: () => {},
      end: (e) => ended.push(e),
    });
    await sub.replay();
    expect(ended.map((e) => e.code)).toEqual(['invalid_api_key']);
    expect(sub.isStopped).toBe(true);
  });

  test('a failed check ends the stream too (fail closed); the client reconnects and is checked again', async () => {
    const h = harness({ review: async () => Promise.reject(new Error('timeout')) });
    await h.sub.replay();
    h.sub.offer([event('api_key.revoked', 'usr_hr')]);
    await settle();
    expect(h.ended.map((e) => e.code)).toEqual(['review_failed']);
  });

  test('the tenant closing this stream (too many open) ends it; closing another does not', async () => {
    const h = harness();
    await h.sub.replay();
    const detail = 'At most 5 streams per principal; this one was the oldest.';
    h.sub.offer([event('internal.stream_closed', 'stm_2', undefined, { streamId: 'stm_2', code: 'too_many_streams', detail })]);
    await settle();
    expect(h.ended).toEqual([]);
    h.sub.offer([event('internal.stream_closed', 'stm_1', undefined, { streamId: 'stm_1', code: 'too_many_streams', detail })]);
    await settle();
    expect(h.ended).toEqual([{ code: 'too_many_streams', detail, status: 429 }]);
    expect(h.sent).toEqual([]);
  });
});
