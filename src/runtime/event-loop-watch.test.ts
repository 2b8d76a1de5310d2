import { expect, test } from 'bun:test';
import type { Logger } from '../log';
import { watchEventLoop } from './event-loop-watch';

test('a loop held past the threshold is one warning with how long; a free loop is none', async () => {
  const warnings: { msg: string; fields?: Record<string, unknown> }[] = [];
  const log = { warn: (msg: string, fields?: Record<string, unknown>) => void warnings.push({ msg, fields }) } as unknown as Logger;
  const watch = watchEventLoop(log, 200, 20);
  await Bun.sleep(150);
  expect(warnings).toEqual([]);
  const until = performance.now() + 400;
  while (performance.now() < until) {
    // held, as a synchronous disk call would hold it
  }
  await Bun.sleep(60);
  watch.stop();
  expect(warnings).toHaveLength(1);
  expect(warnings[0]!.msg).toBe('event loop held');
  expect(warnings[0]!.fields!.ms as number).toBeGreaterThanOrEqual(300);
});
