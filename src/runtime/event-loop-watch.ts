import type { Logger } from '../log';

/**
 * Warns when this process's event loop was held longer than `thresholdMs`. SQLite runs on the
 * main thread, so a long synchronous stretch (a disk that stalls, batches run back to back)
 * holds everything, lease renewals included: a worker whose loop is held past its lease margin
 * loses every lease at once, and this line says why. (It found the mailbox running batches
 * without yielding while two chains of timers kept its queue full: 3.7-5.3 s, see mailbox.ts.)
 */
export function watchEventLoop(log: Logger, thresholdMs: number, periodMs = 100): { stop(): void } {
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const held = now - last - periodMs;
    last = now;
    if (held > thresholdMs) log.warn('event loop held', { ms: Math.round(held) });
  }, periodMs);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}
