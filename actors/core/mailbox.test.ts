import { expect, test } from 'bun:test';
import { Mailbox, type Outcome } from './mailbox';

test('a queue that refills while each batch commits still lets timers and sockets in between batches', async () => {
  // Each batch works 2 ms synchronously (as a synchronous SQLite driver does) and awaits only
  // microtasks; while it commits, the next command arrives (a job of steps whose next step is
  // due at once, a retry another chain schedules), so the queue is never empty when it ends.
  let last: Promise<number> | undefined;
  const mailbox: Mailbox<number, number> = new Mailbox(async (items): Promise<Outcome<number>[]> => {
    const until = performance.now() + 2;
    while (performance.now() < until) {
      // working
    }
    const step = items[items.length - 1]!;
    if (step < 150) last = mailbox.post(step + 1);
    await Promise.resolve();
    return items.map((value) => ({ ok: true, value }));
  });
  let ticks = 0;
  const timer = setInterval(() => ticks++, 5);
  const started = performance.now();
  await mailbox.post(0);
  while ((await last) !== 150);
  const ms = performance.now() - started;
  clearInterval(timer);
  // 150 batches of 2 ms: a timer every 5 ms fires about ms / 5 times when the loop turns
  // between batches, and not at all when the batches run back to back.
  expect(ms).toBeGreaterThan(200);
  expect(ticks).toBeGreaterThan(ms / 5 / 3);
});
