/**
 * Resolves on the next turn of the event loop, after the I/O and timers that are ready: where a
 * runtime has no setImmediate (workerd), a zero timeout.
 */
export const nextTurn = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
