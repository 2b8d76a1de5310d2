import type { Logger } from '../log';

/**
 * Warns when this process's event loop was held longer than `thresholdMs`: SQLite runs on
 * the main thread, so a disk that stalls (or a long synchronous step) holds everything,
 * lease renewals included. A worker whose loop is held past its lease margin loses every
 * lease at once; this line says why. (Measured on a shared test machine: all three workers
 * held 1.6–1.7 s at the same instant, a disk stall, against a 2 s test lease.)
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
