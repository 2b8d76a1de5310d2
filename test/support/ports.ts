import { freePort } from '../../bench/process';

/**
 * Starts something on a free loopback port, trying another port if it fails. A port found
 * free is closed again before the child binds it, so another process (another test run on
 * this machine) may take it in between; the child then fails to listen and exits, and
 * `start` throws: that is the case retried here.
 */
export async function onFreePort<T>(start: (port: number) => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    const port = await freePort();
    try {
      return await start(port);
    } catch (e) {
      if (i >= attempts) throw e;
    }
  }
}
